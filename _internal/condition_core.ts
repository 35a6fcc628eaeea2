// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's threading.Condition, written once over SharedWords: threading's
// Condition keeps its waiters in a SharedArrayBuffer, multiprocessing's in
// a segment. The lock is the caller's (a Lock or an RLock of either module),
// seen through ConditionLock.
//
// The waiters: a FIFO ring of slot numbers, a stack of free slots, and one
// futex word per slot that notify() sets to 1. Every change to the ring and
// the stack is made while holding the condition's lock, so only the slot
// words need atomics.
import type { SharedWords } from "./shared_words.ts";
import { Deadline } from "./wait.ts";
import { describe } from "./describe.ts";

/** How many can wait on one condition at once. */
export const MAX_WAITERS = 1024;
const HEAD = 0;
const COUNT = 1;
const FREE = 2; // how many free slots are on the stack
const RING = 3;
const STACK = RING + MAX_WAITERS;
const SLOTS = STACK + MAX_WAITERS;
/** How many words a condition's state takes. */
export const CONDITION_WORDS = SLOTS + MAX_WAITERS;

/**
 * What a condition needs of its lock, as Python's `_is_owned`,
 * `_release_save` and `_acquire_restore`.
 */
export interface ConditionLock {
  /** Whether the caller holds the lock. */
  isOwned(): boolean;
  /** Releases it completely; returns what acquireRestore() takes back. */
  releaseSave(): number;
  /** Reacquires, blocking the thread, and restores the saved state. */
  acquireRestore(saved: number): void;
  /** acquireRestore() without blocking the thread. */
  acquireRestoreAsync(saved: number): Promise<void>;
}

/** What lockOf() takes: a Lock of either module. */
export interface PlainLock {
  locked(): boolean;
  release(): void;
  acquire(): Promise<boolean>;
  acquireSync(): boolean;
}

/**
 * A Lock (not reentrant) as a ConditionLock. As Python's, it has no owner:
 * it is "owned" while anyone holds it.
 */
export function lockOf(lock: PlainLock): ConditionLock {
  return {
    isOwned: () => lock.locked(),
    releaseSave: () => {
      lock.release();
      return 1;
    },
    acquireRestore: () => {
      lock.acquireSync();
    },
    acquireRestoreAsync: async () => {
      await lock.acquire();
    },
  };
}

/** What a Condition class calls on its lock (threading's or multiprocessing's). */
export interface UsedLock extends PlainLock {
  acquire(
    blocking?: boolean | object,
    timeout?: number | null,
  ): Promise<boolean>;
  acquireSync(blocking?: boolean | object, timeout?: number | null): boolean;
  enter(): Promise<Disposable>;
  enterSync(): Disposable;
}

/** A condition's lock, and what the algorithm needs of it. */
export interface LockUse {
  readonly lock: UsedLock;
  readonly core: ConditionLock | PlainLock;
}

/**
 * `[useLock](lock)`: the method of a Condition class that gives the lock a
 * new condition uses, by conditionLock() over its module's Lock and RLock
 * (multiprocessing's subclass overrides it with its own).
 */
export const useLock: unique symbol = Symbol("useLock");

/**
 * The lock a new condition uses, and what its algorithm needs of it: `lock`
 * if it is a `Lock` or an `RLock` (threading's, or multiprocessing's), or a
 * new `RLock` when it is undefined or null (Python's None).
 */
export function conditionLock<R extends UsedLock>(
  lock: unknown,
  Lock: abstract new () => UsedLock,
  RLock: new () => R,
  rlockCore: (lock: R) => ConditionLock,
): LockUse {
  if (
    lock !== undefined && lock !== null && !(lock instanceof Lock) &&
    !(lock instanceof RLock)
  ) {
    throw new TypeError(
      `Cannot create Condition as 'lock' must be a Lock or an RLock: received ${
        describe(lock)
      }`,
    );
  }
  const use = (lock ?? new RLock()) as UsedLock;
  return { lock: use, core: use instanceof RLock ? rlockCore(use) : use };
}

/** The errors a condition raises (`_internal/` imports no public module). */
export interface ConditionErrors {
  RuntimeError: new (message: string) => Error;
  ValueError: new (message: string) => Error;
}

/**
 * A condition in `words.cells`, `CONDITION_WORDS` long. Timeouts come
 * checked, in seconds (undefined: forever).
 */
export class ConditionCore {
  readonly words: SharedWords;
  readonly lock: ConditionLock;
  #errors: ConditionErrors;

  /** Sets up new words. */
  static init(words: SharedWords): void {
    const cells = words.cells;
    cells[FREE] = MAX_WAITERS;
    for (let i = 0; i < MAX_WAITERS; i++) cells[STACK + i] = i;
  }

  /** `lock`: an RLock's core, or a Lock (taken as lockOf() has it). */
  constructor(
    words: SharedWords,
    lock: ConditionLock | PlainLock,
    errors: ConditionErrors,
  ) {
    this.words = words;
    this.lock = "releaseSave" in lock ? lock : lockOf(lock);
    this.#errors = errors;
  }

  /**
   * Releases the lock, waits until notified or `timeout` passes, then
   * reacquires the lock. Returns whether it was notified.
   */
  async wait(timeout: number | undefined): Promise<boolean> {
    const deadline = new Deadline(timeout);
    const slot = this.#enqueue();
    const saved = this.lock.releaseSave();
    const words = this.words;
    try {
      while (Atomics.load(words.cells, SLOTS + slot) === 0) {
        const left = deadline.remaining();
        if (left === 0) break;
        await words.waitAsync(SLOTS + slot, 0, left);
      }
    } finally {
      await this.lock.acquireRestoreAsync(saved);
    }
    return this.#dequeue(slot);
  }

  waitSync(timeout: number | undefined): boolean {
    const deadline = new Deadline(timeout);
    const slot = this.#enqueue();
    const saved = this.lock.releaseSave();
    const words = this.words;
    try {
      while (Atomics.load(words.cells, SLOTS + slot) === 0) {
        const left = deadline.remaining();
        if (left === 0) break;
        words.waitSync(SLOTS + slot, 0, left);
      }
    } finally {
      this.lock.acquireRestore(saved);
    }
    return this.#dequeue(slot);
  }

  /** Python's wait_for: the predicate's last value. */
  async waitFor<T>(
    predicate: () => T,
    timeout: number | undefined,
  ): Promise<T> {
    const deadline = new Deadline(timeout);
    let result = predicate();
    while (!result) {
      const left = deadline.remaining();
      if (left === 0) break;
      await this.wait(left);
      result = predicate();
    }
    return result;
  }

  waitForSync<T>(predicate: () => T, timeout: number | undefined): T {
    const deadline = new Deadline(timeout);
    let result = predicate();
    while (!result) {
      const left = deadline.remaining();
      if (left === 0) break;
      this.waitSync(left);
      result = predicate();
    }
    return result;
  }

  /** How many wait now (Python's `len(self._waiters)`). */
  get waiting(): number {
    return Atomics.load(this.words.cells, COUNT);
  }

  /** Wakes at most `n` waiters, the longest waiting first. */
  notify(n: unknown = 1): void {
    if (typeof n !== "number" || Number.isNaN(n) || n < 0) {
      throw new this.#errors.ValueError(
        `Cannot notify Condition as 'n' must be a number >= 0: current value is ${n}`,
      );
    }
    this.#checkOwned("notify");
    const words = this.words;
    const cells = words.cells;
    let head = cells[HEAD]!;
    let count = cells[COUNT]!;
    for (let i = 0; i < n && count > 0; i++) {
      const slot = cells[RING + head]!;
      head = (head + 1) % MAX_WAITERS;
      count--;
      Atomics.store(cells, SLOTS + slot, 1);
      words.notify(SLOTS + slot, 1);
    }
    cells[HEAD] = head;
    cells[COUNT] = count;
  }

  #checkOwned(what: string): void {
    if (!this.lock.isOwned()) {
      throw new this.#errors.RuntimeError(`cannot ${what} on un-acquired lock`);
    }
  }

  // Takes a slot and queues it, while the caller holds the lock.
  #enqueue(): number {
    this.#checkOwned("wait");
    const cells = this.words.cells;
    if (cells[FREE] === 0) {
      throw new this.#errors.RuntimeError(
        `Cannot wait on Condition as ${MAX_WAITERS} waiters already wait on it`,
      );
    }
    const slot = cells[STACK + --cells[FREE]!]!;
    Atomics.store(cells, SLOTS + slot, 0);
    cells[RING + (cells[HEAD]! + cells[COUNT]!) % MAX_WAITERS] = slot;
    cells[COUNT]!++;
    return slot;
  }

  // With the lock reacquired: was the slot notified? If not, it leaves the
  // ring. Either way the slot is free again.
  #dequeue(slot: number): boolean {
    const cells = this.words.cells;
    const notified = Atomics.load(cells, SLOTS + slot) === 1;
    if (!notified) {
      const head = cells[HEAD]!;
      const count = cells[COUNT]!;
      let at = 0;
      while (at < count && cells[RING + (head + at) % MAX_WAITERS] !== slot) {
        at++;
      }
      for (; at < count - 1; at++) {
        cells[RING + (head + at) % MAX_WAITERS] =
          cells[RING + (head + at + 1) % MAX_WAITERS]!;
      }
      cells[COUNT] = count - 1;
    }
    cells[STACK + cells[FREE]!++] = slot;
    return notified;
  }
}
