// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { describe } from "../_internal/describe.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { Deadline } from "../_internal/wait.ts";
import { lockAsync } from "../_internal/futex.ts";
import { lockInternals } from "./_lock_internals.ts";
import { ValueError } from "../errors.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";
import { wait, waitSync, wake } from "../_internal/futex_syscall.ts";

const TAG = "multiprocessing.Lock";
const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;
const SPINS = 200;

/** Options of {@linkcode Lock.prototype.acquire}, as Python's. */
export interface ProcessAcquireOptions {
  /**
   * Whether to wait; with `false`, `acquire()` returns `false` at once when
   * the lock is taken.
   *
   * @default {true}
   */
  blocking?: boolean;
  /**
   * Seconds to wait at most, then `false`; forever when omitted or `null`
   * (Python's None, which `multiprocessing`'s locks take).
   */
  timeout?: number | null;
}

/**
 * A lock shared by processes, as Python's `multiprocessing.Lock`: its word
 * lives in shared memory and waiting uses Linux's futex, so a child
 * process that gets it (as an argument, or inside a `Value`) locks the
 * same lock. Needs `--allow-ffi`; Linux only.
 *
 * A process that dies holding the lock leaves it held, as in Python; give
 * waiters a `timeout` where that matters.
 *
 * @example Usage
 * ```ts
 * import { Lock } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const lock = new Lock();
 * assert.equal(lock.acquireSync(), true);
 * assert.equal(await lock.acquire({ timeout: 0.01 }), false);
 * lock.release();
 * {
 *   using _ = lock.enterSync(); // Python's `with lock:`
 *   assert.equal(lock.locked(), true);
 * }
 * assert.equal(lock.locked(), false);
 * ```
 */
export class Lock {
  #place: Place;
  #cell: Int32Array;
  #pointer: Deno.PointerValue;

  static {
    lockInternals.acquire = (lock, options, onLocked) =>
      lock.#acquire(options, onLocked);
  }

  /** Makes a lock in its own shared memory segment. */
  constructor() {
    const place = adoptedPlace() ?? newPlace(8);
    this.#place = place;
    const { cells, pointer } = cellsAt(place, 1);
    this.#cell = cells;
    this.#pointer = pointer;
  }

  /**
   * Takes the lock, waiting without blocking the thread.
   *
   * @param options `blocking` and `timeout` in seconds.
   * @returns Whether it was taken.
   */
  acquire(options: ProcessAcquireOptions = {}): Promise<boolean> {
    return this.#acquire(options, undefined);
  }

  // `onLocked` runs in the turn that takes the lock (an RLock's owner).
  async #acquire(
    options: ProcessAcquireOptions,
    onLocked: (() => void) | undefined,
  ): Promise<boolean> {
    const timeout = check(options);
    if (options.blocking === false && !this.#try()) return false;
    return await lockAsync(
      this.#cell,
      0,
      timeout,
      undefined,
      onLocked,
      (left) => wait(this.#pointer, CONTENDED, left),
    );
  }

  /**
   * Takes the lock, blocking the thread while it waits.
   *
   * @param options `blocking` and `timeout` in seconds.
   * @returns Whether it was taken.
   */
  acquireSync(options: ProcessAcquireOptions = {}): boolean {
    const timeout = check(options);
    if (this.#try()) return true;
    if (options.blocking === false) return false;
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(this.#cell, 0) === UNLOCKED && this.#try()) return true;
    }
    const deadline = new Deadline(timeout);
    while (Atomics.exchange(this.#cell, 0, CONTENDED) !== UNLOCKED) {
      const left = deadline.remaining();
      if (left === 0) return false;
      waitSync(this.#pointer, CONTENDED, left);
    }
    return true;
  }

  /**
   * Releases the lock (any process may, as Python's).
   *
   * @throws {ValueError} If it is not held.
   */
  release(): void {
    const before = Atomics.exchange(this.#cell, 0, UNLOCKED);
    if (before === UNLOCKED) {
      throw new ValueError("semaphore or lock released too many times");
    }
    if (before === CONTENDED) wake(this.#pointer, 1);
  }

  /**
   * Whether some process holds the lock.
   *
   * @returns `true` while it is held.
   */
  locked(): boolean {
    return Atomics.load(this.#cell, 0) !== UNLOCKED;
  }

  /**
   * Takes the lock and returns a guard that releases it: `using _ =
   * lock.enterSync()` is Python's `with lock:`.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * The async `enterSync()`: `using _ = await lock.enter()`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return { [Symbol.dispose]: () => this.release() };
  }

  #try(): boolean {
    return Atomics.compareExchange(this.#cell, 0, UNLOCKED, LOCKED) ===
      UNLOCKED;
  }

  /**
   * What makes the lock the same lock in a child process (used by the
   * package when it is passed to one).
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.#place };
  }
}

function check(options: ProcessAcquireOptions): number | undefined {
  const { blocking = true } = options;
  if (typeof blocking !== "boolean") {
    throw new TypeError(
      `Cannot acquire Lock as 'blocking' must be a boolean: received ${
        describe(blocking)
      }`,
    );
  }
  const timeout = checkWaitSeconds("acquire Lock", options.timeout, ValueError);
  if (options.timeout !== undefined && options.timeout !== null && !blocking) {
    throw new ValueError("can't specify a timeout for a non-blocking call");
  }
  return timeout;
}

registerShareable(
  TAG,
  import.meta.url,
  (state) => withPlace(state.data as Place, () => new Lock()),
);
