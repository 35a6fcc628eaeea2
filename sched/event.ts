// Copyright 2026 the @skein/concurrent authors. MIT license.
import { heapSlot } from "./_heap_slot.ts";

/**
 * A function a {@linkcode scheduler} calls. It receives the event's
 * `argument` spread, then `kwargs` as one last argument when it was given.
 * Its result is ignored, except that `scheduler.run()` awaits a promise.
 */
export type Action = (...args: never[]) => unknown;

/**
 * A scheduled event, as Python's `sched.Event` named tuple: returned by
 * {@linkcode scheduler.prototype.enterabs} and
 * {@linkcode scheduler.prototype.enter}, accepted by
 * {@linkcode scheduler.prototype.cancel}. Events are immutable (frozen) and
 * run in the order of (`time`, `priority`, `sequence`); compare two with
 * {@linkcode Event.compare}.
 *
 * @example Reading an event's fields
 * ```ts
 * import { scheduler } from "@skein/concurrent/sched";
 * import assert from "node:assert/strict";
 *
 * const s = new scheduler({ timefunc: () => 0, delayfunc: () => {} });
 * const greet = (name: string) => `hello ${name}`;
 * const event = s.enterabs(5, 1, greet, { argument: ["ada"] });
 * assert.equal(event.time, 5);
 * assert.equal(event.priority, 1);
 * assert.equal(event.sequence, 0);
 * assert.equal(event.action, greet);
 * assert.deepEqual(event.argument, ["ada"]);
 * assert.equal(event.kwargs, undefined);
 * assert.ok(Object.isFrozen(event));
 * s.cancel(event);
 * ```
 */
export class Event {
  /** When the event is due, in the units of the scheduler's `timefunc`. */
  readonly time: number;
  /** Orders events due at the same time: lower numbers run first. */
  readonly priority: number;
  /** The scheduler's counter at entry; breaks ties in entry order. */
  readonly sequence: number;
  /** The function called when the event runs. */
  readonly action: Action;
  /** The positional arguments for `action`. */
  readonly argument: readonly unknown[];
  /**
   * The keyword arguments for `action`, passed as its last argument; absent
   * (`undefined`) when none were given, and then nothing extra is passed.
   */
  readonly kwargs: Readonly<Record<string, unknown>> | undefined;
  #heapIndex = -1;

  static {
    heapSlot.get = (event) => event.#heapIndex;
    heapSlot.set = (event, index) => {
      event.#heapIndex = index;
    };
  }

  /**
   * Builds an event. A {@linkcode scheduler} makes its own events; an event
   * built here is in no scheduler, so `cancel()` rejects it.
   *
   * @param time When the event is due.
   * @param priority Its priority among events due at the same time.
   * @param sequence Its tie-breaker among equal times and priorities.
   * @param action The function to call.
   * @param argument The positional arguments for `action`.
   * @param kwargs The keyword arguments for `action`, if any.
   */
  constructor(
    time: number,
    priority: number,
    sequence: number,
    action: Action,
    argument: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.time = time;
    this.priority = priority;
    this.sequence = sequence;
    this.action = action;
    this.argument = argument;
    this.kwargs = kwargs;
    Object.freeze(this);
  }

  /**
   * Compares two events by (`time`, `priority`, `sequence`), as Python
   * compares `sched.Event` tuples: negative when `a` runs first, positive
   * when `b` does, zero when they tie. Usable as an `Array.prototype.sort`
   * comparator.
   *
   * @param a The first event.
   * @param b The second event.
   * @returns A negative number, zero or a positive number.
   *
   * @example Sorting events
   * ```ts
   * import { Event } from "@skein/concurrent/sched";
   * import assert from "node:assert/strict";
   *
   * const noop = () => {};
   * const late = new Event(2, 1, 0, noop, [], undefined);
   * const urgent = new Event(1, 0, 2, noop, [], undefined);
   * const early = new Event(1, 1, 1, noop, [], undefined);
   * assert.deepEqual([late, early, urgent].sort(Event.compare), [
   *   urgent,
   *   early,
   *   late,
   * ]);
   * ```
   */
  static compare(a: Event, b: Event): number {
    return (a.time - b.time) || (a.priority - b.priority) ||
      (a.sequence - b.sequence);
  }
}
