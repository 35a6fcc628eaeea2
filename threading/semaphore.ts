// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import {
  customInspect,
  objectId,
  qualifiedName,
  setQualifiedName,
} from "../_internal/py_repr.ts";
import { positionalOrKeyword } from "../_internal/keywords.ts";
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { SEMAPHORE_WORDS, SemaphoreCore } from "../_internal/semaphore_core.ts";
import { registerWords, threadWords, wordsState } from "./_thread_words.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import {
  checkAcquire,
  guardOf,
  type SemaphoreAcquireOptions,
} from "./_acquire_options.ts";

export type { SemaphoreAcquireOptions } from "./_acquire_options.ts";

/**
 * Python's `Semaphore(value=...)` by keyword: `new Semaphore({ value: 5 })`
 * is `new Semaphore(5)`.
 */
export interface SemaphoreOptions {
  /**
   * The initial counter.
   *
   * @default {1}
   */
  value?: number;
}

/**
 * A counting semaphore, as Python's `threading.Semaphore`: `acquire()`
 * takes one from the counter, waiting while it is 0; `release(n)` adds `n`
 * and wakes up to `n` waiters. Its state lives in a SharedArrayBuffer:
 * passed to a thread, it is the same semaphore there.
 *
 * @example Limiting concurrency
 * ```ts
 * import { Semaphore } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const slots = new Semaphore(2);
 * assert.ok(slots.acquireSync());
 * assert.ok(await slots.acquire());
 * assert.equal(slots.acquireSync({ blocking: false }), false);
 * slots.release(2);
 * {
 *   using _ = await slots.enter();
 *   assert.equal(slots.value, 1);
 * }
 * assert.equal(slots.value, 2);
 * ```
 *
 * @example Python's keyword: `Semaphore(value=3)`
 * ```ts
 * import { BoundedSemaphore } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new BoundedSemaphore({ value: 3 }).value, 3);
 * ```
 */
export class Semaphore {
  #core: SemaphoreCore;
  #guard: Disposable = guardOf(() => this.release());
  #check = (blocking: unknown, timeout: unknown): number | undefined =>
    checkAcquire(`acquire ${this.constructor.name}`, blocking, timeout, true);

  /**
   * Makes a semaphore.
   *
   * @param value The initial counter, by position or, as Python's keyword,
   * in an options object (`{ value: 5 }`).
   * @throws {ValueError} If `value` is negative.
   * @throws {TypeError} If `value` is not an integer.
   */
  constructor(value: number | SemaphoreOptions = 1) {
    const kind = new.target.name;
    const initial = (positionalOrKeyword(
      `create ${kind}`,
      "value",
      value,
      undefined,
    ).value ?? 1) as number;
    if (!Number.isInteger(initial)) {
      throw new TypeError(
        `Cannot create ${kind} as 'value' must be an integer: received ${
          typeof initial === "number" ? initial : describe(initial)
        }`,
      );
    }
    if (initial < 0) {
      throw new ValueError(
        `Cannot create ${kind} as 'value' must be >= 0: current value is ${initial}`,
      );
    }
    const bounded = this instanceof BoundedSemaphore;
    this.#core = new SemaphoreCore(
      threadWords(
        SEMAPHORE_WORDS,
        (words) => SemaphoreCore.init(words, initial, bounded),
      ),
      ValueError,
    );
  }

  /** The current counter (Python's private `_value`). */
  get value(): number {
    return this.#core.value;
  }

  /**
   * Python's repr: `<threading.Semaphore at 0x1: value=2>`, and for a
   * BoundedSemaphore its bound too: `<threading.BoundedSemaphore at 0x2:
   * value=1/1>`.
   */
  toString(): string {
    const bound = this.#core.bound;
    return `<${qualifiedName(this)} at ${objectId(this)}: value=${this.value}${
      bound === undefined ? "" : `/${bound}`
    }>`;
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
   * Takes one from the counter, waiting without blocking the thread while
   * it is 0.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking`, a `timeout` in seconds, and a `signal`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it took one (`false` on timeout or when not blocking).
   * @throws {ValueError} For a timeout when not blocking.
   */
  acquire(
    blocking?: boolean | SemaphoreAcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return acquireAsync(this.#core, this.#check, blocking, timeout);
  }

  /**
   * Takes one from the counter, blocking the thread while it is 0.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and a `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether it took one.
   * @throws {ValueError} For a timeout when not blocking.
   */
  acquireSync(
    blocking?: boolean | Omit<SemaphoreAcquireOptions, "signal">,
    timeout?: number | null,
  ): boolean {
    return acquireSync(this.#core, this.#check, blocking, timeout);
  }

  /**
   * Adds `n` to the counter and wakes up to `n` waiters.
   *
   * @param n How many to add.
   * @throws {ValueError} If `n` is less than 1 (or, for a
   * {@linkcode BoundedSemaphore}, if the counter would exceed its initial
   * value).
   */
  release(n = 1): void {
    if (!Number.isInteger(n) || n < 1) {
      throw new ValueError(
        `Cannot release ${this.constructor.name} as 'n' must be an integer >= 1: current value is ${n}`,
      );
    }
    this.#core.release(n);
  }

  /**
   * Acquires and returns a guard that releases when disposed: `using _ =
   * await sem.enter()` is Python's `with sem:`.
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
   * The shared state that makes the semaphore cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return wordsState(
      this instanceof BoundedSemaphore
        ? "threading.BoundedSemaphore"
        : "threading.Semaphore",
      this.#core.words,
    );
  }
}

/**
 * A semaphore that refuses to grow past its initial value, as Python's
 * `threading.BoundedSemaphore`: a `release()` without a matching
 * `acquire()` is a bug, and raises.
 *
 * @example Over-releasing raises
 * ```ts
 * import { BoundedSemaphore, ValueError } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const sem = new BoundedSemaphore(1);
 * sem.acquireSync();
 * sem.release();
 * assert.throws(() => sem.release(), ValueError);
 * ```
 */
export class BoundedSemaphore extends Semaphore {}

setQualifiedName(Semaphore, "threading.Semaphore");
setQualifiedName(BoundedSemaphore, "threading.BoundedSemaphore");
registerWords("threading.Semaphore", import.meta.url, () => new Semaphore());
registerWords(
  "threading.BoundedSemaphore",
  import.meta.url,
  () => new BoundedSemaphore(),
);
