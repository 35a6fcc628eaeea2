// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { positionalOptions } from "../_internal/keywords.ts";
import { settles } from "../_internal/settle.ts";
import { type Action, Event } from "./event.ts";
import { EventHeap } from "./_event_heap.ts";
import { sleep, sleepSync } from "./_sleep.ts";

/** Returns the current time, in any unit the scheduler's events use. */
export type TimeFunc = () => number;

/**
 * Waits `seconds` (in the units of the `timefunc`). It may return a promise,
 * which `run()` awaits; `runSync()` needs one that returns something else.
 * `run()` passes its `signal` as the second argument.
 */
export type DelayFunc = (seconds: number, signal?: AbortSignal) => unknown;

/** Options for {@linkcode scheduler}'s constructor. */
export interface SchedulerOptions {
  /**
   * The clock, as Python's `timefunc`: called without arguments, it returns
   * a number. Inject a fake clock in tests.
   *
   * @default {() => performance.now() / 1000}
   */
  timefunc?: TimeFunc;
  /**
   * The sleep, as Python's `delayfunc`: called with a number of time units
   * (and `run()`'s signal), it waits that long. `run()` also calls it with 0
   * after each event, so other tasks get a chance to run.
   *
   * @default {an abortable async sleep of the given seconds, that returns at once for 0}
   */
  delayfunc?: DelayFunc;
}

/** Options for {@linkcode scheduler.prototype.enterabs} and `enter`. */
export interface EnterOptions {
  /**
   * The positional arguments for the action.
   *
   * @default {[]}
   */
  argument?: readonly unknown[];
  /**
   * Python's keyword arguments: when given, passed to the action as one
   * last argument after `argument`.
   *
   * @default {undefined}
   */
  kwargs?: Readonly<Record<string, unknown>>;
}

/** Options for {@linkcode scheduler.prototype.run} and `runSync`. */
export interface RunOptions {
  /**
   * With `true`, run until the queue is empty, waiting for each event; with
   * `false`, run the events that are due and return the delay until the next
   * one.
   *
   * @default {true}
   */
  blocking?: boolean;
  /**
   * Stops the run between events; the remaining events stay scheduled. It is
   * passed to `delayfunc`, and a pending delay is cut short.
   */
  signal?: AbortSignal;
}

const NO_ARGUMENT: readonly unknown[] = Object.freeze([]);

/**
 * A general-purpose event scheduler, as Python's `sched.scheduler` (the
 * class keeps Python's lowercase name). Events are entered with a time (or a
 * delay) and a priority, and {@linkcode scheduler.prototype.run} calls their
 * actions in order of (time, priority, entry), waiting in between with
 * `delayfunc`.
 *
 * The queue is a binary heap: `enterabs`, `enter` and `cancel` are
 * O(log n). Actions may enter and cancel events while `run()` is in
 * progress. The scheduler is `Disposable`: `using s = new scheduler()`
 * cancels whatever is left at the end of the block.
 *
 * @example Running events with an injected clock
 * ```ts
 * import { scheduler } from "@skein/concurrent/sched";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const s = new scheduler({
 *   timefunc: () => now,
 *   delayfunc: (seconds) => {
 *     now += seconds;
 *   },
 * });
 * const fired: string[] = [];
 * const log = (what: string) => fired.push(`${what} at ${now}`);
 * s.enter(2, 1, log, { argument: ["second"] });
 * s.enter(1, 1, log, { argument: ["first"] });
 * await s.run();
 * assert.deepEqual(fired, ["first at 1", "second at 2"]);
 * ```
 *
 * @example Real time, with `using`
 * ```ts
 * import { scheduler } from "@skein/concurrent/sched";
 * import assert from "node:assert/strict";
 *
 * using s = new scheduler();
 * const order: number[] = [];
 * s.enter(0.02, 1, () => order.push(2));
 * s.enter(0.01, 1, () => order.push(1));
 * await s.run();
 * assert.deepEqual(order, [1, 2]);
 * ```
 */
export class scheduler implements Disposable {
  /** The clock the scheduler reads. */
  readonly timefunc: TimeFunc;
  /** The sleep the scheduler waits with. */
  readonly delayfunc: DelayFunc;
  #heap = new EventHeap();
  #sequence = 0;

  /**
   * Makes a scheduler with the given clock and sleep, by position as
   * Python's `scheduler(timefunc, delayfunc)` or in an options object.
   *
   * @param timefunc The clock, or the options: `timefunc` and `delayfunc`.
   * @param delayfunc The sleep.
   * @throws {TypeError} If `timefunc` or `delayfunc` is not a function.
   */
  constructor(
    timefunc?: TimeFunc | SchedulerOptions,
    delayfunc?: DelayFunc,
  ) {
    const options = positionalOptions<SchedulerOptions>(
      "create scheduler",
      ["timefunc", "delayfunc"],
      [timefunc, delayfunc],
    ) ?? {};
    const { timefunc: clock = monotonic, delayfunc: wait = sleep } = options;
    checkFunction("create scheduler", "timefunc", clock);
    checkFunction("create scheduler", "delayfunc", wait);
    this.timefunc = clock;
    this.delayfunc = wait;
  }

  /**
   * Schedules `action` at the absolute `time` (in the units of `timefunc`).
   * Events due at the same time run in order of `priority`, lower first,
   * then in the order they were entered.
   *
   * @param time When the event is due.
   * @param priority Its priority among events due at the same time.
   * @param action The function to call.
   * @param argument Its positional arguments (Python's positional
   * `argument`), or the options: `argument` and `kwargs`.
   * @param kwargs Its keyword arguments, passed as one last argument.
   * @returns The event, which `cancel()` accepts.
   * @throws {TypeError} If `time` or `priority` is not a number, `action` is
   * not a function, `argument` is not an array or `kwargs` is not an object.
   * @throws {ValueError} If `time` or `priority` is not finite.
   *
   * @example Priorities break ties
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const s = new scheduler({ timefunc: () => 1, delayfunc: () => {} });
   * const order: string[] = [];
   * s.enterabs(1, 2, () => order.push("low"));
   * s.enterabs(1, 1, () => order.push("high"));
   * s.runSync();
   * assert.deepEqual(order, ["high", "low"]);
   * ```
   */
  enterabs(
    time: number,
    priority: number,
    action: Action,
    argument?: readonly unknown[] | EnterOptions,
    kwargs?: Readonly<Record<string, unknown>>,
  ): Event {
    checkNumber("time", time);
    checkNumber("priority", priority);
    return this.#push(time, priority, action, enterOptions(argument, kwargs));
  }

  /**
   * Schedules `action` `delay` time units from now: `enterabs` at
   * `timefunc() + delay`.
   *
   * @param delay How long from now the event is due.
   * @param priority Its priority among events due at the same time.
   * @param action The function to call.
   * @param argument Its positional arguments (Python's positional
   * `argument`), or the options: `argument` and `kwargs`.
   * @param kwargs Its keyword arguments, passed as one last argument.
   * @returns The event, which `cancel()` accepts.
   * @throws {TypeError} If `delay` or `priority` is not a number, `action` is
   * not a function, `argument` is not an array or `kwargs` is not an object.
   * @throws {ValueError} If `delay` or `priority` is not finite.
   *
   * @example Arguments and keyword arguments
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const s = new scheduler({ timefunc: () => 10, delayfunc: () => {} });
   * const calls: unknown[][] = [];
   * const event = s.enter(0, 1, (...args: unknown[]) => calls.push(args), {
   *   argument: [1, 2],
   *   kwargs: { sep: "-" },
   * });
   * assert.equal(event.time, 10);
   * s.runSync();
   * assert.deepEqual(calls, [[1, 2, { sep: "-" }]]);
   * ```
   */
  enter(
    delay: number,
    priority: number,
    action: Action,
    argument?: readonly unknown[] | EnterOptions,
    kwargs?: Readonly<Record<string, unknown>>,
  ): Event {
    checkNumber("delay", delay);
    checkNumber("priority", priority);
    return this.#push(
      this.timefunc() + delay,
      priority,
      action,
      enterOptions(argument, kwargs),
    );
  }

  /**
   * Removes `event` from the queue.
   *
   * @param event An event this scheduler returned and has not run yet.
   * @throws {ValueError} If the event is not in this scheduler's queue: it
   * already ran, was cancelled, or belongs to another scheduler.
   *
   * @example Cancelling an event
   * ```ts
   * import { scheduler, ValueError } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const s = new scheduler({ timefunc: () => 0, delayfunc: () => {} });
   * const event = s.enter(1, 1, () => {});
   * s.cancel(event);
   * assert.ok(s.empty());
   * assert.throws(() => s.cancel(event), ValueError);
   * ```
   */
  cancel(event: Event): void {
    if (!(event instanceof Event) || !this.#heap.has(event)) {
      throw new ValueError(
        "Cannot cancel event as it is not in this scheduler's queue",
      );
    }
    this.#heap.remove(event);
  }

  /**
   * Whether the queue is empty.
   *
   * @returns `true` when no event is scheduled.
   *
   * @example Usage
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const s = new scheduler({ timefunc: () => 0, delayfunc: () => {} });
   * assert.ok(s.empty());
   * s.enter(0, 1, () => {});
   * assert.ok(!s.empty());
   * s.runSync();
   * assert.ok(s.empty());
   * ```
   */
  empty(): boolean {
    return this.#heap.size === 0;
  }

  /**
   * The upcoming events in the order they will run, as a fresh array (a
   * snapshot: changing it changes nothing).
   *
   * @example Usage
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const s = new scheduler({ timefunc: () => 0, delayfunc: () => {} });
   * const b = s.enterabs(2, 1, () => {});
   * const a = s.enterabs(1, 1, () => {});
   * assert.deepEqual(s.queue, [a, b]);
   * s[Symbol.dispose]();
   * ```
   */
  get queue(): Event[] {
    return this.#heap.sorted();
  }

  /**
   * Runs the scheduled events, as Python's `run()`: while the first event is
   * not due it awaits `delayfunc(time - now)`; when it is due it removes it,
   * calls its action (awaiting a returned promise) and then awaits
   * `delayfunc(0)`. Events that actions enter or cancel are honoured.
   *
   * With `blocking: false` it runs only the events that are due and resolves
   * to the delay until the next event, or `undefined` when none is left.
   *
   * An action that throws rejects the run with that error; the events after
   * it stay scheduled and a later `run()` continues. When `signal` aborts,
   * the run rejects with `signal.reason` between events (a pending delay is
   * cut short, a running action completes), and the events stay scheduled.
   *
   * @param options Whether to wait for future events (Python's positional
   * `blocking`), or the options: `blocking` and a signal.
   * @returns The delay until the next event when not blocking, else
   * `undefined`.
   * @throws {TypeError} If `blocking` is not a boolean or `signal` not an
   * `AbortSignal`.
   *
   * @example Non-blocking runs report the delay to the next event
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * let now = 0;
   * const s = new scheduler({ timefunc: () => now, delayfunc: () => {} });
   * const fired: number[] = [];
   * s.enterabs(1, 1, () => fired.push(1));
   * s.enterabs(5, 1, () => fired.push(5));
   * now = 2;
   * assert.equal(await s.run({ blocking: false }), 3);
   * assert.deepEqual(fired, [1]);
   * now = 5;
   * assert.equal(await s.run({ blocking: false }), undefined);
   * assert.deepEqual(fired, [1, 5]);
   * ```
   *
   * @example Stopping a run with a signal
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const s = new scheduler();
   * const controller = new AbortController();
   * s.enter(0, 1, () => controller.abort(new Error("enough")));
   * s.enter(60, 1, () => {});
   * await assert.rejects(s.run({ signal: controller.signal }), /enough/);
   * assert.equal(s.queue.length, 1);
   * s[Symbol.dispose]();
   * ```
   */
  async run(options?: boolean | RunOptions): Promise<number | undefined> {
    const { blocking = true, signal } = runOptions(options);
    checkRunOptions(blocking, signal);
    const heap = this.#heap;
    const timefunc = this.timefunc;
    const delayfunc = this.delayfunc;
    while (true) {
      signal?.throwIfAborted();
      const event = heap.head();
      if (event === undefined) return undefined;
      const now = timefunc();
      if (event.time > now) {
        if (!blocking) return event.time - now;
        const waiting = delayfunc(event.time - now, signal);
        if (isThenable(waiting)) await abortable(waiting, signal);
      } else {
        heap.pop();
        const result = call(event);
        if (isThenable(result)) await result;
        const waiting = delayfunc(0, signal);
        if (isThenable(waiting)) await abortable(waiting, signal);
      }
    }
  }

  /**
   * Runs the scheduled events synchronously, as {@linkcode run} does, for a
   * synchronous `delayfunc`. With the default `delayfunc` it sleeps with
   * `Atomics.wait`, blocking the thread (on the main thread, the event loop)
   * as Python's `time.sleep` does. An action's result is not awaited.
   *
   * @param options Whether to wait for future events (Python's positional
   * `blocking`), or the options: `blocking` and a signal (checked between
   * events).
   * @returns The delay until the next event when not blocking, else
   * `undefined`.
   * @throws {TypeError} If `delayfunc` returns a promise (use `run()`), or
   * `blocking` is not a boolean or `signal` not an `AbortSignal`.
   *
   * @example Usage
   * ```ts
   * import { scheduler } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * let now = 0;
   * const s = new scheduler({
   *   timefunc: () => now,
   *   delayfunc: (seconds) => {
   *     now += seconds;
   *   },
   * });
   * const fired: number[] = [];
   * for (const t of [3, 1, 2]) s.enterabs(t, 1, () => fired.push(t));
   * s.runSync();
   * assert.deepEqual(fired, [1, 2, 3]);
   * assert.equal(now, 3);
   * ```
   */
  runSync(options?: boolean | RunOptions): number | undefined {
    const { blocking = true, signal } = runOptions(options);
    checkRunOptions(blocking, signal);
    const heap = this.#heap;
    const timefunc = this.timefunc;
    const delayfunc = this.delayfunc === sleep ? sleepSync : this.delayfunc;
    while (true) {
      signal?.throwIfAborted();
      const event = heap.head();
      if (event === undefined) return undefined;
      const now = timefunc();
      if (event.time > now) {
        if (!blocking) return event.time - now;
        checkSync(delayfunc(event.time - now, signal));
      } else {
        heap.pop();
        call(event);
        checkSync(delayfunc(0, signal));
      }
    }
  }

  /** Cancels every scheduled event. */
  [Symbol.dispose](): void {
    this.#heap.clear();
  }

  #push(
    time: number,
    priority: number,
    action: Action,
    options: EnterOptions,
  ): Event {
    checkFunction("schedule event", "action", action);
    const { argument = NO_ARGUMENT, kwargs } = options;
    if (!Array.isArray(argument)) {
      throw new TypeError(
        `Cannot schedule event as 'argument' must be an array: received ${
          describe(argument)
        }`,
      );
    }
    if (
      kwargs !== undefined && (typeof kwargs !== "object" || kwargs === null)
    ) {
      throw new TypeError(
        `Cannot schedule event as 'kwargs' must be an object: received ${
          describe(kwargs)
        }`,
      );
    }
    checkFinite("time", time); // enter(): now + delay may overflow
    const event = new Event(
      time,
      priority,
      this.#sequence++,
      action,
      argument,
      kwargs,
    );
    this.#heap.push(event);
    return event;
  }
}

function monotonic(): number {
  return performance.now() / 1000;
}

function call(event: Event): unknown {
  const action = event.action as (...args: unknown[]) => unknown;
  const argument = event.argument;
  if (event.kwargs !== undefined) return action(...argument, event.kwargs);
  // Spreading is slow enough to matter when events are cheap.
  switch (argument.length) {
    case 0:
      return action();
    case 1:
      return action(argument[0]);
    default:
      return action(...argument);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== undefined && value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function";
}

// A pending delay is cut short by the signal (and its outcome still read).
async function abortable(
  waiting: PromiseLike<unknown>,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (signal !== undefined) await settles(waiting, { signal });
  return await waiting;
}

function checkSync(waited: unknown): void {
  if (isThenable(waited)) {
    // The caller chose runSync; do not let the ignored promise crash later.
    Promise.resolve(waited).catch(() => {});
    throw new TypeError(
      "Cannot run scheduler synchronously as 'delayfunc' returned a promise: use run() instead",
    );
  }
}

function checkNumber(name: string, value: number): void {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot schedule event as '${name}' must be a number: received ${
        describe(value)
      }`,
    );
  }
  checkFinite(name, value);
}

function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new ValueError(
      `Cannot schedule event as '${name}' must be finite: current value is ${value}`,
    );
  }
}

function checkFunction(what: string, name: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(
      `Cannot ${what} as '${name}' must be a function: received ${
        describe(value)
      }`,
    );
  }
}

function checkRunOptions(blocking: unknown, signal: unknown): void {
  if (typeof blocking !== "boolean") {
    throw new TypeError(
      `Cannot run scheduler as 'blocking' must be a boolean: received ${
        describe(blocking)
      }`,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `Cannot run scheduler as 'signal' must be an AbortSignal: received ${
        describe(signal)
      }`,
    );
  }
}

// enter()'s `argument` and `kwargs`, by position as Python's or in the
// options.
function enterOptions(
  argument: readonly unknown[] | EnterOptions | undefined,
  kwargs: Readonly<Record<string, unknown>> | undefined,
): EnterOptions {
  return positionalOptions<EnterOptions>(
    "schedule event",
    ["argument", "kwargs"],
    [argument, kwargs],
  ) ?? {};
}

// run()'s `blocking`, by position as Python's or in the options.
function runOptions(options: boolean | RunOptions | undefined): RunOptions {
  return positionalOptions<RunOptions>("run scheduler", ["blocking"], [
    options,
  ]) ?? {};
}
