// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import {
  positionalOptions,
  positionalOrKeyword,
} from "../_internal/keywords.ts";
import { customInspect } from "../_internal/py_repr.ts";
import { type SharedState, toShared } from "../_internal/shareable.ts";
import {
  CONDITION_WORDS,
  ConditionCore,
  conditionLock,
  type LockUse,
  type UsedLock,
  useLock,
} from "../_internal/condition_core.ts";
import { type WordsHome, wordsHome } from "../_internal/words_hooks.ts";
import { registerWords, THREAD_HOME, wordsState } from "./_thread_words.ts";
import { type AcquireOptions, checkWaitTimeout } from "./_acquire_options.ts";
import { Lock } from "./lock.ts";
import { RLock } from "./rlock.ts";
import { rlockInternals } from "./_rlock_internals.ts";

const TAG = "threading.Condition";

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
  #lock: UsedLock;
  #core: ConditionCore;

  /**
   * Makes a condition over `lock`.
   *
   * @param lock The lock to use; a new {@linkcode RLock} when omitted or
   * `null` (Python's None). By position or, as Python's keyword, in an
   * options object (`{ lock }`).
   * @throws {TypeError} If `lock` is not a Lock or an RLock.
   */
  constructor(lock?: Lock | RLock | null | ConditionOptions) {
    const use = this[useLock](
      positionalOrKeyword("create Condition", "lock", lock, undefined).value,
    );
    this.#lock = use.lock;
    const home = this[wordsHome]();
    let words = home.adopted(CONDITION_WORDS);
    if (words === undefined) {
      words = home.fresh(CONDITION_WORDS);
      ConditionCore.init(words);
    }
    this.#core = new ConditionCore(words, use.core, ERRORS);
  }

  /**
   * Acquires the underlying lock (see `Lock.acquire`).
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking`, a `timeout` in seconds, and a `signal`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was acquired.
   */
  acquire(
    blocking?: boolean | AcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return this.#lock.acquire(blocking, timeout);
  }

  /**
   * Acquires the underlying lock, blocking.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and a `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was acquired.
   */
  acquireSync(
    blocking?: boolean | Omit<AcquireOptions, "signal">,
    timeout?: number | null,
  ): boolean {
    return this.#lock.acquireSync(blocking, timeout);
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
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns `false` if the timeout passed, else `true`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  async wait(options?: number | null | ConditionWaitOptions): Promise<boolean> {
    return await this.#core.wait(timeoutOf("wait on", options));
  }

  /**
   * `wait()` that blocks the thread (on the main thread, its event loop).
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns `false` if the timeout passed, else `true`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  waitSync(options?: number | null | ConditionWaitOptions): boolean {
    return this.#core.waitSync(timeoutOf("wait on", options));
  }

  /**
   * Waits until `predicate()` is true, as Python's `wait_for`: checks it,
   * then waits and checks again after each wake-up, for at most `timeout`
   * seconds in all.
   *
   * @param predicate The condition to wait for.
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns The last value of `predicate()`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  async waitFor<T>(
    predicate: () => T,
    options?: number | null | ConditionWaitOptions,
  ): Promise<T> {
    return await this.#core.waitFor(
      predicate,
      timeoutOf("wait for", options),
    );
  }

  /**
   * `waitFor()` that blocks the thread.
   *
   * @param predicate The condition to wait for.
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns The last value of `predicate()`.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  waitForSync<T>(
    predicate: () => T,
    options?: number | null | ConditionWaitOptions,
  ): T {
    return this.#core.waitForSync(predicate, timeoutOf("wait for", options));
  }

  /**
   * Wakes at most `n` of the waiters, the longest waiting first. They run
   * once they reacquire the lock, after the caller releases it.
   *
   * @param n How many to wake.
   * @throws {ValueError} If `n` is not a number >= 0.
   * @throws {RuntimeError} If the caller does not hold the lock.
   */
  notify(n = 1): void {
    this.#core.notify(n);
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
   * Python's repr: its lock's and how many wait,
   * `<Condition(<unlocked RLock owner=0 count=0>, 0)>`.
   */
  toString(): string {
    return `<Condition(${String(this.#lock)}, ${this.#core.waiting})>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  /**
   * The shared state that makes the condition cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return { ...wordsState(TAG, this.#core.words), data: this.#lock };
  }

  /**
   * Where its words live: in a SharedArrayBuffer
   * (`multiprocessing.Condition`'s: in a shared memory segment).
   *
   * @ignore
   */
  [wordsHome](): WordsHome {
    return THREAD_HOME;
  }

  /**
   * The lock it uses: threading's Lock or RLock.
   *
   * @ignore
   */
  [useLock](lock: unknown): LockUse {
    return conditionLock(lock, Lock, RLock, rlockInternals.core);
  }
}

const ERRORS = { RuntimeError, ValueError };

// A wait's timeout, by position or in the options.
function timeoutOf(
  verb: string,
  options: number | null | ConditionWaitOptions | undefined,
): number | undefined {
  const what = `${verb} Condition`;
  const { timeout } =
    positionalOptions<ConditionWaitOptions>(what, ["timeout"], [options]) ??
      {};
  return checkWaitTimeout(what, timeout);
}

registerWords(
  TAG,
  import.meta.url,
  (state) => new Condition(state.data as Lock | RLock),
);
