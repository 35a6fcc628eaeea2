// Copyright 2026 the @skein/concurrent authors. MIT license.
import { toProcess } from "../_internal/portable.ts";
import { customInspect } from "../_internal/py_repr.ts";
import { currentProcess } from "./current_process.ts";
import { RLOCK_WORDS, RLockCore } from "../_internal/rlock_core.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import { guardOf } from "../threading/_acquire_options.ts";
import { RuntimeError } from "../errors.ts";
import { rlockInternals } from "./_rlock_internals.ts";
import { processWords, registerPlaced } from "./_process_words.ts";
import type { ProcessAcquireOptions } from "./synchronize.ts";
import { checkProcessAcquire } from "./_acquire_check.ts";

const TAG = "multiprocessing.RLock";

/**
 * A reentrant lock shared by processes, as Python's
 * `multiprocessing.RLock`: the thread of the process that holds it may
 * take it again, and must release it as many times. Needs `--allow-ffi`;
 * Linux only.
 *
 * @example Usage
 * ```ts
 * import { RLock } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const lock = new RLock();
 * assert.equal(lock.acquireSync(), true);
 * assert.equal(lock.acquireSync(), true); // again, same owner
 * lock.release();
 * lock.release();
 * assert.throws(() => lock.release());
 * ```
 */
export class RLock {
  #placed = processWords(RLOCK_WORDS);
  #core = new RLockCore(this.#placed.words);
  #guard: Disposable = guardOf(() => this.release());

  /** Makes a reentrant lock in its own segment. */
  constructor() {}

  /**
   * Takes the lock (again, if this thread of this process holds it),
   * waiting without blocking the thread.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was taken.
   */
  async acquire(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return await acquireAsync(
      this.#core,
      checkProcessAcquire,
      blocking,
      timeout,
    );
  }

  /**
   * The async `enterSync()`: `using _ = await rlock.enter()`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return this.#guard;
  }

  /**
   * Takes the lock (again, if this thread of this process holds it),
   * blocking the thread while it waits.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was taken.
   */
  acquireSync(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): boolean {
    return acquireSync(this.#core, checkProcessAcquire, blocking, timeout);
  }

  /**
   * Takes it and returns a guard that releases it: `using _ =
   * rlock.enterSync()` is Python's `with rlock:`.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return this.#guard;
  }

  /**
   * Releases one level; the last frees the lock.
   *
   * @throws {RuntimeError} If this thread of this process does not hold it
   * (Python's AssertionError).
   */
  release(): void {
    if (!this.#core.release()) {
      throw new RuntimeError(
        "attempt to release recursive lock not owned by thread",
      );
    }
  }

  /**
   * Whether this thread of this process holds it.
   *
   * @returns `true` when it does.
   */
  ownedHere(): boolean {
    return this.#core.isOwned();
  }

  /**
   * Whether any process holds it.
   *
   * @returns `true` while it is held.
   */
  locked(): boolean {
    return this.#core.locked();
  }

  /**
   * Python's repr: `<RLock(None, 0)>` while free, `<RLock(MainProcess, 2)>`
   * held twice by this process (Python adds `|` and the thread's name in
   * another thread than the main one; this does not),
   * `<RLock(SomeOtherThread, nonzero)>` or
   * `<RLock(SomeOtherProcess, nonzero)>`.
   */
  toString(): string {
    const core = this.#core;
    let owner;
    if (core.isOwned()) owner = `${currentProcess().name}, ${core.count}`;
    else if (!core.locked()) owner = "None, 0";
    else if (core.ownerPid === Deno.pid) owner = "SomeOtherThread, nonzero";
    else owner = "SomeOtherProcess, nonzero";
    return `<${this.constructor.name}(${owner})>`;
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
   * What makes it the same lock in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.#placed.place };
  }

  // For Condition: Python's _is_owned, _release_save, _acquire_restore.
  static {
    rlockInternals.core = (lock) => lock.#core;
  }
}

registerPlaced(TAG, import.meta.url, () => new RLock());
