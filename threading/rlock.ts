// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError } from "../errors.ts";
import { type SharedState, toShared } from "../_internal/shareable.ts";
import {
  type AcquireOptions,
  checkAcquire,
  guardOf,
} from "./_acquire_options.ts";
import { RLOCK_WORDS, RLockCore } from "../_internal/rlock_core.ts";
import { registerWords, threadWords, wordsState } from "./_thread_words.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import { rlockInternals } from "./_rlock_internals.ts";
import { customInspect } from "../_internal/py_repr.ts";

const TAG = "threading.RLock";

/**
 * A reentrant lock, as Python's `threading.RLock`: the thread that holds it
 * may acquire it again, and must release it as many times. Ownership is per
 * thread (by `getIdent()`): every async task of one thread counts as that
 * thread, so two async tasks of the main thread both "own" an RLock the
 * main thread holds. Use a {@linkcode Lock} to exclude tasks of one thread
 * from each other. Its state lives in a SharedArrayBuffer: passed to a
 * thread, it is the same lock there.
 *
 * @example Reentrance
 * ```ts
 * import { RLock, RuntimeError } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const lock = new RLock();
 * assert.ok(lock.acquireSync());
 * assert.ok(await lock.acquire());
 * lock.release();
 * lock.release();
 * assert.throws(() => lock.release(), RuntimeError);
 * ```
 */
export class RLock {
  #core = new RLockCore(threadWords(RLOCK_WORDS));
  #guard: Disposable = guardOf(() => this.release());

  /** Makes an unlocked reentrant lock. */
  constructor() {}

  /**
   * Acquires and returns a guard that releases when disposed: `using _ =
   * await rlock.enter()` is Python's `with rlock:`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return this.#guard;
  }

  /**
   * Acquires the lock, or adds one level if this thread holds it, waiting
   * without blocking the thread.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking`, a `timeout` in seconds, and a `signal`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether the lock was acquired.
   * @throws {ValueError} For a negative timeout, or a timeout when not
   * blocking.
   */
  acquire(
    blocking?: boolean | AcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return acquireAsync(this.#core, checkRLock, blocking, timeout);
  }

  /**
   * Acquires, blocking, and returns a guard that releases when disposed.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return this.#guard;
  }

  /**
   * Acquires the lock, or adds one level, blocking the thread.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and a `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether the lock was acquired.
   * @throws {ValueError} For a negative timeout, or a timeout when not
   * blocking.
   */
  acquireSync(
    blocking?: boolean | Omit<AcquireOptions, "signal">,
    timeout?: number | null,
  ): boolean {
    return acquireSync(this.#core, checkRLock, blocking, timeout);
  }

  /**
   * Whether any thread holds the lock.
   *
   * @returns `true` when locked.
   */
  locked(): boolean {
    return this.#core.locked();
  }

  /**
   * Removes one level; the last one unlocks it.
   *
   * @throws {RuntimeError} If this thread does not hold the lock.
   */
  release(): void {
    if (!this.#core.release()) {
      throw new RuntimeError("cannot release un-acquired lock");
    }
  }

  /**
   * The shared state that makes the lock cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return wordsState(TAG, this.#core.words);
  }

  /** Python's repr: `<unlocked RLock owner=0 count=0>`. */
  toString(): string {
    const core = this.#core;
    return `<${
      this.locked() ? "locked" : "unlocked"
    } RLock owner=${core.owner} count=${core.count}>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  // For Condition: Python's _is_owned, _release_save, _acquire_restore.
  static {
    rlockInternals.core = (lock) => lock.#core;
  }
}

function checkRLock(blocking: unknown, timeout: unknown): number | undefined {
  return checkAcquire("acquire RLock", blocking, timeout);
}

registerWords(TAG, import.meta.url, () => new RLock());
