// Copyright 2026 the @skein/concurrent authors. MIT license.
import { toProcess } from "../_internal/portable.ts";
import { describe } from "../_internal/describe.ts";
import { customInspect } from "../_internal/py_repr.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { SEMAPHORE_WORDS, SemaphoreCore } from "../_internal/semaphore_core.ts";
import { acquireAsync, acquireSync } from "../_internal/acquire.ts";
import { ValueError } from "../errors.ts";
import type { Place } from "./_segments.ts";
import { processWords, registerPlaced } from "./_process_words.ts";
import type { ProcessAcquireOptions } from "./synchronize.ts";
import type { SemaphoreOptions } from "../threading/semaphore.ts";
import { positionalOrKeyword } from "../_internal/keywords.ts";

/**
 * A semaphore shared by processes, as Python's `multiprocessing.Semaphore`:
 * its count lives in shared memory and waiting uses Linux's futex. Needs
 * `--allow-ffi`; Linux only.
 *
 * @example Usage
 * ```ts
 * import { Semaphore } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const slots = new Semaphore(2);
 * assert.equal(slots.acquireSync(), true);
 * assert.equal(await slots.acquire(), true);
 * assert.equal(slots.acquireSync({ blocking: false }), false);
 * slots.release(2);
 * assert.equal(slots.getValue(), 2);
 * ```
 */
export class Semaphore {
  #place: Place;
  #core: SemaphoreCore;

  /**
   * Makes a semaphore in its own segment.
   *
   * @param value The count it starts with, by position or, as Python's
   * keyword, in an options object (`{ value: 5 }`).
   * @throws {ValueError} If `value` is negative.
   * @throws {TypeError} If `value` is not an integer.
   */
  constructor(value: number | SemaphoreOptions = 1) {
    const initial = checkValue(
      positionalOrKeyword(
        `create ${new.target.name}`,
        "value",
        value,
        undefined,
      )
        .value ?? 1,
    );
    const bounded = this instanceof BoundedSemaphore;
    const { place, words } = processWords(
      SEMAPHORE_WORDS,
      (words) => SemaphoreCore.init(words, initial, bounded),
    );
    this.#place = place;
    this.#core = new SemaphoreCore(words, ValueError);
  }

  /**
   * The count now, as Python's `get_value()`.
   *
   * @returns The count.
   */
  getValue(): number {
    return this.#core.value;
  }

  /**
   * Python's repr: `<Semaphore(value=2)>`, and for a BoundedSemaphore
   * `<BoundedSemaphore(value=1, maxvalue=1)>`.
   */
  toString(): string {
    const bound = this.#core.bound;
    return `<${this.constructor.name}(value=${this.getValue()}${
      bound === undefined ? "" : `, maxvalue=${bound}`
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
   * Takes one unit, waiting without blocking the thread while the count
   * is zero.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether a unit was taken.
   */
  acquire(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): Promise<boolean> {
    return acquireAsync(this.#core, checkAcquire, blocking, timeout);
  }

  /**
   * Takes one unit, blocking the thread while the count is zero.
   *
   * @param blocking Whether to wait (Python's positional `blocking`), or
   * the options: `blocking` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns Whether a unit was taken.
   */
  acquireSync(
    blocking?: boolean | ProcessAcquireOptions,
    timeout?: number | null,
  ): boolean {
    return acquireSync(this.#core, checkAcquire, blocking, timeout);
  }

  /**
   * Gives back `n` units, waking as many waiters.
   *
   * @param n The units.
   * @throws {ValueError} For a {@linkcode BoundedSemaphore}, if the count
   * would pass its starting value.
   */
  release(n = 1): void {
    if (!Number.isInteger(n) || n < 1) {
      throw new ValueError(
        `Cannot release Semaphore as 'n' must be an integer >= 1: current value is ${n}`,
      );
    }
    this.#core.release(n);
  }

  /**
   * Takes a unit and returns a guard that gives it back: `using _ =
   * sem.enterSync()` is Python's `with sem:`.
   *
   * @returns The guard.
   */
  enterSync(): Disposable {
    this.acquireSync();
    return { [Symbol.dispose]: () => this.release() };
  }

  /**
   * What makes it the same semaphore in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return {
      tag: this instanceof BoundedSemaphore
        ? "multiprocessing.BoundedSemaphore"
        : "multiprocessing.Semaphore",
      data: this.#place,
    };
  }
}

/**
 * A {@linkcode Semaphore} whose count cannot pass its starting value, as
 * Python's `multiprocessing.BoundedSemaphore`: one release too many is a
 * `ValueError`.
 *
 * @example Usage
 * ```ts
 * import { BoundedSemaphore, ValueError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const sem = new BoundedSemaphore(1);
 * assert.throws(() => sem.release(), ValueError);
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /**
   * Makes a bounded semaphore in its own segment.
   *
   * @param value The count it starts with, and its bound, by position or
   * in an options object (`{ value: 5 }`).
   */
  constructor(value: number | SemaphoreOptions = 1) {
    super(value);
  }
}

function checkValue(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(
      `Cannot create Semaphore as 'value' must be an integer: received ${
        describe(value)
      }`,
    );
  }
  if (value < 0) {
    throw new ValueError("semaphore initial value must be >= 0");
  }
  return value;
}

// Python's multiprocessing Semaphore checks only the timeout.
function checkAcquire(
  _blocking: unknown,
  timeout: unknown,
): number | undefined {
  return checkWaitSeconds("acquire Semaphore", timeout, ValueError);
}

registerPlaced(
  "multiprocessing.Semaphore",
  import.meta.url,
  () => new Semaphore(),
);
registerPlaced(
  "multiprocessing.BoundedSemaphore",
  import.meta.url,
  () => new BoundedSemaphore(),
);
