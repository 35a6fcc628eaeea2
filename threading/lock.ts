// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError } from "../errors.ts";
import { type SharedState, toShared } from "../_internal/shareable.ts";
import {
  type AcquireOptions,
  checkAcquire,
  guardOf,
} from "./_acquire_options.ts";
import { LOCK_WORDS, LockCore } from "../_internal/lock_core.ts";
import { registerWords, threadWords, wordsState } from "./_thread_words.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import { customInspect } from "../_internal/py_repr.ts";

export type { AcquireOptions } from "./_acquire_options.ts";

const TAG = "threading.Lock";

/**
 * A primitive lock, as Python's `threading.Lock`: locked or unlocked, not
 * owned by anyone, so any thread (or async task) may release it. Its state
 * lives in a SharedArrayBuffer: passed to a thread, it is the same lock
 * there.
 *
 * `await lock.acquire()` waits without blocking the event loop;
 * `lock.acquireSync()` blocks the thread with `Atomics.wait` (on the main
 * thread, its event loop too: never wait synchronously for a lock that only
 * an async task of the same thread can release). An uncontended acquire and
 * release take one atomic operation each and allocate nothing.
 *
 * @example `with lock:` is `using`
 * ```ts
 * import { Lock } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const lock = new Lock();
 * {
 *   using _ = await lock.enter();
 *   assert.ok(lock.locked());
 * }
 * assert.ok(!lock.locked());
 * ```
 *
 * @example Acquire with a timeout
 * ```ts
 * import { Lock } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const lock = new Lock();
 * assert.equal(lock.acquireSync(), true);
 * assert.equal(lock.acquireSync({ blocking: false }), false);
 * assert.equal(await lock.acquire({ timeout: 0.01 }), false);
 * lock.release();
 * ```
 */
export class Lock {
  #core = new LockCore(threadWords(LOCK_WORDS));
  #guard: Disposable = guardOf(() => this.release());

  /** Makes an unlocked lock. */
  constructor() {}

  /**
   * Acquires the lock, waiting without blocking the thread.
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
    return acquireAsync(this.#core, checkLock, blocking, timeout);
  }

  /**
   * Acquires the lock, blocking the thread while it waits.
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
    return acquireSync(this.#core, checkLock, blocking, timeout);
  }

  /**
   * Releases the lock; one waiter, if any, then acquires it.
   *
   * @throws {RuntimeError} If the lock is not locked.
   */
  release(): void {
    if (!this.#core.release()) {
      throw new RuntimeError("release unlocked lock");
    }
  }

  /**
   * Whether the lock is held.
   *
   * @returns `true` when locked.
   */
  locked(): boolean {
    return this.#core.locked();
  }

  /**
   * Acquires the lock and returns a guard that releases it when disposed:
   * `using _ = await lock.enter()` is Python's `with lock:`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return this.#guard;
  }

  /**
   * Acquires the lock, blocking, and returns a guard that releases it when
   * disposed: `using _ = lock.enterSync()`.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.#core.acquireSync(undefined);
    return this.#guard;
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

  /** Python's repr: `<unlocked Lock>`. */
  toString(): string {
    return `<${this.locked() ? "locked" : "unlocked"} Lock>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}

function checkLock(blocking: unknown, timeout: unknown): number | undefined {
  return checkAcquire("acquire Lock", blocking, timeout);
}

registerWords(TAG, import.meta.url, () => new Lock());

/**
 * Python's `threading.allocate_lock()`: a new {@linkcode Lock}.
 *
 * @returns An unlocked lock.
 *
 * @example Usage
 * ```ts
 * import { allocateLock } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.ok(!allocateLock().locked());
 * ```
 */
export function allocateLock(): Lock {
  return new Lock();
}
