// Copyright 2026 the @skein/concurrent authors. MIT license.
// Event and Semaphore between processes: set or released in a child, seen
// here; Python's errors.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  Event,
  Lock,
  Process,
  RLock,
  RuntimeError,
  Semaphore,
  Value,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import * as threading from "@skein/concurrent/threading";
import { registerModule } from "@skein/concurrent/threading";
import {
  barrierWaiter,
  waitEvent,
} from "../threading/fixtures/sync_targets.ts";
import { cells, joinAll, startThreads } from "../threading/_helpers.ts";
import {
  holdTwice,
  meetRounds,
  releaseSlowly,
  setLater,
  waitForFlag,
  waitOnce,
} from "./fixtures/process_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

Deno.test("Event: set in a child wakes a wait here", async () => {
  const event = new Event();
  const p = new Process({ target: setLater, args: [event, 100] });
  p.start();
  assert.equal(await event.wait({ timeout: 0.01 }), false);
  assert.equal(await event.wait({ timeout: 30 }), true);
  assert.equal(event.isSet(), true);
  await p.join();
});

Deno.test("Semaphore: units released by a child are taken here", async () => {
  const sem = new Semaphore(0);
  assert.equal(sem.acquireSync({ blocking: false }), false);
  const p = new Process({ target: releaseSlowly, args: [sem, 3] });
  p.start();
  for (let i = 0; i < 3; i++) {
    assert.equal(await sem.acquire({ timeout: 30 }), true);
  }
  await p.join();
  assert.equal(sem.getValue(), 0);
  assert.equal(sem.acquireSync({ timeout: 0.01 }), false);
});

Deno.test("Semaphore: Python's errors", () => {
  assert.throws(() => new Semaphore(-1), {
    name: "ValueError",
    message: "semaphore initial value must be >= 0",
  });
  assert.throws(() => new Semaphore(1.5), TypeError);
  const bounded = new BoundedSemaphore(2);
  bounded.acquireSync();
  bounded.release();
  assert.throws(() => bounded.release(), {
    name: "ValueError",
    message: "Semaphore released too many times",
  });
  const sem = new Semaphore(0);
  assert.throws(() => sem.release(0), ValueError);
  sem.release(5);
  assert.equal(sem.getValue(), 5);
});

Deno.test("RLock: reentrant for its owner, exclusive across processes", async () => {
  const lock = new RLock();
  assert.equal(lock.acquireSync(), true);
  assert.equal(await lock.acquire(), true);
  lock.release();
  lock.release();
  assert.throws(() => lock.release(), RuntimeError);
  const p = new Process({ target: holdTwice, args: [lock, 300] });
  p.start();
  const end = performance.now() + 10_000;
  while (!lock.locked() && performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(lock.acquireSync({ blocking: false }), false); // the child's
  assert.equal(await lock.acquire({ timeout: 30 }), true);
  lock.release();
  await p.join();
  assert.equal(p.exitcode, 0);
});

Deno.test("Condition: a child waits until this process notifies", async () => {
  for (const lock of [undefined, new Lock()]) {
    const cond = new Condition(lock);
    const flag = new Value("i", 0);
    const p = new Process({ target: waitForFlag, args: [cond, flag] });
    p.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    cond.acquireSync();
    flag.value = 1;
    cond.notifyAll();
    cond.release();
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  const cond = new Condition();
  assert.throws(() => cond.notify(), RuntimeError);
  await assert.rejects(cond.wait(), RuntimeError);
  cond.acquireSync();
  assert.equal(await cond.waitFor(() => 42), 42);
  assert.equal(await cond.waitFor(() => 0, { timeout: 0.01 }), 0);
  cond.release();
});

Deno.test("Barrier: three processes meet for five rounds", async () => {
  const barrier = new Barrier(3);
  const sum = new Value("i", 0);
  const children = [0, 1].map(() =>
    new Process({ target: meetRounds, args: [barrier, sum, 5] })
  );
  for (const p of children) p.start();
  for (let i = 0; i < 5; i++) {
    const index = await barrier.wait({ timeout: 30 });
    using _ = await sum.getLock().enter();
    sum.value += index;
  }
  for (const p of children) {
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  // Each round hands out 0, 1 and 2 once.
  assert.equal(sum.value, 5 * (0 + 1 + 2));
  assert.equal(barrier.nWaiting, 0);
  assert.equal(barrier.broken, false);
});

Deno.test("Barrier: abort() here breaks a child's wait", async () => {
  const barrier = new Barrier(2);
  const p = new Process({ target: waitOnce, args: [barrier] });
  p.start();
  const end = performance.now() + 10_000;
  while (barrier.nWaiting === 0 && performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(barrier.nWaiting, 1);
  barrier.abort();
  await p.join();
  assert.equal(p.exitcode, 4);
  assert.equal(barrier.broken, true);
  await assert.rejects(barrier.wait(), BrokenBarrierError);
  barrier.reset();
  assert.equal(barrier.broken, false);
});

Deno.test("Barrier: a timeout breaks it; the action runs once per round", async (t) => {
  await t.step("timeout", async () => {
    const barrier = new Barrier(2, { timeout: 0.02 });
    await assert.rejects(barrier.wait(), BrokenBarrierError);
    assert.throws(() => barrier.waitSync(), BrokenBarrierError);
    assert.equal(barrier.broken, true);
  });
  await t.step("action", async () => {
    let runs = 0;
    const barrier = new Barrier(2, { action: () => runs++ });
    await Promise.all([barrier.wait(), barrier.wait()]);
    await Promise.all([barrier.wait(), barrier.wait()]);
    assert.equal(runs, 2);
  });
  await t.step("an action that throws breaks it", () => {
    const barrier = new Barrier(1, {
      action: () => {
        throw new RangeError("boom");
      },
    });
    assert.throws(() => barrier.waitSync(), RangeError);
    assert.equal(barrier.broken, true);
  });
  await t.step("bad input", () => {
    assert.throws(() => new Barrier(0), {
      name: "ValueError",
      message:
        "Cannot create Barrier as 'parties' must be an integer >= 1: current value is 0",
    });
    assert.throws(
      // @ts-expect-error: not a function
      () => new Barrier(2, { action: 3 }),
      TypeError,
    );
    assert.throws(() => new Barrier(2, { timeout: NaN }), ValueError);
  });
});

Deno.test("a timeout of Infinity waits without end, as an omitted one", async () => {
  const event = new Event();
  const timer = setTimeout(() => event.set(), 20);
  assert.equal(await event.wait({ timeout: Infinity }), true);
  clearTimeout(timer);
  const lock = new Lock();
  assert.equal(lock.acquireSync({ timeout: Infinity }), true);
  lock.release();
  const sem = new Semaphore(1);
  assert.equal(await sem.acquire({ timeout: Infinity }), true);
  assert.throws(
    () => lock.acquireSync({ blocking: false, timeout: Infinity }),
    ValueError,
  );
});

Deno.test("Barrier is threading's Barrier over shared memory: a thread meets it too", async () => {
  const barrier = new Barrier(2);
  assert.ok(barrier instanceof threading.Barrier);
  const out = cells(2);
  const threads = startThreads(barrierWaiter, [[barrier, out, 3]]);
  for (let round = 0; round < 3; round++) {
    Atomics.add(out, await barrier.wait({ timeout: 30 }), 1);
  }
  await joinAll(threads);
  assert.deepEqual([...out], [3, 3]);
});

Deno.test("Event is threading's Event over shared memory: a thread waits on it too", async () => {
  const event = new Event();
  const ready = new Event();
  assert.ok(event instanceof threading.Event);
  const out = cells(1);
  const threads = startThreads(waitEvent, [[event, ready, out]]);
  assert.equal(await ready.wait({ timeout: 30 }), true);
  event.set();
  await joinAll(threads);
  assert.equal(out[0], 1);
});

Deno.test("Condition is threading's Condition over this module's Lock or RLock", () => {
  assert.ok(new Condition() instanceof threading.Condition);
  assert.throws(() => new Condition(new threading.Lock() as never), {
    name: "TypeError",
    message:
      "Cannot create Condition as 'lock' must be a Lock or an RLock: received an instance of Lock",
  });
});
