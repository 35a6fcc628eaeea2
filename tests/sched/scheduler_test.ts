// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's Lib/test/test_sched.py, with an injected clock throughout,
// plus what this package adds (runSync, signal, dispose, validation).
import assert from "node:assert/strict";
import { Event, scheduler, ValueError } from "@skein/concurrent/sched";
import { FakeTimer, Inbox, settle } from "./_fake_timer.ts";

/** A scheduler whose clock jumps forward by whatever it is asked to wait. */
function jumpingScheduler(): scheduler {
  let now = 0;
  return new scheduler({
    timefunc: () => now,
    delayfunc: (seconds) => {
      now += seconds;
    },
  });
}

Deno.test("scheduler.enter() runs events in order of delay", async () => {
  const l: number[] = [];
  const s = jumpingScheduler();
  for (const x of [0.5, 0.4, 0.3, 0.2, 0.1]) {
    s.enter(x, 1, (v: number) => l.push(v), { argument: [x] });
  }
  await s.run();
  assert.deepEqual(l, [0.1, 0.2, 0.3, 0.4, 0.5]);
});

Deno.test("scheduler.enterabs() runs events in order of time", async () => {
  const l: number[] = [];
  const s = jumpingScheduler();
  for (const x of [0.05, 0.04, 0.03, 0.02, 0.01]) {
    s.enterabs(x, 1, (v: number) => l.push(v), { argument: [x] });
  }
  await s.run();
  assert.deepEqual(l, [0.01, 0.02, 0.03, 0.04, 0.05]);
});

Deno.test("scheduler.enter() during run() is honoured", async () => {
  const q = new Inbox<number>();
  const timer = new FakeTimer();
  const s = new scheduler({ timefunc: timer.time, delayfunc: timer.sleep });
  s.enter(1, 1, q.put, { argument: [1] });
  s.enter(3, 1, q.put, { argument: [3] });
  const running = s.run();
  timer.advance(1);
  assert.equal(await q.get(), 1);
  await settle();
  assert.ok(q.empty());
  for (const x of [4, 5, 2]) s.enter(x - 1, 1, q.put, { argument: [x] });
  timer.advance(2);
  assert.equal(await q.get(), 2);
  assert.equal(await q.get(), 3);
  await settle();
  assert.ok(q.empty());
  timer.advance(1);
  assert.equal(await q.get(), 4);
  await settle();
  assert.ok(q.empty());
  timer.advance(1);
  assert.equal(await q.get(), 5);
  await settle();
  assert.ok(q.empty());
  timer.advance(1000);
  assert.equal(await running, undefined);
  assert.ok(q.empty());
  assert.equal(timer.time(), 5);
});

Deno.test("scheduler runs equal times in order of priority", async (t) => {
  const l: number[] = [];
  const s = jumpingScheduler();
  const cases: [number[], number[]][] = [
    [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]],
    [[5, 4, 3, 2, 1], [1, 2, 3, 4, 5]],
    [[2, 5, 3, 1, 4], [1, 2, 3, 4, 5]],
    [[1, 2, 3, 2, 1], [1, 1, 2, 2, 3]],
  ];
  for (const [priorities, expected] of cases) {
    await t.step(`priorities ${priorities}`, async () => {
      for (const priority of priorities) {
        s.enterabs(0.01, priority, (p: number) => l.push(p), {
          argument: [priority],
        });
      }
      await s.run();
      assert.deepEqual(l, expected);
      assert.ok(s.empty());
      l.length = 0;
    });
  }
});

Deno.test("scheduler runs equal times and priorities in entry order", () => {
  const l: string[] = [];
  const s = jumpingScheduler();
  const events = ["a", "b", "c", "d"].map((x) =>
    s.enterabs(1, 1, (v: string) => l.push(v), { argument: [x] })
  );
  assert.deepEqual(events.map((e) => e.sequence), [0, 1, 2, 3]);
  s.runSync();
  assert.deepEqual(l, ["a", "b", "c", "d"]);
});

Deno.test("scheduler.cancel() removes events before run()", async () => {
  const l: number[] = [];
  const fun = (x: number) => l.push(x);
  const s = jumpingScheduler();
  const now = s.timefunc();
  const event1 = s.enterabs(now + 0.01, 1, fun, { argument: [0.01] });
  s.enterabs(now + 0.02, 1, fun, { argument: [0.02] });
  s.enterabs(now + 0.03, 1, fun, { argument: [0.03] });
  s.enterabs(now + 0.04, 1, fun, { argument: [0.04] });
  const event5 = s.enterabs(now + 0.05, 1, fun, { argument: [0.05] });
  s.cancel(event1);
  s.cancel(event5);
  await s.run();
  assert.deepEqual(l, [0.02, 0.03, 0.04]);
});

Deno.test("scheduler.cancel() during run() is honoured", async () => {
  const q = new Inbox<number>();
  const timer = new FakeTimer();
  const s = new scheduler({ timefunc: timer.time, delayfunc: timer.sleep });
  const now = timer.time();
  s.enterabs(now + 1, 1, q.put, { argument: [1] });
  const event2 = s.enterabs(now + 2, 1, q.put, { argument: [2] });
  s.enterabs(now + 4, 1, q.put, { argument: [4] });
  const event5 = s.enterabs(now + 5, 1, q.put, { argument: [5] });
  s.enterabs(now + 3, 1, q.put, { argument: [3] });
  const running = s.run();
  timer.advance(1);
  assert.equal(await q.get(), 1);
  await settle();
  assert.ok(q.empty());
  s.cancel(event2);
  s.cancel(event5);
  timer.advance(1);
  await settle();
  assert.ok(q.empty());
  timer.advance(1);
  assert.equal(await q.get(), 3);
  await settle();
  assert.ok(q.empty());
  timer.advance(1);
  assert.equal(await q.get(), 4);
  await settle();
  assert.ok(q.empty());
  timer.advance(1000);
  await running;
  assert.ok(q.empty());
  assert.equal(timer.time(), 4);
});

Deno.test("scheduler.cancel() removes the event given among equals", async () => {
  // bpo-19270: equal (time, priority) must not cancel the wrong event.
  const events: string[] = [];
  const push = (x: string) => events.push(x);
  using s = new scheduler();
  s.enterabs(1, 1, push, { argument: ["a"] });
  const b = s.enterabs(1, 1, push, { argument: ["b"] });
  s.enterabs(1, 1, push, { argument: ["c"] });
  s.cancel(b);
  await s.run();
  assert.deepEqual(events, ["a", "c"]);
});

Deno.test("scheduler.cancel() throws ValueError for an event not queued", async (t) => {
  const message = "Cannot cancel event as it is not in this scheduler's queue";
  const s = jumpingScheduler();
  await t.step("already cancelled", () => {
    const event = s.enter(1, 1, () => {});
    s.cancel(event);
    assert.throws(() => s.cancel(event), { name: "ValueError", message });
  });
  await t.step("already run", () => {
    const event = s.enter(1, 1, () => {});
    s.runSync();
    assert.throws(() => s.cancel(event), ValueError);
  });
  await t.step("running now", () => {
    let error: unknown;
    const event: Event = s.enter(0, 1, () => {
      try {
        s.cancel(event);
      } catch (e) {
        error = e;
      }
    });
    s.runSync();
    assert.ok(error instanceof ValueError);
  });
  await t.step("from another scheduler", () => {
    const other = jumpingScheduler();
    const mine = s.enter(1, 1, () => {});
    const theirs = other.enter(1, 1, () => {});
    assert.throws(() => s.cancel(theirs), ValueError);
    assert.throws(() => other.cancel(mine), ValueError);
    assert.deepEqual(s.queue, [mine]);
    assert.deepEqual(other.queue, [theirs]);
    s.cancel(mine);
    other.cancel(theirs);
  });
  await t.step("built by hand", () => {
    const event = new Event(0, 0, 0, () => {}, [], undefined);
    assert.throws(() => s.cancel(event), ValueError);
  });
  await t.step("not an event", () => {
    assert.throws(() => s.cancel({} as Event), ValueError);
  });
});

Deno.test("scheduler.cancel() keeps the heap in order", () => {
  // A deterministic pseudo-random mix of enters and cancels, checked
  // against a sorted reference after every step.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const s = jumpingScheduler();
  const live: Event[] = [];
  for (let i = 0; i < 2000; i++) {
    if (live.length > 0 && random() < 0.4) {
      const [event] = live.splice(Math.floor(random() * live.length), 1);
      s.cancel(event!);
    } else {
      const time = Math.floor(random() * 50);
      live.push(s.enterabs(time, Math.floor(random() * 3), () => {}));
    }
    if (i % 97 === 0) assert.deepEqual(s.queue, live.toSorted(Event.compare));
  }
  const ran: Event[] = [];
  const queued = s.queue;
  for (const event of queued) s.cancel(event);
  for (const event of queued) {
    ran.push(s.enterabs(event.time, event.priority, () => {}));
  }
  assert.deepEqual(s.queue, ran);
  s[Symbol.dispose]();
});

Deno.test("scheduler.empty() tells whether events remain", async () => {
  const s = jumpingScheduler();
  assert.ok(s.empty());
  for (const x of [0.05, 0.04, 0.03, 0.02, 0.01]) {
    s.enterabs(x, 1, () => {}, { argument: [x] });
  }
  assert.ok(!s.empty());
  await s.run();
  assert.ok(s.empty());
});

Deno.test("scheduler.queue lists upcoming events in run order", () => {
  const s = jumpingScheduler();
  const now = s.timefunc();
  const fun = () => {};
  const e5 = s.enterabs(now + 0.05, 1, fun);
  const e1 = s.enterabs(now + 0.01, 1, fun);
  const e2 = s.enterabs(now + 0.02, 1, fun);
  const e4 = s.enterabs(now + 0.04, 1, fun);
  const e3 = s.enterabs(now + 0.03, 1, fun);
  assert.deepEqual(s.queue, [e1, e2, e3, e4, e5]);
  // A snapshot: changing it changes nothing.
  s.queue.length = 0;
  assert.equal(s.queue.length, 5);
  assert.notEqual(s.queue, s.queue);
});

Deno.test("scheduler passes argument, then kwargs when given", async () => {
  const seq: unknown[][] = [];
  const fun = (...a: unknown[]) => seq.push(a);
  const s = jumpingScheduler();
  const now = s.timefunc();
  s.enterabs(now, 1, fun);
  s.enterabs(now, 1, fun, { argument: [1, 2] });
  s.enterabs(now, 1, fun, { argument: ["a", "b"] });
  s.enterabs(now, 1, fun, { argument: [1, 2], kwargs: { foo: 3 } });
  s.enterabs(now, 1, fun, { kwargs: {} });
  await s.run();
  assert.deepEqual(seq, [[], [1, 2], ["a", "b"], [1, 2, { foo: 3 }], [{}]]);
});

Deno.test("scheduler.run({ blocking: false }) runs only due events", async (t) => {
  await t.step("nothing due: nothing runs", async () => {
    const l: number[] = [];
    const s = new scheduler({ timefunc: () => 0, delayfunc: () => {} });
    for (const x of [10, 9, 8, 7, 6]) {
      s.enter(x, 1, (v: number) => l.push(v), { argument: [x] });
    }
    assert.equal(await s.run({ blocking: false }), 6);
    assert.deepEqual(l, []);
    s[Symbol.dispose]();
  });
  await t.step(
    "returns the delay to the next event, then undefined",
    async () => {
      let now = 0;
      const l: number[] = [];
      const s = new scheduler({ timefunc: () => now, delayfunc: () => {} });
      for (const x of [1, 2, 4]) {
        s.enterabs(x, 1, (v: number) => l.push(v), { argument: [x] });
      }
      now = 2.5;
      assert.equal(await s.run({ blocking: false }), 1.5);
      assert.deepEqual(l, [1, 2]);
      assert.equal(s.runSync({ blocking: false }), 1.5);
      now = 4;
      assert.equal(s.runSync({ blocking: false }), undefined);
      assert.deepEqual(l, [1, 2, 4]);
      assert.equal(await s.run({ blocking: false }), undefined);
    },
  );
});

Deno.test("scheduler.run() calls delayfunc(0) after each action", async () => {
  let now = 0;
  const calls: (number | string)[] = [];
  const s = new scheduler({
    timefunc: () => now,
    delayfunc: (seconds) => {
      calls.push(seconds);
      now += seconds;
    },
  });
  s.enterabs(1, 1, () => calls.push("a"));
  s.enterabs(1, 1, () => calls.push("b"));
  s.enterabs(3, 1, () => calls.push("c"));
  await s.run();
  assert.deepEqual(calls, [1, "a", 0, "b", 0, 2, "c", 0]);
});

Deno.test("scheduler.run() stops at an action that throws and keeps the rest", async (t) => {
  for (const mode of ["run", "runSync"] as const) {
    await t.step(mode, async () => {
      const l: number[] = [];
      const s = jumpingScheduler();
      s.enterabs(1, 1, () => l.push(1));
      s.enterabs(2, 1, () => {
        throw new SyntaxError("boom");
      });
      const e3 = s.enterabs(3, 1, () => l.push(3));
      if (mode === "run") await assert.rejects(s.run(), SyntaxError);
      else assert.throws(() => s.runSync(), SyntaxError);
      assert.deepEqual(l, [1]);
      assert.deepEqual(s.queue, [e3]);
      await s.run();
      assert.deepEqual(l, [1, 3]);
    });
  }
});

Deno.test("scheduler.run() awaits actions and delayfuncs that return promises", async () => {
  const timer = new FakeTimer();
  const s = new scheduler({ timefunc: timer.time, delayfunc: timer.sleep });
  const order: string[] = [];
  s.enter(1, 1, async () => {
    order.push("a start");
    await settle();
    order.push("a end");
  });
  s.enter(1, 1, () => order.push("b"));
  const running = s.run();
  timer.advance(1);
  await running;
  assert.deepEqual(order, ["a start", "a end", "b"]);
});

Deno.test("scheduler.run() with the default delayfunc waits in real time", async () => {
  using s = new scheduler();
  const start = s.timefunc();
  let ranAt = 0;
  s.enter(0.05, 1, () => ranAt = s.timefunc());
  await s.run();
  assert.ok(ranAt - start >= 0.05 - 0.002, `ran after ${ranAt - start}s`);
});

Deno.test("scheduler.runSync() blocks with the default delayfunc", () => {
  using s = new scheduler();
  const start = s.timefunc();
  let ranAt = 0;
  s.enter(0.05, 1, () => ranAt = s.timefunc());
  s.runSync();
  assert.ok(ranAt - start >= 0.05 - 0.002, `ran after ${ranAt - start}s`);
});

Deno.test("scheduler.runSync() throws TypeError when delayfunc returns a promise", () => {
  let now = 0;
  const s = new scheduler({
    timefunc: () => now,
    delayfunc: (seconds) => {
      now += seconds;
      return Promise.resolve();
    },
  });
  const l: number[] = [];
  s.enterabs(0, 1, () => l.push(0));
  const later = s.enterabs(5, 1, () => l.push(5));
  assert.throws(() => s.runSync(), {
    name: "TypeError",
    message:
      "Cannot run scheduler synchronously as 'delayfunc' returned a promise: use run() instead",
  });
  assert.deepEqual(l, [0]);
  assert.deepEqual(s.queue, [later]);
  s.cancel(later);
});

Deno.test("scheduler.run() stops between events when its signal aborts", async (t) => {
  await t.step("already aborted: runs nothing", async () => {
    const s = jumpingScheduler();
    const l: number[] = [];
    s.enter(0, 1, () => l.push(0));
    const reason = new Error("stop");
    await assert.rejects(s.run({ signal: AbortSignal.abort(reason) }), reason);
    assert.throws(
      () => s.runSync({ signal: AbortSignal.abort(reason) }),
      reason,
    );
    assert.deepEqual(l, []);
    assert.equal(s.queue.length, 1);
  });
  await t.step("aborted by an action: the next event stays", async () => {
    const controller = new AbortController();
    const s = jumpingScheduler();
    const l: number[] = [];
    s.enter(1, 1, () => controller.abort());
    const next = s.enter(1, 1, () => l.push(1));
    await assert.rejects(
      s.run({ signal: controller.signal }),
      { name: "AbortError" },
    );
    assert.deepEqual(s.queue, [next]);
    assert.deepEqual(l, []);
  });
  await t.step("aborted while the default delayfunc sleeps", async () => {
    using s = new scheduler();
    const controller = new AbortController();
    const event = s.enter(3600, 1, () => {});
    const running = s.run({ signal: controller.signal });
    await settle();
    controller.abort(new Error("cancelled"));
    await assert.rejects(running, /cancelled/);
    assert.deepEqual(s.queue, [event]);
  });
  await t.step("aborted while a delayfunc that ignores it waits", async () => {
    const timer = new FakeTimer();
    const s = new scheduler({
      timefunc: timer.time,
      delayfunc: (seconds) => timer.sleep(seconds),
    });
    const controller = new AbortController();
    s.enter(10, 1, () => {});
    const running = s.run({ signal: controller.signal });
    await settle();
    controller.abort(new Error("cancelled"));
    await assert.rejects(running, /cancelled/);
    assert.equal(s.queue.length, 1);
    s[Symbol.dispose]();
    timer.advance(10); // releases the abandoned fake sleep
  });
});

Deno.test("scheduler[Symbol.dispose]() cancels every event", () => {
  const l: number[] = [];
  let kept: Event;
  {
    using s = jumpingScheduler();
    kept = s.enter(1, 1, () => l.push(1));
    s.enter(2, 1, () => l.push(2));
    assert.equal(s.queue.length, 2);
  }
  const s = jumpingScheduler();
  assert.throws(() => s.cancel(kept), ValueError);
  assert.deepEqual(l, []);
});

Deno.test("scheduler.enter() and enterabs() reject bad input before scheduling", async (t) => {
  const s = jumpingScheduler();
  const noop = () => {};
  const cases: [string, () => unknown, string, string][] = [
    [
      "time not a number",
      () => s.enterabs("1" as unknown as number, 1, noop),
      "TypeError",
      "Cannot schedule event as 'time' must be a number: received string",
    ],
    [
      "time NaN",
      () => s.enterabs(NaN, 1, noop),
      "ValueError",
      "Cannot schedule event as 'time' must be finite: current value is NaN",
    ],
    [
      "time Infinity",
      () => s.enterabs(Infinity, 1, noop),
      "ValueError",
      "Cannot schedule event as 'time' must be finite: current value is Infinity",
    ],
    [
      "delay not a number",
      () => s.enter(null as unknown as number, 1, noop),
      "TypeError",
      "Cannot schedule event as 'delay' must be a number: received null",
    ],
    [
      "delay -Infinity",
      () => s.enter(-Infinity, 1, noop),
      "ValueError",
      "Cannot schedule event as 'delay' must be finite: current value is -Infinity",
    ],
    [
      "priority not a number",
      () => s.enter(1, 1n as unknown as number, noop),
      "TypeError",
      "Cannot schedule event as 'priority' must be a number: received bigint",
    ],
    [
      "priority NaN",
      () => s.enterabs(1, NaN, noop),
      "ValueError",
      "Cannot schedule event as 'priority' must be finite: current value is NaN",
    ],
    [
      "action not a function",
      () => s.enter(1, 1, "print" as unknown as () => void),
      "TypeError",
      "Cannot schedule event as 'action' must be a function: received string",
    ],
    [
      "argument not an array",
      () => s.enter(1, 1, noop, { argument: 5 as unknown as unknown[] }),
      "TypeError",
      "Cannot schedule event as 'argument' must be an array: received number",
    ],
    [
      "kwargs not an object",
      () => s.enter(1, 1, noop, { kwargs: "x" as unknown as object as never }),
      "TypeError",
      "Cannot schedule event as 'kwargs' must be an object: received string",
    ],
  ];
  for (const [what, enter, name, message] of cases) {
    await t.step(what, () => {
      assert.throws(enter, { name, message });
      assert.ok(s.empty());
    });
  }
  // Nothing consumed a sequence number.
  assert.equal(s.enter(1, 1, noop).sequence, 0);
});

Deno.test("scheduler rejects bad constructor and run() options", async () => {
  assert.throws(
    () => new scheduler({ timefunc: 5 as unknown as () => number }),
    {
      name: "TypeError",
      message:
        "Cannot create scheduler as 'timefunc' must be a function: received number",
    },
  );
  assert.throws(
    () => new scheduler({ delayfunc: null as unknown as () => void }),
    {
      name: "TypeError",
      message:
        "Cannot create scheduler as 'delayfunc' must be a function: received null",
    },
  );
  const s = jumpingScheduler();
  const l: number[] = [];
  s.enter(0, 1, () => l.push(0));
  await assert.rejects(s.run({ blocking: 1 as unknown as boolean }), {
    name: "TypeError",
    message:
      "Cannot run scheduler as 'blocking' must be a boolean: received number",
  });
  assert.throws(
    () => s.runSync({ signal: {} as AbortSignal }),
    {
      name: "TypeError",
      message:
        "Cannot run scheduler as 'signal' must be an AbortSignal: received an object",
    },
  );
  assert.deepEqual(l, []);
  assert.equal(s.queue.length, 1);
});

Deno.test("scheduler uses monotonic seconds by default", () => {
  const s = new scheduler();
  const before = performance.now() / 1000;
  const now = s.timefunc();
  assert.ok(Math.abs(now - before) < 1);
  assert.equal(s.delayfunc(0), undefined);
});
