// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { RLOCK_WORDS, RLockCore } from "../_internal/rlock_core.ts";
import { SegmentWords } from "../_internal/segment_words.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import { guardOf } from "../threading/_acquire_options.ts";
import { RuntimeError } from "../errors.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";
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
  #place: Place;
  #core: RLockCore;
  #guard: Disposable = guardOf(() => this.release());

  /** Makes a reentrant lock in its own segment. */
  constructor() {
    this.#place = adoptedPlace() ?? newPlace(RLOCK_WORDS * 4);
    const { cells } = cellsAt(this.#place, RLOCK_WORDS);
    this.#core = new RLockCore(new SegmentWords(cells));
  }

  /**
   * Takes the lock (again, if this thread of this process holds it),
   * waiting without blocking the thread.
   *
   * @param options `blocking` and `timeout` in seconds.
   * @returns Whether it was taken.
   */
  acquire(options: ProcessAcquireOptions = {}): Promise<boolean> {
    return acquireAsync(this.#core, checkProcessAcquire, options);
  }

  /**
   * Takes the lock (again, if this thread of this process holds it),
   * blocking the thread while it waits.
   *
   * @param options `blocking` and `timeout` in seconds.
   * @returns Whether it was taken.
   */
  acquireSync(options: ProcessAcquireOptions = {}): boolean {
    return acquireSync(this.#core, checkProcessAcquire, options);
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
   * The async `enterSync()`: `using _ = await rlock.enter()`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return this.#guard;
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
   * What makes it the same lock in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.#place };
  }
}

registerShareable(
  TAG,
  import.meta.url,
  (state) => withPlace(state.data as Place, () => new RLock()),
);
