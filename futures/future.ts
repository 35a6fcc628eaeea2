// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, TimeoutError, ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import { timeoutOptions } from "../_internal/keywords.ts";
import { settles } from "../_internal/settle.ts";
import { customInspect, objectId, pyTypeName } from "../_internal/py_repr.ts";
import { CancelledError, InvalidStateError } from "./errors.ts";
import { futureInternals } from "./_future_internals.ts";

type State =
  | "PENDING"
  | "RUNNING"
  | "CANCELLED"
  | "CANCELLED_AND_NOTIFIED"
  | "FINISHED";

/** Options for {@linkcode Future.prototype.result} and `exception`. */
export interface FutureWaitOptions {
  /**
   * Seconds to wait at most; then `TimeoutError`. Waits forever when
   * omitted or `null` (Python's None).
   */
  timeout?: number | null;
  /** Stops waiting (the future goes on) and rejects with the reason. */
  signal?: AbortSignal;
}

/**
 * The result of an asynchronous computation, as Python's
 * `concurrent.futures.Future`: pending, running, then finished with a
 * result or an exception, or cancelled. {@linkcode Executor.prototype.submit}
 * makes them; tests and executors drive them with `setRunningOrNotifyCancel`,
 * `setResult` and `setException`.
 *
 * A future is `PromiseLike`: `await future` gives its result or throws its
 * exception. A failed future that nobody awaits never causes an unhandled
 * rejection.
 *
 * @typeParam T The type of the result.
 *
 * @example Completing a future by hand
 * ```ts
 * import { Future } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const future = new Future<number>();
 * const seen: boolean[] = [];
 * future.addDoneCallback((f) => seen.push(f.done()));
 * assert.ok(future.setRunningOrNotifyCancel());
 * assert.ok(future.running());
 * future.setResult(42);
 * assert.equal(await future, 42);
 * assert.equal(await future.result(), 42);
 * assert.deepEqual(seen, [true]);
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  #state: State = "PENDING";
  #result: T | undefined;
  #exception: unknown;
  #failed = false;
  // `never`: keeps Future<T> covariant in T (a Future<number> is a
  // Future<unknown>). Made on first use: most futures get no callback.
  #callbacks: ((future: never) => unknown)[] | undefined;
  // What wait() and asCompleted() run when the future is done as they see
  // it (finished, or cancelled and notified), as Python's _waiters.
  #waiters: (() => void)[] | undefined;
  // Made only when someone awaits this future itself.
  #changed: PromiseWithResolvers<void> | undefined;

  static {
    futureInternals.onNotified = (future, waiter) => {
      if (futureInternals.isDoneForWaiters(future)) queueMicrotask(waiter);
      else (future.#waiters ??= []).push(waiter);
    };
    futureInternals.isDoneForWaiters = (future) =>
      future.#state === "FINISHED" ||
      future.#state === "CANCELLED_AND_NOTIFIED";
    futureInternals.failed = (future) => future.#failed;
  }

  /**
   * Cancels the future unless it is running or done, as Python.
   *
   * @returns Whether the future is cancelled.
   */
  cancel(): boolean {
    if (this.#state === "RUNNING" || this.#state === "FINISHED") return false;
    if (
      this.#state === "CANCELLED" || this.#state === "CANCELLED_AND_NOTIFIED"
    ) {
      return true;
    }
    this.#state = "CANCELLED";
    this.#changed?.resolve();
    this.#invokeCallbacks();
    return true;
  }

  /**
   * Whether the future was cancelled.
   *
   * @returns `true` when cancelled.
   */
  cancelled(): boolean {
    return this.#state === "CANCELLED" ||
      this.#state === "CANCELLED_AND_NOTIFIED";
  }

  /**
   * Whether the future's call is running now.
   *
   * @returns `true` while running.
   */
  running(): boolean {
    return this.#state === "RUNNING";
  }

  /**
   * Whether the future is done: finished or cancelled.
   *
   * @returns `true` when done.
   */
  done(): boolean {
    return this.#state === "CANCELLED" ||
      this.#state === "CANCELLED_AND_NOTIFIED" || this.#state === "FINISHED";
  }

  /**
   * Waits for the result.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options, with a `signal`.
   * @returns The result.
   * @throws {CancelledError} If the future was cancelled.
   * @throws {TimeoutError} If the timeout passes first.
   * @throws The future's exception, if its call raised one.
   */
  async result(options?: number | null | FutureWaitOptions): Promise<T> {
    await this.#wait(timeoutOptions("wait for the result", options));
    return this.#outcome();
  }

  /**
   * The result when the future is done; blocking for it is not possible
   * here, because a future is completed by its owner's event loop, which a
   * blocked thread stops.
   *
   * @returns The result.
   * @throws {RuntimeError} If the future is not done yet.
   * @throws {CancelledError} If it was cancelled.
   * @throws The future's exception, if its call raised one.
   */
  resultSync(): T {
    if (!this.done()) {
      throw new RuntimeError(
        "Cannot wait for the future synchronously: it is completed by this thread's event loop, which waiting would block; use await future.result()",
      );
    }
    return this.#outcome();
  }

  /**
   * Waits for the future and returns its exception, or `undefined` when it
   * finished with a result.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options, with a `signal`.
   * @returns The exception, or `undefined`.
   * @throws {CancelledError} If the future was cancelled.
   * @throws {TimeoutError} If the timeout passes first.
   */
  async exception(
    options?: number | null | FutureWaitOptions,
  ): Promise<unknown> {
    await this.#wait(timeoutOptions("wait for the exception", options));
    if (this.cancelled()) throw new CancelledError();
    return this.#failed ? this.#exception : undefined;
  }

  /**
   * Calls `fn(future)` when the future is done (at once if it is). An
   * exception from `fn` is logged and ignored, as Python.
   *
   * @param fn The callback.
   */
  addDoneCallback(fn: (future: Future<T>) => unknown): void {
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot add done callback as 'fn' must be a function: received ${
          describe(fn)
        }`,
      );
    }
    if (!this.done()) {
      (this.#callbacks ??= []).push(fn);
      return;
    }
    callSafely(fn, this);
  }

  /**
   * For executors: marks the future running, or reports that it was
   * cancelled (then waiters see it as done).
   *
   * @returns `false` if the future was cancelled, `true` if it now runs.
   * @throws {RuntimeError} If it is already running or done.
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.#state === "CANCELLED") {
      this.#state = "CANCELLED_AND_NOTIFIED";
      this.#notifyWaiters();
      return false;
    }
    if (this.#state === "PENDING") {
      this.#state = "RUNNING";
      return true;
    }
    throw new RuntimeError(`Future in unexpected state: ${this.#state}`);
  }

  /**
   * For executors: completes the future with a result.
   *
   * @param result The result.
   * @throws {InvalidStateError} If the future is cancelled or done.
   */
  setResult(result: T): void {
    this.#finish(() => {
      this.#result = result;
    });
  }

  /**
   * For executors: completes the future with an exception.
   *
   * @param exception The exception.
   * @throws {InvalidStateError} If the future is cancelled or done.
   */
  setException(exception: unknown): void {
    this.#finish(() => {
      this.#exception = exception;
      this.#failed = true;
    });
  }

  /**
   * `PromiseLike`: `await future` gives the result or throws the exception
   * (or `CancelledError`).
   *
   * @typeParam R1 What `onfulfilled` returns.
   * @typeParam R2 What `onrejected` returns.
   * @param onfulfilled Called with the result.
   * @param onrejected Called with the exception.
   * @returns A promise of what the called handler returns.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result().then(onfulfilled, onrejected);
  }

  /**
   * Python's repr: `<Future at 0x1 state=pending>`, `<Future at 0x1
   * state=finished returned int>`, `<Future at 0x1 state=finished raised
   * TypeError>`. The address is an id that is the same for the object's
   * whole life; types have Python's names (`int`, `str`, `list`, `dict`,
   * `NoneType`, else the class's).
   *
   * @returns The repr.
   */
  toString(): string {
    const head = `<${this.constructor.name} at ${objectId(this)} state=${
      STATE_DESCRIPTION[this.#state]
    }`;
    if (this.#state !== "FINISHED") return `${head}>`;
    return this.#failed
      ? `${head} raised ${pyTypeName(this.#exception)}>`
      : `${head} returned ${pyTypeName(this.#result)}>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  async #wait(options: FutureWaitOptions): Promise<void> {
    const { signal } = options;
    const timeout = checkTimeout(
      "wait for future",
      options.timeout,
      ValueError,
    );
    signal?.throwIfAborted();
    if (this.done()) return;
    this.#changed ??= Promise.withResolvers();
    if (!await settles(this.#changed.promise, { timeout, signal })) {
      throw new TimeoutError();
    }
  }

  #outcome(): T {
    if (this.cancelled()) throw new CancelledError();
    if (this.#failed) throw this.#exception;
    return this.#result as T;
  }

  #finish(set: () => void): void {
    if (
      this.#state === "CANCELLED" || this.#state === "CANCELLED_AND_NOTIFIED" ||
      this.#state === "FINISHED"
    ) {
      throw new InvalidStateError(`${this.#state}: ${this}`);
    }
    set();
    this.#state = "FINISHED";
    this.#changed?.resolve();
    this.#notifyWaiters();
    this.#invokeCallbacks();
  }

  #notifyWaiters(): void {
    const waiters = this.#waiters;
    if (waiters === undefined) return;
    this.#waiters = undefined;
    for (const waiter of waiters) waiter();
  }

  #invokeCallbacks(): void {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return;
    this.#callbacks = undefined;
    for (const fn of callbacks) {
      callSafely(fn as (future: Future<T>) => unknown, this);
    }
  }
}

function callSafely<T>(
  fn: (future: Future<T>) => unknown,
  future: Future<T>,
): void {
  try {
    const result = fn(future);
    if (result instanceof Promise) {
      result.catch((error) => logCallbackError(future, error));
    }
  } catch (error) {
    logCallbackError(future, error);
  }
}

function logCallbackError(
  future: { toString(): string },
  error: unknown,
): void {
  // Python logs "exception calling callback for <Future ...>" and goes on.
  console.error(`exception calling callback for ${future}`, error);
}

// Python's _STATE_TO_DESCRIPTION_MAP.
const STATE_DESCRIPTION: Record<State, string> = {
  PENDING: "pending",
  RUNNING: "running",
  CANCELLED: "cancelled",
  CANCELLED_AND_NOTIFIED: "cancelled",
  FINISHED: "finished",
};
