// Copyright 2026 the @skein/concurrent authors. MIT license.
import {
  checkOptionKeys,
  isPlainObject,
  positionalOptions,
  timeoutOptions,
} from "../_internal/keywords.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { checkSeconds, checkTimeout } from "../_internal/seconds.ts";
import { withoutNone } from "../_internal/none.ts";
import { settles } from "../_internal/settle.ts";
import { nextThreadNumber } from "../_internal/ident.ts";
import {
  isImportingForShipping,
  THREAD_BOOTSTRAPPING,
} from "../_internal/ship.ts";
import { callExcepthook } from "./_report.ts";

/** Options for {@linkcode Timer}'s constructor. */
export interface TimerOptions<A extends unknown[]> {
  /**
   * The arguments for the function; none when omitted or `null` (Python's
   * None).
   *
   * @default {[]}
   */
  args?: A | null;
  /**
   * Keyword arguments: when given, passed as one last argument; `null`
   * (Python's None) is the same as omitted.
   */
  kwargs?: Record<string, unknown> | null;
}

/**
 * Python's `Timer(interval=..., function=..., args=..., kwargs=...)`: every
 * parameter by keyword, in one object (`new Timer({ interval, function })`).
 */
export interface TimerKeywords<A extends unknown[]> extends TimerOptions<A> {
  /** Seconds to wait before calling `function`. */
  interval: number;
  /** The function to call. */
  function: (...args: A) => unknown;
}

/**
 * Calls a function after `interval` seconds unless cancelled, as Python's
 * `threading.Timer`. Unlike Python's, it does not start a thread: the
 * function runs on the event loop of the thread that called `start()`, so
 * it may use that thread's variables (and must not block it long). An
 * exception it raises goes to {@linkcode excepthook}. A pending timer keeps
 * the process alive, as Python's non-daemon Timer thread does.
 *
 * @typeParam A The argument types of the function.
 *
 * @example Calling a function later, and cancelling another
 * ```ts
 * import { Timer } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const calls: string[] = [];
 * const later = new Timer(0.01, (what: string) => calls.push(what), {
 *   args: ["fired"],
 * });
 * const never = new Timer(0.01, () => calls.push("cancelled"));
 * later.start();
 * never.start();
 * never.cancel();
 * await later.join();
 * await never.join();
 * assert.deepEqual(calls, ["fired"]);
 * assert.ok(!later.isAlive());
 * ```
 */
export class Timer<A extends unknown[] = unknown[]> {
  /** The delay in seconds. */
  readonly interval: number;
  /** The function to call. */
  readonly function: (...args: A) => unknown;
  /** Its arguments. */
  readonly args: A;
  /** Its keyword arguments, if given. */
  readonly kwargs: Record<string, unknown> | undefined;
  /** The timer's name, as a thread's: `Thread-N`. */
  name: string;
  #state: "initial" | "waiting" | "running" | "finished" = "initial";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #finished = Promise.withResolvers<void>();

  /**
   * Makes a timer; nothing is scheduled until `start()`.
   *
   * @param interval Seconds to wait before calling `fn`.
   * @param fn The function.
   * @param args Its arguments, by position as Python's
   * `Timer(interval, function, args, kwargs)`, or the options (`args`,
   * `kwargs`).
   * @param kwargs Its keyword arguments, passed as one last argument.
   * @throws {TypeError} If `interval` is not a number or `fn` not a
   * function.
   * @throws {ValueError} If `interval` is NaN.
   */
  constructor(
    interval: number,
    fn: (...args: A) => unknown,
    args?: A | null | TimerOptions<A>,
    kwargs?: Record<string, unknown> | null,
  );
  /**
   * Makes a timer from Python's keywords:
   * `new Timer({ interval: 1, function: f, args: [x] })`.
   *
   * @param keywords `interval`, `function`, `args` and `kwargs`.
   * @throws {TypeError} If `interval` is not a number or `function` not a
   * function, or if more arguments follow the object.
   * @throws {ValueError} If `interval` is NaN.
   */
  constructor(keywords: TimerKeywords<A>);
  constructor(
    first: number | TimerKeywords<A>,
    second?: (...args: A) => unknown,
    third?: A | null | TimerOptions<A>,
    fourth?: Record<string, unknown> | null,
  ) {
    let interval: unknown = first;
    let fn: unknown = second;
    let options: TimerOptions<A> = positionalOptions<TimerOptions<A>>(
      "create Timer",
      ["args", "kwargs"],
      [third, fourth],
    ) ?? {};
    if (isPlainObject(first)) {
      if (second !== undefined || third !== undefined) {
        throw new TypeError(
          "Cannot create Timer as its parameters are in the first argument, an options object, so no arguments may follow",
        );
      }
      checkOptionKeys("create Timer", first, [
        "interval",
        "function",
        "args",
        "kwargs",
      ]);
      ({ interval, function: fn, ...options } = first as TimerKeywords<A>);
    }
    checkSeconds("create Timer", "interval", interval, ValueError);
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot create Timer as 'function' must be a function: received ${
          describe(fn)
        }`,
      );
    }
    const { args = [] as unknown[] as A, kwargs } = withoutNone(options, [
      "args",
      "kwargs",
    ]);
    if (!Array.isArray(args)) {
      throw new TypeError(
        `Cannot create Timer as 'args' must be an array: received ${
          describe(args)
        }`,
      );
    }
    this.interval = interval as number;
    this.function = fn as (...args: A) => unknown;
    this.args = args;
    this.kwargs = kwargs;
    this.name = `Thread-${nextThreadNumber()}`;
  }

  /**
   * Starts the countdown.
   *
   * @throws {RuntimeError} If called twice, or, as `Thread.start()`, while
   * this module is being imported by a worker only to find a shipped
   * function (a script without its `if (import.meta.main)` guard).
   */
  start(): void {
    if (this.#state !== "initial") {
      throw new RuntimeError("threads can only be started once");
    }
    if (isImportingForShipping()) throw new RuntimeError(THREAD_BOOTSTRAPPING);
    this.#state = "waiting";
    this.#timer = setTimeout(
      () => this.#fire(),
      Math.max(0, this.interval) * 1000,
    );
  }

  /**
   * Stops the timer if it is still waiting; the function is then never
   * called. Does nothing once it has fired.
   */
  cancel(): void {
    if (this.#state === "waiting" || this.#state === "initial") {
      clearTimeout(this.#timer);
      this.#finish();
    }
  }

  /**
   * Whether the timer was started and has not fired (and returned) or been
   * cancelled.
   *
   * @returns `true` while waiting or running.
   */
  isAlive(): boolean {
    return this.#state === "waiting" || this.#state === "running";
  }

  /**
   * Waits until the function has run (and its promise settled) or the timer
   * was cancelled, or `timeout` seconds pass.
   *
   * @param options The timeout in seconds, by position (Python's) or in the
   * options; none when omitted or `null` (Python's None).
   * @throws {RuntimeError} If the timer was not started.
   */
  async join(
    options?: number | null | { timeout?: number | null },
  ): Promise<void> {
    const timeout = checkTimeout(
      "join thread",
      timeoutOptions("join thread", options).timeout,
      ValueError,
    );
    if (this.#state === "initial") {
      throw new RuntimeError("cannot join thread before it is started");
    }
    await settles(this.#finished.promise, { timeout });
  }

  async #fire(): Promise<void> {
    this.#state = "running";
    try {
      const args = this.kwargs === undefined
        ? this.args
        : [...this.args, this.kwargs] as unknown as A;
      await this.function(...args);
    } catch (error) {
      await callExcepthook(error, undefined);
    } finally {
      this.#finish();
    }
  }

  #finish(): void {
    this.#state = "finished";
    this.#finished.resolve();
  }
}
