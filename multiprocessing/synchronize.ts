// Copyright 2026 the @skein/concurrent authors. MIT license.
import { toProcess } from "../_internal/portable.ts";
import { customInspect } from "../_internal/py_repr.ts";
import { LOCK_WORDS, LockCore } from "../_internal/lock_core.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import { guardOf } from "../threading/_acquire_options.ts";
import { checkProcessAcquire } from "./_acquire_check.ts";
import { ValueError } from "../errors.ts";
import type { Place } from "./_segments.ts";
import { processWords, registerPlaced } from "./_process_words.ts";

const TAG = "multiprocessing.Lock";

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
  #core: LockCore;
  #guard: Disposable = guardOf(() => this.release());

  /** Makes a lock in its own shared memory segment. */
  constructor() {
    const { place, words } = processWords(LOCK_WORDS);
    this.#place = place;
    this.#core = new LockCore(words);
  }

  /**
   * Takes the lock, waiting without blocking the thread.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it was taken.
   */
  acquire(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return acquireAsync(this.#core, checkProcessAcquire, blocking, timeout);
  }

  /**
   * Takes the lock, blocking the thread while it waits.
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
   * Releases the lock (any process may, as Python's).
   *
   * @throws {ValueError} If it is not held.
   */
  release(): void {
    if (!this.#core.release()) {
      throw new ValueError("semaphore or lock released too many times");
    }
  }

  /**
   * Takes the lock and returns a guard that releases it: `using _ =
   * lock.enterSync()` is Python's `with lock:`.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return this.#guard;
  }

  /**
   * The async `enterSync()`: `using _ = await lock.enter()`.
   *
   * @returns The guard.
   */
  async enter(): Promise<Disposable> {
    await this.acquire();
    return this.#guard;
  }

  /**
   * Whether some process holds the lock.
   *
   * @returns `true` while it is held.
   */
  locked(): boolean {
    return this.#core.locked();
  }

  /**
   * Python's repr: `<Lock(owner=None)>` while free. A process lock does not
   * record who holds it, so a held one is `<Lock(owner=unknown)>` (Python
   * names the holder's process, or says `SomeOtherProcess`).
   */
  toString(): string {
    return `<${this.constructor.name}(owner=${
      this.locked() ? "unknown" : "None"
    })>`;
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
   * What makes the lock the same lock in a child process (used by the
   * package when it is passed to one).
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.#place };
  }
}

registerPlaced(TAG, import.meta.url, () => new Lock());
