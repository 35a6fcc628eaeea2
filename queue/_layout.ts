// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of a queue's shared control array, laid out by who writes
// them: a FIFO queue's producers and consumers hold different mutexes
// (put and get), so each side's words have a cache line of their own, and
// the words both sides touch on every item (the count) one more. LIFO and
// priority queues take the put mutex for everything.
import { ValueError } from "../errors.ts";

/** Order of items: first in first out, last in first out, by priority. */
export const FIFO = 0;
export const LIFO = 1;
export const PRIORITY = 2;

// Read on every put or get, written rarely.
export const MAXSIZE = 0;
export const SHUTDOWN = 1;
/** Entries the index has room for (a power of two). */
export const SLOTS = 2;
/** Bytes in the arena (a power of two). */
export const ARENA = 3;
// Words 5 to 7: the waiters of the three conditions (see waitersOf()),
// written when a thread goes to sleep.

// The put side (the only side of LIFO and priority queues).
export const PUT_MUTEX = 16;
/** FIFO: the arena position where the next record goes. */
export const ARENA_TAIL = 18;
/** LIFO, priority: the arena's top and the bytes freed below it. */
export const TOP = 19;
export const FREED = 20;
/** Priority: the next insertion number. */
export const INSERTIONS = 21;
/** LIFO, priority: the puts so far (wraps as an int32). */
export const PUTS = 22;

// The get side of a FIFO queue.
export const GET_MUTEX = 32;
/** FIFO: the position of the oldest entry; stored once it is read. */
export const HEAD = 33;
/** FIFO: the arena position where the oldest record begins. */
export const ARENA_HEAD = 34;

/** LIFO, priority: the items in the queue. */
export const COUNT = 48;
/**
 * Tasks marked done (wraps as an int32). Python's unfinished_tasks is the
 * puts (Items.puts()) less these, so a put counts a task without a write
 * of its own.
 */
export const DONE = 64;
// The conditions' sequence words, which waiters sleep on.
export const NOT_EMPTY = 80;
export const NOT_FULL = 96;
export const ALL_DONE = 112;

/** The waiter count of the condition whose sequence word is `word`. */
export function waitersOf(word: number): number {
  return word >> 4;
}
/**
 * FIFO: the position of the next entry (wraps as an int32); stored once
 * the entry is in, which makes the item visible to gets. Gets that wait
 * for an item spin on it, so it has a line apart from the put mutex.
 */
export const TAIL = 128;
export const CONTROL_WORDS = 144;

/** The most bytes a queue holds at once: also its largest item. */
export const MAX_ARENA = 2 ** 30;
/** The most bytes of index. */
export const MAX_INDEX = 2 ** 30;
export const FIRST_SLOTS = 16;
export const FIRST_ARENA = 1024;
/** An index entry's length for an item that is an int32 in the entry. */
export const INLINE = -1;

/**
 * Where a queue's items live. `hasRoom`, `add` and `commit` run under the
 * put mutex; `hasItem`, `peekRecord` and `take` under the get mutex.
 */
export interface Items {
  readonly control: Int32Array;
  readonly indexBuffer: SharedArrayBuffer;
  readonly arenaBuffer: SharedArrayBuffer;
  /** Brings this thread's views up to date with growth elsewhere. */
  refresh(): void;
  /** How many items are in, from any thread. */
  size(): number;
  /** How many items were ever put (wrapping as an int32). */
  puts(): number;
  /** Whether fewer than `max` items are in. */
  hasRoom(max: number): boolean;
  /** Whether an item is in. */
  hasItem(): boolean;
  /** Writes an int32 `value`, or the record `bytes`, not yet visible. */
  add(value: number, bytes: Uint8Array | undefined): void;
  /** Makes the item add() wrote visible to gets. */
  commit(): void;
  /** The next item's record, a view valid while the mutex is held. */
  peekRecord(): Uint8Array | undefined;
  /** Removes the next item: an int32, or its record in a scratch buffer. */
  take(): number | Uint8Array;
}

/** The three buffers of a new queue, its control words set. */
export function newBuffers(entryWords: number): SharedArrayBuffer[] {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  control[SLOTS] = FIRST_SLOTS;
  control[ARENA] = FIRST_ARENA;
  return [
    control.buffer as SharedArrayBuffer,
    new SharedArrayBuffer(FIRST_SLOTS * entryWords * 4, {
      maxByteLength: MAX_INDEX,
    }),
    new SharedArrayBuffer(FIRST_ARENA, { maxByteLength: MAX_ARENA }),
  ];
}

/** The error for an index that cannot grow, before anything changed. */
export function tooMany(slots: number): ValueError {
  return new ValueError(
    `Cannot put item as the queue holds ${slots} items, its most`,
  );
}

let scratch = new Uint8Array(1024);

/**
 * Copies a record out of shared memory into a reused buffer of this
 * thread (slice() of a growable buffer's view costs a microsecond; a copy,
 * nanoseconds). Valid until the next call.
 */
export function copyOut(
  arena: Uint8Array,
  offset: number,
  length: number,
): Uint8Array {
  if (scratch.length < length) scratch = new Uint8Array(length * 2);
  scratch.set(arena.subarray(offset, offset + length));
  return scratch.subarray(0, length);
}

/** The error for a record that cannot fit, before anything changed. */
export function tooBig(length: number, live: number): ValueError {
  return new ValueError(
    `Cannot put item as its ${length} bytes do not fit: a queue holds at most ${MAX_ARENA} bytes of items, and ${live} are in use`,
  );
}
