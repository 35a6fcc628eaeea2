// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `sched`: a general-purpose event scheduler.
 *
 * | Python | here |
 * | --- | --- |
 * | `sched.scheduler(timefunc, delayfunc)` | `new scheduler({ timefunc, delayfunc })` |
 * | `s.enterabs(time, priority, action, argument, kwargs)` | `s.enterabs(time, priority, action, { argument, kwargs })` |
 * | `s.enter(delay, priority, action, argument, kwargs)` | `s.enter(delay, priority, action, { argument, kwargs })` |
 * | `s.cancel(event)`, `s.empty()`, `s.queue` | the same |
 * | `s.run(blocking=True)` | `await s.run({ blocking: true })`, or `s.runSync()` |
 * | `sched.Event` | {@linkcode Event} |
 *
 * Times are numbers in the units of `timefunc` (by default monotonic
 * seconds, `performance.now() / 1000`). Beyond Python, `run()` takes an
 * `AbortSignal`, actions and `delayfunc` may be async, and a `scheduler` is
 * `Disposable`.
 *
 * @example A few timed events
 * ```ts
 * import { scheduler } from "@skein/concurrent/sched";
 * import assert from "node:assert/strict";
 *
 * using s = new scheduler();
 * const fired: string[] = [];
 * const log = (what: string) => fired.push(what);
 * const now = s.timefunc(); // monotonic seconds
 * s.enterabs(now + 0.02, 1, log, { argument: ["b"] });
 * const a = s.enterabs(now + 0.01, 1, log, { argument: ["a"] });
 * s.enterabs(now + 0.01, 0, log, { argument: ["urgent"] });
 * s.cancel(s.enter(0.015, 1, log, { argument: ["cancelled"] }));
 * assert.deepEqual(s.queue.map((event) => event.priority), [0, 1, 1]);
 * assert.equal(s.queue[1], a);
 * await s.run();
 * assert.deepEqual(fired, ["urgent", "a", "b"]);
 * ```
 *
 * @module
 */
export * from "./event.ts";
export * from "./scheduler.ts";
export { ValueError } from "../errors.ts";
