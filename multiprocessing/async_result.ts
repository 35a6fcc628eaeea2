// Copyright 2026 the @skein/concurrent authors. MIT license.
import { timeoutOptions } from "../_internal/keywords.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { settles } from "../_internal/settle.ts";
import { TimeoutError, ValueError } from "../errors.ts";

/** Options of the `...Async` methods: Python's callbacks. */
export interface AsyncOptions<R> {
  /**
   * Called with the result when it is ready, before the
   * {@linkcode AsyncResult} is: once `await result.get()` returns, it has
   * run. It should return quickly; an exception it throws is logged and
   * leaves the result as it is.
   */
  callback?: (result: R) => void;
  /**
   * Called with the exception when the task failed, before the
   * {@linkcode AsyncResult} is ready.
   */
  errorCallback?: (error: unknown) => void;
}

/**
 * Options of {@linkcode AsyncResult.prototype.get}, `wait`, and
 * {@linkcode IMapIterator.prototype.next}.
 */
export interface ResultWaitOptions {
  /**
   * Seconds to wait at most; `undefined` or `null` (Python's `None`):
   * forever.
   */
  timeout?: number | null;
}

/**
 * The result of a task started with an `...Async` method of
 * {@linkcode Pool}, as Python's `AsyncResult`.
 *
 * It is ready once its `callback` or `errorCallback` has run: after
 * `await result.get()` or `await result.wait()` returns, the callback has
 * been called. A `mapAsync` result is ready when all its chunks are done;
 * if some failed, it fails with the first error that came, as Python's.
 *
 * @example Usage
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(1);
 * const seen: number[] = [];
 * const result = pool.applyAsync((x: number) => x + 1, [41], {
 *   callback: (value) => seen.push(value),
 * });
 * assert.equal(await result.get({ timeout: 30 }), 42);
 * assert.deepEqual(seen, [42]);
 * assert.equal(result.ready(), true);
 * assert.equal(result.successful(), true);
 * ```
 *
 * @typeParam R The result type.
 */
export class AsyncResult<R> {
  #promise: Promise<R>;
  #done: Promise<void>;
  #settled: { ok: boolean; value: unknown } | undefined;

  /**
   * Not for use: results come from a {@linkcode Pool}.
   *
   * @param promise The task's outcome.
   * @param options The callbacks.
   * @ignore
   */
  constructor(promise: Promise<R>, options: AsyncOptions<R>) {
    this.#promise = promise;
    this.#done = promise.then(
      (value) => this.#finish(true, value, options.callback),
      (error) => this.#finish(false, error, options.errorCallback),
    );
  }

  /**
   * The result, waiting up to `timeout` seconds for it, as Python's
   * `get(timeout)`.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns The result.
   * @throws {TimeoutError} If it is not ready in time.
   * @throws {TypeError} If `timeout` is not a number.
   * @throws {unknown} The task's exception, if it failed.
   */
  async get(options?: number | null | ResultWaitOptions): Promise<R> {
    if (!await this.wait(options)) {
      throw new TimeoutError("The result is not ready in time");
    }
    return this.#promise;
  }

  /**
   * Waits up to `timeout` seconds for the result, as Python's
   * `wait(timeout)` (which returns nothing; this says whether it is
   * ready).
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns Whether it is ready.
   * @throws {TypeError} If `timeout` is not a number.
   */
  async wait(options?: number | null | ResultWaitOptions): Promise<boolean> {
    const timeout = checkWaitSeconds(
      "wait for result",
      timeoutOptions("wait for result", options).timeout ?? undefined,
      ValueError,
    );
    if (this.#settled !== undefined) return true;
    await settles(this.#done, { timeout });
    return this.#settled !== undefined;
  }

  /**
   * Whether the task has finished (and its callback has run).
   *
   * @returns `true` once it succeeded or failed.
   */
  ready(): boolean {
    return this.#settled !== undefined;
  }

  /**
   * Whether the task finished without an exception.
   *
   * @returns `true` if it succeeded.
   * @throws {ValueError} If it is not ready.
   */
  successful(): boolean {
    if (this.#settled === undefined) {
      throw new ValueError(
        "Cannot tell whether the task was successful as it is not ready",
      );
    }
    return this.#settled.ok;
  }

  // Python's _set(): the callback first, then ready.
  #finish(
    ok: boolean,
    value: unknown,
    callback: ((value: never) => void) | undefined,
  ): void {
    try {
      callback?.(value as never);
    } catch (error) {
      // Python's result handler would die of it; log it and go on, as
      // Future's done callbacks do.
      console.error("exception calling callback for AsyncResult", error);
    } finally {
      this.#settled = { ok, value };
    }
  }
}
