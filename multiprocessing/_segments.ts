// Copyright 2026 the @skein/concurrent authors. MIT license.
// The shared memory segments of locks and values, mapped once per process.
import { SharedMemory } from "./shared_memory/shared_memory.ts";

/** Where something lives: a segment's name and a byte offset in it. */
export interface Place {
  readonly segment: string;
  readonly offset: number;
}

const attached = new Map<string, SharedMemory>();

/**
 * The segment `name` in this process: `owned` if this process made it,
 * else attached on first use (and kept mapped).
 */
export function segment(name: string, owned?: SharedMemory): SharedMemory {
  let shm = attached.get(name);
  if (shm === undefined) {
    shm = owned ?? new SharedMemory({ name });
    attached.set(name, shm);
  }
  return shm;
}

let adopting: Place | undefined;

/** The place a constructor called through withPlace() adopts. */
export function adoptedPlace(): Place | undefined {
  return adopting;
}

/** Runs `make` (a constructor call) so that it adopts `place`. */
export function withPlace<T>(place: Place, make: () => T): T {
  adopting = place;
  try {
    return make();
  } finally {
    adopting = undefined;
  }
}
