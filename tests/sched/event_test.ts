// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { Event, scheduler } from "@skein/concurrent/sched";

const noop = () => {};

Deno.test("Event holds Python's six fields", () => {
  const event = new Event(1.5, 2, 3, noop, ["x"], { y: 1 });
  assert.deepEqual(
    { ...event },
    {
      time: 1.5,
      priority: 2,
      sequence: 3,
      action: noop,
      argument: ["x"],
      kwargs: { y: 1 },
    },
  );
});

Deno.test("Event is immutable", () => {
  const event = new Event(1, 1, 0, noop, [], undefined);
  assert.ok(Object.isFrozen(event));
  assert.throws(() => {
    (event as { time: number }).time = 2;
  }, TypeError);
  assert.equal(event.time, 1);
});

Deno.test("Event from a scheduler defaults argument to [] and kwargs to undefined", () => {
  const s = new scheduler({ timefunc: () => 0, delayfunc: noop });
  const event = s.enter(0, 1, noop);
  assert.deepEqual(event.argument, []);
  assert.equal(event.kwargs, undefined);
  s.cancel(event);
});

Deno.test("Event.compare() orders by time, then priority, then sequence", () => {
  const a = new Event(1, 1, 5, noop, [], undefined);
  const b = new Event(1, 2, 0, noop, [], undefined);
  const c = new Event(2, 0, 1, noop, [], undefined);
  const d = new Event(1, 1, 6, noop, [], undefined);
  assert.ok(Event.compare(a, b) < 0);
  assert.ok(Event.compare(b, c) < 0);
  assert.ok(Event.compare(a, d) < 0);
  assert.ok(Event.compare(d, a) > 0);
  assert.equal(Event.compare(a, a), 0);
  assert.deepEqual([c, d, b, a].sort(Event.compare), [a, d, b, c]);
});
