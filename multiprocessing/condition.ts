// Copyright 2026 the @skein/concurrent authors. MIT license.
import { positionalOrKeyword } from "../_internal/keywords.ts";
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { Deadline } from "../_internal/wait.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";
import { wait, waitSync, wake } from "../_internal/futex_syscall.ts";
import type { Lock, ProcessAcquireOptions } from "./synchronize.ts";
import { RLock } from "./rlock.ts";

const TAG = "multiprocessing.Condition";
// The words: a sequence number that each notify moves, and the waiters.
const SEQ = 0;
const WAITERS = 1;

/**
 * Python's `Condition(lock=...)` by keyword: `new Condition({ lock })` is
 * `new Condition(lock)`.
 */
export interface ProcessConditionOptions {
  /**
   * The lock it uses; a new {@linkcode RLock} when omitted or `null`
   * (Python's None).
   */
  lock?: Lock | RLock | null;
}

/** Options of {@linkcode Condition.prototype.wait}. */
export interface ProcessConditionWaitOptions {
  /** Seconds to wait at most; forever when omitted or `null` (Python's None). */
  timeout?: number | null;
}

let adoptedLock: Lock | RLock | undefined;

/**
 * A condition variable shared by processes, as Python's
 * `multiprocessing.Condition`: `wait()` releases its lock (an
 * {@linkcode RLock} by default, or the `Lock`/`RLock` given) until another
 * process calls `notify()`. Needs `--allow-ffi`; Linux only.
 *
 * @example Usage
 * ```ts
 * import { Condition } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const cond = new Condition();
 * cond.acquireSync();
 * assert.equal(await cond.wait({ timeout: 0.01 }), false); // nobody notified
 * cond.notify(); // with the lock held
 * cond.release();
 * assert.throws(() => cond.notify()); // without it
 * ```
 */
export class Condition {
  #place: Place;
  #cells: Int32Array;
  #pointer: Deno.PointerValue;
  #lock: Lock | RLock;

  /**
   * Makes a condition in its own segment.
   *
   * @param lock The lock it uses; a new {@linkcode RLock} when omitted or
   * `null` (Python's None). By position or, as Python's keyword, in an
   * options object (`{ lock }`).
   */
  constructor(lock?: Lock | RLock | null | ProcessConditionOptions) {
    lock = positionalOrKeyword("create Condition", "lock", lock, undefined)
      .value as Lock | RLock | null | undefined;
    this.#lock = adoptedLock ?? lock ?? new RLock();
    this.#place = adoptedPlace() ?? newPlace(8);
    const { cells, pointer } = cellsAt(this.#place, 2);
    this.#cells = cells;
    this.#pointer = pointer;
  }

  /**
   * Takes the lock, as its `acquire()`.
   *
   * @param options `blocking` and `timeout`.
   * @returns Whether it was taken.
   */
  acquire(options: ProcessAcquireOptions = {}): Promise<boolean> {
    return this.#lock.acquire(options);
  }

  /**
   * Takes the lock, as its `acquireSync()`.
   *
   * @param options `blocking` and `timeout`.
   * @returns Whether it was taken.
   */
  acquireSync(options: ProcessAcquireOptions = {}): boolean {
    return this.#lock.acquireSync(options);
  }

  /** Releases the lock. */
  release(): void {
    this.#lock.release();
  }

  /**
   * Releases the lock, waits (without blocking the thread) for a notify
   * or `timeout` seconds, and takes the lock again.
   *
   * @param options A `timeout` in seconds.
   * @returns `false` if the timeout passed first.
   * @throws {RuntimeError} If the lock is not held.
   */
  async wait(options: ProcessConditionWaitOptions = {}): Promise<boolean> {
    const timeout = timeoutOf(options);
    const { seq, depth } = this.#leave("wait");
    try {
      await wait(this.#pointer, seq, timeout);
    } finally {
      Atomics.sub(this.#cells, WAITERS, 1);
      for (let i = 0; i < depth; i++) await this.#lock.acquire();
    }
    return Atomics.load(this.#cells, SEQ) !== seq;
  }

  /**
   * `wait()` that blocks the thread.
   *
   * @param options A `timeout` in seconds.
   * @returns `false` if the timeout passed first.
   */
  waitSync(options: ProcessConditionWaitOptions = {}): boolean {
    const timeout = timeoutOf(options);
    const { seq, depth } = this.#leave("wait");
    try {
      waitSync(this.#pointer, seq, timeout);
    } finally {
      Atomics.sub(this.#cells, WAITERS, 1);
      for (let i = 0; i < depth; i++) this.#lock.acquireSync();
    }
    return Atomics.load(this.#cells, SEQ) !== seq;
  }

  /**
   * Waits until `predicate()` is true (checked with the lock held), or
   * `timeout` seconds pass, as Python's `wait_for`.
   *
   * @param predicate The condition to wait for.
   * @param options A `timeout` in seconds.
   * @returns The predicate's last result.
   */
  async waitFor<T>(
    predicate: () => T,
    options: ProcessConditionWaitOptions = {},
  ): Promise<T> {
    const deadline = new Deadline(timeoutOf(options));
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
   * @returns The predicate's last result.
   */
  waitForSync<T>(
    predicate: () => T,
    options: ProcessConditionWaitOptions = {},
  ): T {
    const deadline = new Deadline(timeoutOf(options));
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
   * Takes the lock and returns a guard that releases it: `using _ =
   * cond.enterSync()` is Python's `with cond:`.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * The async `enterSync()`: `using _ = await cond.enter()`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * Wakes up to `n` waiting processes (the lock must be held).
   *
   * @param n How many.
   * @throws {RuntimeError} If the lock is not held.
   */
  notify(n = 1): void {
    if (!this.#held()) {
      throw new RuntimeError("cannot notify on un-acquired lock");
    }
    Atomics.add(this.#cells, SEQ, 1);
    if (Atomics.load(this.#cells, WAITERS) > 0) wake(this.#pointer, n);
  }

  /** Wakes every waiting process (the lock must be held). */
  notifyAll(): void {
    this.notify(0x7fffffff);
  }

  // With the lock held: joins the waiters at the current sequence number
  // (before the lock is let go, so no notify in between is missed), then
  // releases every level of the lock. Returns both.
  #leave(what: string): { seq: number; depth: number } {
    if (!this.#held()) {
      throw new RuntimeError(`cannot ${what} on un-acquired lock`);
    }
    const seq = Atomics.load(this.#cells, SEQ);
    Atomics.add(this.#cells, WAITERS, 1);
    let depth = 0;
    do {
      this.#lock.release();
      depth++;
    } while (this.#lock instanceof RLock && this.#lock.ownedHere());
    return { seq, depth };
  }

  // Whether the lock is held: by this thread for an RLock, by anyone for a
  // Lock (which keeps no owner).
  #held(): boolean {
    return this.#lock instanceof RLock
      ? this.#lock.ownedHere()
      : this.#lock.locked();
  }

  /**
   * What makes it the same condition in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: { ...this.#place, lock: this.#lock } };
  }
}

function timeoutOf(options: ProcessConditionWaitOptions): number | undefined {
  return checkWaitSeconds("wait on Condition", options.timeout, ValueError);
}

registerShareable(TAG, import.meta.url, (state) => {
  const data = state.data as Place & { lock: Lock | RLock };
  adoptedLock = data.lock;
  try {
    return withPlace(
      { segment: data.segment, offset: data.offset },
      () => new Condition(),
    );
  } finally {
    adoptedLock = undefined;
  }
});
