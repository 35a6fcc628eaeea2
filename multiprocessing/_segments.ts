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

/** A new segment of `bytes` (at least), its place at offset 0. */
export function newPlace(bytes: number): Place {
  const shm = new SharedMemory({ create: true, size: Math.max(8, bytes) });
  segment(shm.name, shm);
  return { segment: shm.name, offset: 0 };
}

/** `words` int32 cells at `place`, with the pointer futex calls take. */
export function cellsAt(
  place: Place,
  words: number,
): { cells: Int32Array; pointer: Deno.PointerValue } {
  const cells = new Int32Array(
    segment(place.segment).buf.buffer,
    place.offset,
    words,
  );
  return { cells, pointer: Deno.UnsafePointer.of(cells) };
}
