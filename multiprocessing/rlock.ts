// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { currentIdent } from "../_internal/ident.ts";
import { RuntimeError } from "../errors.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";
import { Lock, type ProcessAcquireOptions } from "./synchronize.ts";
import { lockInternals } from "./_lock_internals.ts";

const TAG = "multiprocessing.RLock";
// The words after the lock's: the owner's pid, its thread, the depth.
const PID = 1;
const THREAD = 2;
const DEPTH = 3;

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
  #cells: Int32Array;
  #lock: Lock;

  /** Makes a reentrant lock in its own segment. */
  constructor() {
    this.#place = adoptedPlace() ?? newPlace(16);
    this.#cells = cellsAt(this.#place, 4).cells;
    this.#lock = withPlace(this.#place, () => new Lock());
  }

  /**
   * Takes the lock (again, if this thread of this process holds it),
   * waiting without blocking the thread.
   *
   * @param options `blocking` and `timeout` in seconds.
   * @returns Whether it was taken.
   */
  async acquire(options: ProcessAcquireOptions = {}): Promise<boolean> {
    if (this.#mine()) return this.#deeper();
    // Owned in the turn that takes the lock: a same-thread acquire that runs
    // before this resumes must see it as this thread's.
    return await lockInternals.acquire(this.#lock, options, () => this.#own());
  }

  /**
   * Takes the lock (again, if this thread of this process holds it),
   * blocking the thread while it waits.
   *
   * @param options `blocking` and `timeout` in seconds.
   * @returns Whether it was taken.
   */
  acquireSync(options: ProcessAcquireOptions = {}): boolean {
    if (this.#mine()) return this.#deeper();
    if (!this.#lock.acquireSync(options)) return false;
    return this.#own();
  }

  /**
   * Releases one level; the last frees the lock.
   *
   * @throws {RuntimeError} If this thread of this process does not hold it
   * (Python's AssertionError).
   */
  release(): void {
    if (!this.#mine()) {
      throw new RuntimeError(
        "attempt to release recursive lock not owned by thread",
      );
    }
    const depth = this.#cells[DEPTH]! - 1;
    this.#cells[DEPTH] = depth;
    if (depth === 0) {
      this.#cells[PID] = 0;
      this.#cells[THREAD] = 0;
      this.#lock.release();
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
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * The async `enterSync()`: `using _ = await rlock.enter()`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * Whether this thread of this process holds it.
   *
   * @returns `true` when it does.
   */
  ownedHere(): boolean {
    return this.#mine();
  }

  /**
   * Whether any process holds it.
   *
   * @returns `true` while it is held.
   */
  locked(): boolean {
    return this.#lock.locked();
  }

  #mine(): boolean {
    return this.#lock.locked() && this.#cells[PID] === Deno.pid &&
      this.#cells[THREAD] === currentIdent();
  }

  #deeper(): boolean {
    this.#cells[DEPTH] = this.#cells[DEPTH]! + 1;
    return true;
  }

  #own(): boolean {
    this.#cells[PID] = Deno.pid;
    this.#cells[THREAD] = currentIdent();
    this.#cells[DEPTH] = 1;
    return true;
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
