// Copyright 2026 the @skein/concurrent authors. MIT license.
import { positionalOrKeyword } from "../_internal/keywords.ts";
import { toProcess } from "../_internal/portable.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { CONDITION_WORDS, ConditionCore } from "../_internal/condition_core.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import type { Place } from "./_segments.ts";
import { processWords, registerPlaced } from "./_process_words.ts";
import type { Lock, ProcessAcquireOptions } from "./synchronize.ts";
import { RLock } from "./rlock.ts";
import { rlockInternals } from "./_rlock_internals.ts";

const TAG = "multiprocessing.Condition";

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

/**
 * A condition variable shared by processes, as Python's
 * `multiprocessing.Condition`: `wait()` releases its lock (an
 * {@linkcode RLock} by default, or the `Lock`/`RLock` given) until another
 * process calls `notify()`. `notify(n)` wakes at most `n` waiters, in the
 * order they began waiting, as `threading.Condition` does; at most 1,024
 * waiters can wait at once. Needs `--allow-ffi`; Linux only.
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
  #lock: Lock | RLock;
  #core: ConditionCore;

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
    this.#lock = lock ?? new RLock();
    const { place, words } = processWords(
      CONDITION_WORDS,
      ConditionCore.init,
    );
    this.#place = place;
    this.#core = new ConditionCore(
      words,
      this.#lock instanceof RLock
        ? rlockInternals.core(this.#lock)
        : this.#lock,
      ERRORS,
    );
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
    return await this.#core.wait(timeoutOf(options));
  }

  /**
   * `wait()` that blocks the thread.
   *
   * @param options A `timeout` in seconds.
   * @returns `false` if the timeout passed first.
   */
  waitSync(options: ProcessConditionWaitOptions = {}): boolean {
    return this.#core.waitSync(timeoutOf(options));
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
    return await this.#core.waitFor(predicate, timeoutOf(options));
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
    return this.#core.waitForSync(predicate, timeoutOf(options));
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
   * Wakes up to `n` waiting processes (the lock must be held), the longest
   * waiting first.
   *
   * @param n How many.
   * @throws {ValueError} If `n` is not a number >= 0.
   * @throws {RuntimeError} If the lock is not held.
   */
  notify(n = 1): void {
    this.#core.notify(n);
  }

  /** Wakes every waiting process (the lock must be held). */
  notifyAll(): void {
    this.#core.notify(Infinity);
  }

  /**
   * What makes it the same condition in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    const { segment, offset } = this.#place;
    return { tag: TAG, data: { segment, offset, lock: this.#lock } };
  }
}

const ERRORS = { RuntimeError, ValueError };

function timeoutOf(options: ProcessConditionWaitOptions): number | undefined {
  return checkWaitSeconds("wait on Condition", options.timeout, ValueError);
}

registerPlaced(
  TAG,
  import.meta.url,
  (data) => new Condition((data as { lock: Lock | RLock }).lock),
);
