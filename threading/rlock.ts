// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError } from "../errors.ts";
import { currentIdent } from "../_internal/ident.ts";
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../_internal/shareable.ts";
import {
  type AcquireOptions,
  checkAcquire,
  guardOf,
} from "./_acquire_options.ts";
import { lockAsync, lockSync, tryLock, unlock } from "../_internal/futex.ts";
import { rlockInternals } from "./_rlock_internals.ts";
import { customInspect } from "../_internal/py_repr.ts";

const MUTEX = 0;
const OWNER = 1; // the owner's thread ident, 0 when free
const COUNT = 2; // how many times the owner acquired it

const TAG = "threading.RLock";
const TRUE = Promise.resolve(true);
let adopting: Int32Array | undefined;

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
  #cell: Int32Array;
  #guard: Disposable = guardOf(() => this.release());

  /** Makes an unlocked reentrant lock. */
  constructor() {
    this.#cell = adopting ?? new Int32Array(new SharedArrayBuffer(12));
  }

  /**
   * Acquires the lock, or adds one level if this thread holds it, waiting
   * without blocking the thread.
   *
   * @param options `blocking`, a `timeout` in seconds, and a `signal`.
   * @returns Whether the lock was acquired.
   * @throws {ValueError} For a negative timeout, or a timeout when not
   * blocking.
   */
  acquire(options?: AcquireOptions): Promise<boolean> {
    if (options === undefined && this.#tryAcquire()) return TRUE;
    return this.#acquire(options);
  }

  async #acquire(options: AcquireOptions = {}): Promise<boolean> {
    const { blocking = true, timeout, signal } = options;
    const seconds = checkAcquire("acquire RLock", blocking, timeout);
    signal?.throwIfAborted();
    if (this.#tryAcquire()) return true;
    if (!blocking) return false;
    // Owned in the turn that takes the mutex: a same-thread acquire that
    // runs before this resumes must see it as this thread's.
    return await lockAsync(
      this.#cell,
      MUTEX,
      seconds,
      signal,
      () => this.#own(1),
    );
  }

  /**
   * Acquires the lock, or adds one level, blocking the thread.
   *
   * @param options `blocking` and a `timeout` in seconds.
   * @returns Whether the lock was acquired.
   * @throws {ValueError} For a negative timeout, or a timeout when not
   * blocking.
   */
  acquireSync(options: Omit<AcquireOptions, "signal"> = {}): boolean {
    const { blocking = true, timeout } = options;
    const seconds = checkAcquire("acquire RLock", blocking, timeout);
    if (this.#tryAcquire()) return true;
    if (!blocking) return false;
    if (!lockSync(this.#cell, MUTEX, seconds)) return false;
    this.#own(1);
    return true;
  }

  /**
   * Removes one level; the last one unlocks it.
   *
   * @throws {RuntimeError} If this thread does not hold the lock.
   */
  release(): void {
    const cell = this.#cell;
    if (Atomics.load(cell, OWNER) !== currentIdent()) {
      throw new RuntimeError("cannot release un-acquired lock");
    }
    const count = cell[COUNT]! - 1;
    cell[COUNT] = count;
    if (count === 0) {
      Atomics.store(cell, OWNER, 0);
      unlock(cell, MUTEX);
    }
  }

  /**
   * Whether any thread holds the lock.
   *
   * @returns `true` when locked.
   */
  locked(): boolean {
    return Atomics.load(this.#cell, OWNER) !== 0;
  }

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
   * Acquires, blocking, and returns a guard that releases when disposed.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return this.#guard;
  }

  /**
   * The shared state that makes the lock cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return { tag: TAG, buffers: [this.#cell.buffer as SharedArrayBuffer] };
  }

  /** Python's repr: `<unlocked RLock owner=0 count=0>`. */
  toString(): string {
    const cell = this.#cell;
    return `<${this.locked() ? "locked" : "unlocked"} RLock owner=${
      Atomics.load(cell, OWNER)
    } count=${Atomics.load(cell, COUNT)}>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  // For Condition: whether this thread holds it; release it completely and
  // restore it, as Python's _is_owned, _release_save, _acquire_restore.
  static {
    rlockInternals.isOwned = (lock) =>
      Atomics.load(lock.#cell, OWNER) === currentIdent();
    rlockInternals.releaseSave = (lock) => {
      const count = lock.#cell[COUNT]!;
      lock.#cell[COUNT] = 0;
      Atomics.store(lock.#cell, OWNER, 0);
      unlock(lock.#cell, MUTEX);
      return count;
    };
    rlockInternals.acquireRestore = (lock, count) => {
      lockSync(lock.#cell, MUTEX, undefined);
      lock.#own(count);
    };
    rlockInternals.acquireRestoreAsync = async (lock, count) => {
      await lockAsync(
        lock.#cell,
        MUTEX,
        undefined,
        undefined,
        () => lock.#own(count),
      );
    };
  }

  #tryAcquire(): boolean {
    const cell = this.#cell;
    if (Atomics.load(cell, OWNER) === currentIdent()) {
      cell[COUNT]!++;
      return true;
    }
    if (!tryLock(cell, MUTEX)) return false;
    this.#own(1);
    return true;
  }

  #own(count: number): void {
    this.#cell[COUNT] = count;
    Atomics.store(this.#cell, OWNER, currentIdent());
  }
}

registerShareable(TAG, import.meta.url, (state) => {
  adopting = new Int32Array(state.buffers[0]!);
  try {
    return new RLock();
  } finally {
    adopting = undefined;
  }
});
