// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of shared memory a synchronization primitive keeps its state
// in, and how it waits on them: one interface, two memories. A primitive's
// algorithm is written once against it; threading's classes give it
// SabWords (a SharedArrayBuffer, Atomics.wait), multiprocessing's give it
// SegmentWords (a mapped shared memory segment, Linux's futex).

/**
 * int32 words of shared memory and the wait/notify a primitive needs on
 * them. The atomic operations (load, store, exchange, compareExchange, add)
 * are `Atomics.*` on `cells`: they work on either memory; only waiting and
 * waking differ.
 */
export interface SharedWords {
  /** The words. */
  readonly cells: Int32Array;
  /**
   * Blocks the thread while `cells[index]` holds `expected`, until notified
   * or `timeout` seconds pass (undefined: forever).
   */
  waitSync(index: number, expected: number, timeout?: number): void;
  /**
   * waitSync() without blocking the thread. With a `signal`, rejects with
   * its reason when it aborts.
   */
  waitAsync(
    index: number,
    expected: number,
    timeout?: number,
    signal?: AbortSignal,
  ): Promise<unknown>;
  /** Wakes up to `count` waiters on `cells[index]` (all by default). */
  notify(index: number, count?: number): void;
}
