// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's Lock, written once over SharedWords: threading.Lock keeps its
// word in a SharedArrayBuffer, multiprocessing.Lock in a segment; a
// Barrier's or an RLock's mutex is one too. The mutex itself is ./futex.ts
// (Drepper's three-state word); this binds it to a memory's wait and wake.
import type { SharedWords } from "./shared_words.ts";
import {
  CONTENDED,
  lockAsync,
  lockSync,
  type Sleep,
  type SleepSync,
  tryLock,
  unlock,
  UNLOCKED,
} from "./futex.ts";

/** How many words a lock's state takes. */
export const LOCK_WORDS = 1;

/** The result of an acquire that took the lock at once, made once. */
export const TRUE: Promise<boolean> = Promise.resolve(true);

/**
 * A lock in `words.cells[index]`. Timeouts come checked, in seconds
 * (undefined: forever). The uncontended paths are one atomic operation
 * each and allocate nothing; only contention waits.
 */
export class LockCore {
  readonly words: SharedWords;
  readonly #cells: Int32Array;
  readonly #index: number;
  // Made once, so that waiting allocates no closure per call.
  readonly #sleepSync: SleepSync;
  readonly #sleep: Sleep;
  readonly #wake: () => void;

  constructor(words: SharedWords, index = 0) {
    this.words = words;
    this.#cells = words.cells;
    this.#index = index;
    this.#sleepSync = (left) => words.waitSync(index, CONTENDED, left);
    this.#sleep = (left, signal) =>
      words.waitAsync(index, CONTENDED, left, signal);
    this.#wake = () => words.notify(index, 1);
  }

  /** Takes the lock if it is free (Python's `acquire(blocking=False)`). */
  tryAcquire(): boolean {
    return tryLock(this.#cells, this.#index);
  }

  /** Takes the lock, blocking the thread; whether it was taken in time. */
  acquireSync(timeout: number | undefined): boolean {
    return lockSync(this.#cells, this.#index, timeout, this.#sleepSync);
  }

  /**
   * Takes the lock without blocking the thread; whether it was taken in
   * time. `onLocked` runs in the turn that takes it (./futex.ts lockAsync),
   * for state a same-thread caller must see at once (an RLock's owner).
   */
  acquire(
    timeout: number | undefined,
    signal?: AbortSignal,
    onLocked?: () => void,
  ): Promise<boolean> {
    // Uncontended, nothing is allocated: one CAS, a shared promise.
    if (onLocked === undefined && this.tryAcquire()) return TRUE;
    return lockAsync(
      this.#cells,
      this.#index,
      timeout,
      signal,
      onLocked,
      this.#sleep,
    );
  }

  /**
   * Takes the lock and runs `critical` in the same turn, which must release
   * it before it returns or throws (./futex.ts withLockAsync): for a short
   * critical section that async and sync methods of one thread share.
   */
  async withLock<T>(critical: () => T): Promise<T> {
    let result: { value: T } | undefined;
    await this.acquire(undefined, undefined, () => {
      result = { value: critical() };
    });
    return result!.value;
  }

  /**
   * Frees the lock and wakes one waiter, if any. Returns false, changing
   * nothing, if it was not locked (each class raises its own error).
   */
  release(): boolean {
    return unlock(this.#cells, this.#index, this.#wake);
  }

  /** Whether the lock is held. */
  locked(): boolean {
    return Atomics.load(this.#cells, this.#index) !== UNLOCKED;
  }
}
