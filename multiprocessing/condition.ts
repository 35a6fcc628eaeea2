// Copyright 2026 the @skein/concurrent authors. MIT license.
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import {
  conditionLock,
  type LockUse,
  useLock,
} from "../_internal/condition_core.ts";
import { type WordsHome, wordsHome } from "../_internal/words_hooks.ts";
import {
  Condition as ThreadCondition,
  type ConditionWaitOptions,
} from "../threading/condition.ts";
import type { AcquireOptions } from "../threading/_acquire_options.ts";
import { placedState, processHome, registerPlaced } from "./_process_words.ts";
import { Lock, type ProcessAcquireOptions } from "./synchronize.ts";
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

/**
 * Options of {@linkcode Condition.prototype.wait}: `threading.Condition`'s
 * (a `timeout` in seconds).
 */
export type ProcessConditionWaitOptions = ConditionWaitOptions;

/**
 * A condition variable shared by processes, as Python's
 * `multiprocessing.Condition`: a `threading.Condition` (the same methods)
 * whose waiters live in shared memory. `wait()` releases its lock (an
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
export class Condition extends ThreadCondition {
  /**
   * Makes a condition in its own segment.
   *
   * @param lock The lock it uses; a new {@linkcode RLock} when omitted or
   * `null` (Python's None). By position or, as Python's keyword, in an
   * options object (`{ lock }`).
   * @throws {TypeError} If `lock` is not a Lock or an RLock of this module.
   */
  constructor(lock?: Lock | RLock | null | ProcessConditionOptions) {
    // Its own Lock and RLock, which [useLock] checks.
    super(lock as never);
  }

  /**
   * Takes the lock, as its `acquire()`.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was taken.
   */
  override acquire(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return super.acquire(blocking as AcquireOptions, timeout);
  }

  /**
   * Takes the lock, as its `acquireSync()`.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was taken.
   */
  override acquireSync(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): boolean {
    return super.acquireSync(blocking as AcquireOptions, timeout);
  }

  /**
   * Where its words live: in a shared memory segment.
   *
   * @ignore
   */
  override [wordsHome](): WordsHome {
    return processHome(this);
  }

  /**
   * The lock it uses: this module's Lock or RLock.
   *
   * @ignore
   */
  override [useLock](lock: unknown): LockUse {
    return conditionLock(lock, Lock, RLock, rlockInternals.core);
  }

  /**
   * What makes it the same condition in another thread: its place and its
   * lock.
   *
   * @ignore
   */
  override [toShared](): SharedState {
    return placedState(TAG, this, { lock: super[toShared]().data });
  }

  /**
   * What makes it the same condition in a child process: its place and its
   * lock.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return placedState(TAG, this, { lock: super[toShared]().data });
  }
}

registerPlaced(
  TAG,
  import.meta.url,
  (data) => new Condition((data as { lock: Lock | RLock }).lock),
);
