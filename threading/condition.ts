// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { positionalOrKeyword } from "../_internal/keywords.ts";
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../_internal/shareable.ts";
import { Deadline, waitAsync, waitSync } from "../_internal/wait.ts";
import { type AcquireOptions, checkWaitTimeout } from "./_acquire_options.ts";
import { Lock } from "./lock.ts";
import { RLock } from "./rlock.ts";
import { rlockInternals } from "./_rlock_internals.ts";

// The waiters, in a SharedArrayBuffer: a FIFO ring of slot numbers, a stack
// of free slots, and one futex word per slot that notify() sets to 1. Every
// change to the ring and the stack is made while holding the condition's
// lock, so only the words need atomics.
const MAX_WAITERS = 1024;
const HEAD = 0;
const COUNT = 1;
const FREE = 2; // how many free slots are on the stack
const RING = 3;
const STACK = RING + MAX_WAITERS;
const WORDS = STACK + MAX_WAITERS;
const LENGTH = WORDS + MAX_WAITERS;

const TAG = "threading.Condition";
let adopting: Int32Array | undefined;

/**
 * Python's `Condition(lock=...)` by keyword: `new Condition({ lock })` is
 * `new Condition(lock)`.
 */
export interface ConditionOptions {
  /**
   * The lock to use; a new {@linkcode RLock} when omitted or `null`
   * (Python's None).
   */
  lock?: Lock | RLock | null;
}

/** Options for {@linkcode Condition.prototype.wait}. */
export interface ConditionWaitOptions {
  /** Seconds to wait at most; forever when omitted or `null` (Python's None). */
  timeout?: number | null;
}

/**
 * A condition variable, as Python's `threading.Condition`: threads (and
 * async tasks) that hold its lock `wait()` until another `notify()`s them.
 * `wait()` releases the lock while it waits and reacquires it before it
 * returns; `notify(n)` wakes at most `n` waiters, in the order they began
 * waiting. Its state, and its lock's, live in SharedArrayBuffers: passed to
 * a thread, it is the same condition there. At most 1,024 waiters can wait
 * at once.
 *
 * The default lock is an {@linkcode RLock}, as in Python, whose owner is a
 * thread: for async tasks of one thread that wait for each other, give the
 * condition a {@linkcode Lock}, which excludes tasks from each other.
 *
 * @example A producer and a consumer on one thread
 * ```ts
 * import { Condition, Lock } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const cond = new Condition(new Lock());
 * const items: number[] = [];
 * const consumer = (async () => {
 *   using _ = await cond.enter();
 *   await cond.waitFor(() => items.length > 0);
 *   return items.shift();
 * })();
 * {
 *   using _ = await cond.enter();
 *   items.push(42);
 *   cond.notify();
 * }
 * assert.equal(await consumer, 42);
 * ```
 */
export class Condition {
  #cell: Int32Array;
  #lock: Lock | RLock;

  /**
   * Makes a condition over `lock`.
   *
   * @param lock The lock to use; a new {@linkcode RLock} when omitted or
   * `null` (Python's None). By position or, as Python's keyword, in an
   * options object (`{ lock }`).
   * @throws {TypeError} If `lock` is not a Lock or an RLock.
   */
  constructor(lock?: Lock | RLock | null | ConditionOptions) {
    lock = positionalOrKeyword("create Condition", "lock", lock, undefined)
      .value as Lock | RLock | null | undefined;
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
    this.#lock = lock ?? new RLock();
    if (adopting !== undefined) {
      this.#cell = adopting;
      return;
    }
    this.#cell = new Int32Array(new SharedArrayBuffer(LENGTH * 4));
    this.#cell[FREE] = MAX_WAITERS;
    for (let i = 0; i < MAX_WAITERS; i++) this.#cell[STACK + i] = i;
  }

  /**
   * Acquires the underlying lock (see `Lock.acquire`).
   *
   * @param options `blocking`, a `timeout` in seconds, and a `signal`.
   * @returns Whether it was acquired.
   */
  acquire(options?: AcquireOptions): Promise<boolean> {
    return this.#lock.acquire(options);
  }

  /**
   * Acquires the underlying lock, blocking.
   *
   * @param options `blocking` and a `timeout` in seconds.
   * @returns Whether it was acquired.
   */
  acquireSync(options?: Omit<AcquireOptions, "signal">): boolean {
    return this.#lock.acquireSync(options);
  }

  /** Releases the underlying lock. */
  release(): void {
    this.#lock.release();
  }

  /**
   * Acquires the lock and returns a guard that releases it when disposed:
   * `using _ = await cond.enter()` is Python's `with cond:`.
   *
   * @returns The guard.
   */
  enter(): Promise<Disposable> {
    return this.#lock.enter();
  }

  /**
   * Acquires the lock, blocking, and returns a guard that releases it.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    return this.#lock.enterSync();
  }

  /**
   * Releases the lock, waits (without blocking the thread) until notified
   * or `timeout` seconds pass, then reacquires the lock.
   *
   * @param options A `timeout` in seconds.
   * @returns `false` if the timeout passed, else `true`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  async wait(options: ConditionWaitOptions = {}): Promise<boolean> {
    const deadline = new Deadline(
      checkWaitTimeout("wait on Condition", options.timeout),
    );
    const slot = this.#enqueue("wait");
    const saved = this.#releaseSave();
    const cell = this.#cell;
    try {
      while (Atomics.load(cell, WORDS + slot) === 0) {
        const left = deadline.remaining();
        if (left === 0) break;
        await waitAsync(cell, WORDS + slot, 0, left);
      }
    } finally {
      if (this.#lock instanceof RLock) {
        await rlockInternals.acquireRestoreAsync(this.#lock, saved);
      } else {
        await this.#lock.acquire();
      }
    }
    return this.#dequeue(slot);
  }

  /**
   * `wait()` that blocks the thread (on the main thread, its event loop).
   *
   * @param options A `timeout` in seconds.
   * @returns `false` if the timeout passed, else `true`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  waitSync(options: ConditionWaitOptions = {}): boolean {
    const deadline = new Deadline(
      checkWaitTimeout("wait on Condition", options.timeout),
    );
    const slot = this.#enqueue("wait");
    const saved = this.#releaseSave();
    const cell = this.#cell;
    try {
      while (Atomics.load(cell, WORDS + slot) === 0) {
        const left = deadline.remaining();
        if (left === 0) break;
        waitSync(cell, WORDS + slot, 0, left);
      }
    } finally {
      if (this.#lock instanceof RLock) {
        rlockInternals.acquireRestore(this.#lock, saved);
      } else {
        this.#lock.acquireSync();
      }
    }
    return this.#dequeue(slot);
  }

  /**
   * Waits until `predicate()` is true, as Python's `wait_for`: checks it,
   * then waits and checks again after each wake-up, for at most `timeout`
   * seconds in all.
   *
   * @param predicate The condition to wait for.
   * @param options A `timeout` in seconds.
   * @returns The last value of `predicate()`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  async waitFor<T>(
    predicate: () => T,
    options: ConditionWaitOptions = {},
  ): Promise<T> {
    const deadline = new Deadline(
      checkWaitTimeout("wait on Condition", options.timeout),
    );
    let result = predicate();
    while (!result) {
      const left = deadline.remaining();
      if (left === 0) break;
      await this.wait(left === undefined ? {} : { timeout: left });
      result = predicate();
    }
    return result;
  }

  /**
   * `waitFor()` that blocks the thread.
   *
   * @param predicate The condition to wait for.
   * @param options A `timeout` in seconds.
   * @returns The last value of `predicate()`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  waitForSync<T>(predicate: () => T, options: ConditionWaitOptions = {}): T {
    const deadline = new Deadline(
      checkWaitTimeout("wait on Condition", options.timeout),
    );
    let result = predicate();
    while (!result) {
      const left = deadline.remaining();
      if (left === 0) break;
      this.waitSync(left === undefined ? {} : { timeout: left });
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes at most `n` of the waiters, the longest waiting first. They run
   * once they reacquire the lock, after the caller releases it.
   *
   * @param n How many to wake.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  notify(n = 1): void {
    if (typeof n !== "number" || Number.isNaN(n) || n < 0) {
      throw new ValueError(
        `Cannot notify Condition as 'n' must be a number >= 0: current value is ${n}`,
      );
    }
    if (!this.#isOwned()) {
      throw new RuntimeError("cannot notify on un-acquired lock");
    }
    const cell = this.#cell;
    let head = cell[HEAD]!;
    let count = cell[COUNT]!;
    for (let i = 0; i < n && count > 0; i++) {
      const slot = cell[RING + head]!;
      head = (head + 1) % MAX_WAITERS;
      count--;
      Atomics.store(cell, WORDS + slot, 1);
      Atomics.notify(cell, WORDS + slot, 1);
    }
    cell[HEAD] = head;
    cell[COUNT] = count;
  }

  /**
   * Wakes every waiter.
   *
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  notifyAll(): void {
    this.notify(Infinity);
  }

  /**
   * The shared state that makes the condition cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return {
      tag: TAG,
      buffers: [this.#cell.buffer as SharedArrayBuffer],
      data: this.#lock,
    };
  }

  #isOwned(): boolean {
    const lock = this.#lock;
    return lock instanceof RLock ? rlockInternals.isOwned(lock) : lock.locked();
  }

  // Takes a slot and queues it, while the caller holds the lock.
  #enqueue(what: string): number {
    if (!this.#isOwned()) {
      throw new RuntimeError(`cannot ${what} on un-acquired lock`);
    }
    const cell = this.#cell;
    if (cell[FREE] === 0) {
      throw new RuntimeError(
        `Cannot wait on Condition as ${MAX_WAITERS} waiters already wait on it`,
      );
    }
    const slot = cell[STACK + --cell[FREE]!]!;
    Atomics.store(cell, WORDS + slot, 0);
    cell[RING + (cell[HEAD]! + cell[COUNT]!) % MAX_WAITERS] = slot;
    cell[COUNT]!++;
    return slot;
  }

  // With the lock reacquired: was the slot notified? If not, it leaves the
  // ring. Either way the slot is free again.
  #dequeue(slot: number): boolean {
    const cell = this.#cell;
    const notified = Atomics.load(cell, WORDS + slot) === 1;
    if (!notified) {
      const head = cell[HEAD]!;
      const count = cell[COUNT]!;
      let at = 0;
      while (at < count && cell[RING + (head + at) % MAX_WAITERS] !== slot) {
        at++;
      }
      for (; at < count - 1; at++) {
        cell[RING + (head + at) % MAX_WAITERS] =
          cell[RING + (head + at + 1) % MAX_WAITERS]!;
      }
      cell[COUNT] = count - 1;
    }
    cell[STACK + cell[FREE]!++] = slot;
    return notified;
  }

  #releaseSave(): number {
    const lock = this.#lock;
    if (lock instanceof RLock) return rlockInternals.releaseSave(lock);
    lock.release();
    return 1;
  }
}

registerShareable(TAG, import.meta.url, (state) => {
  adopting = new Int32Array(state.buffers[0]!);
  try {
    return new Condition(state.data as Lock | RLock);
  } finally {
    adopting = undefined;
  }
});
