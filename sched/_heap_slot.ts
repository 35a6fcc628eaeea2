// Copyright 2026 the @skein/concurrent authors. MIT license.
// The scheduler keeps each Event's position in its heap inside the Event
// (a private field) so that cancel() is O(log n) without a lookup table.
// event.ts fills these accessors in a static block; scheduler.ts uses them.
import type { Event } from "./event.ts";

/** Reads and writes an Event's heap index; -1 means "in no heap". */
export interface HeapSlot {
  get(event: Event): number;
  set(event: Event, index: number): void;
}

/** Filled by event.ts when it loads. */
export const heapSlot: HeapSlot = {
  get(): number {
    throw new Error("sched/event.ts was not loaded");
  },
  set(): void {
    throw new Error("sched/event.ts was not loaded");
  },
};
