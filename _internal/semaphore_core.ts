// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's Semaphore and BoundedSemaphore, written once over SharedWords:
// threading's keep their words in a SharedArrayBuffer, multiprocessing's in
// a segment.
import type { SharedWords } from "./shared_words.ts";
import { Deadline } from "./wait.ts";

const VALUE = 0; // the counter
const WAITERS = 1; // how many wait, so release() notifies only when needed
const BOUND = 2; // the initial value of a BoundedSemaphore; -1 for none
/** How many words a semaphore's state takes. */
export const SEMAPHORE_WORDS = 3;

const TRUE = Promise.resolve(true);

/**
 * A counter in `words.cells[0..2]`. Arguments come checked; timeouts are in
 * seconds (undefined: forever). `OverError` is the error of a release past
 * a BoundedSemaphore's bound (`_internal/` imports no public module).
 */
export class SemaphoreCore {
  readonly words: SharedWords;
  #OverError: new (message: string) => Error;

  /** Sets up new words: `value`, bounded by it when `bounded`. */
  static init(words: SharedWords, value: number, bounded: boolean): void {
    words.cells[VALUE] = value;
    words.cells[BOUND] = bounded ? value : -1;
  }

  constructor(words: SharedWords, OverError: new (message: string) => Error) {
    this.words = words;
    this.#OverError = OverError;
  }

  get value(): number {
    return Atomics.load(this.words.cells, VALUE);
  }

  /** A BoundedSemaphore's bound (its initial value); undefined if none. */
  get bound(): number | undefined {
    const bound = this.words.cells[BOUND]!;
    return bound < 0 ? undefined : bound;
  }

  /** Takes one if the counter is above 0. */
  tryAcquire(): boolean {
    const cells = this.words.cells;
    let value = Atomics.load(cells, VALUE);
    while (value > 0) {
      const seen = Atomics.compareExchange(cells, VALUE, value, value - 1);
      if (seen === value) return true;
      value = seen;
    }
    return false;
  }

  /** Takes one, waiting without blocking the thread while the counter is 0. */
  acquire(
    timeout: number | undefined,
    signal?: AbortSignal,
  ): Promise<boolean> {
    // Uncontended, nothing is allocated: one CAS, a shared promise.
    if (signal === undefined && this.tryAcquire()) return TRUE;
    return this.#acquire(timeout, signal);
  }

  async #acquire(
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    signal?.throwIfAborted();
    if (this.tryAcquire()) return true;
    const deadline = new Deadline(timeout);
    const words = this.words;
    Atomics.add(words.cells, WAITERS, 1);
    try {
      while (!this.tryAcquire()) {
        const left = deadline.remaining();
        if (left === 0) return false;
        await words.waitAsync(VALUE, 0, left, signal);
      }
      return true;
    } finally {
      Atomics.sub(words.cells, WAITERS, 1);
    }
  }

  /** Takes one, blocking the thread while the counter is 0. */
  acquireSync(timeout: number | undefined): boolean {
    if (this.tryAcquire()) return true;
    const deadline = new Deadline(timeout);
    const words = this.words;
    Atomics.add(words.cells, WAITERS, 1);
    try {
      while (!this.tryAcquire()) {
        const left = deadline.remaining();
        if (left === 0) return false;
        words.waitSync(VALUE, 0, left);
      }
      return true;
    } finally {
      Atomics.sub(words.cells, WAITERS, 1);
    }
  }

  /** Adds `n` (an integer >= 1) and wakes up to `n` waiters. */
  release(n: number): void {
    const cells = this.words.cells;
    const bound = cells[BOUND]!;
    if (bound < 0) {
      Atomics.add(cells, VALUE, n);
    } else {
      let value = Atomics.load(cells, VALUE);
      while (true) {
        if (value + n > bound) {
          throw new this.#OverError("Semaphore released too many times");
        }
        const seen = Atomics.compareExchange(cells, VALUE, value, value + n);
        if (seen === value) break;
        value = seen;
      }
    }
    if (Atomics.load(cells, WAITERS) > 0) this.words.notify(VALUE, n);
  }
}
