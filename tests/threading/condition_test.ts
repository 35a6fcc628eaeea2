// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's lock_tests.ConditionTests, with real workers.
import assert from "node:assert/strict";
import {
  Condition,
  Lock,
  RLock,
  RuntimeError,
  Semaphore,
} from "@skein/concurrent/threading";
import { conditionWaiter } from "./fixtures/sync_targets.ts";
import { cells, joinAll, startThreads, until } from "./_helpers.ts";

Deno.test("Condition: wait and notify need the lock", async () => {
  const cond = new Condition();
  await assert.rejects(cond.wait(), {
    name: "RuntimeError",
    message: "cannot wait on un-acquired lock",
  });
  assert.throws(() => cond.waitSync(), RuntimeError);
  assert.throws(() => cond.notify(), {
    name: "RuntimeError",
    message: "cannot notify on un-acquired lock",
  });
  assert.throws(() => cond.notifyAll(), RuntimeError);
  // (A plain object is the options form: `{ lock }`, Python's keyword.)
  for (const lock of [{ lock: {} as Lock }, new Map() as never]) {
    assert.throws(
      () => new Condition(lock),
      { name: "TypeError", message: /'lock' must be a Lock or an RLock/ },
    );
  }
});

Deno.test("Condition: wait() times out with false and holds the lock again", async () => {
  for (const lock of [new Lock(), new RLock(), undefined]) {
    const cond = new Condition(lock);
    await cond.acquire();
    assert.equal(await cond.wait({ timeout: 0.01 }), false);
    assert.equal(cond.waitSync({ timeout: 0.01 }), false);
    cond.release();
  }
});

Deno.test("Condition: an RLock held several levels is restored after wait()", () => {
  const lock = new RLock();
  const cond = new Condition(lock);
  lock.acquireSync();
  lock.acquireSync();
  assert.equal(cond.waitSync({ timeout: 0.01 }), false);
  lock.release();
  assert.ok(lock.locked());
  lock.release();
  assert.ok(!lock.locked());
});

Deno.test("Condition: notify(n) wakes exactly n of the waiting threads", async () => {
  const cond = new Condition();
  const waiting = new Semaphore(0);
  const woken = cells(1);
  const threads = startThreads(
    conditionWaiter,
    Array.from({ length: 5 }, () =>
      [cond, waiting, woken] as [
        Condition,
        Semaphore,
        Int32Array,
      ]),
  );
  for (let i = 0; i < 5; i++) await waiting.acquire();
  // Every waiter has called wait() once it released the lock: take it.
  await cond.acquire();
  cond.notify(2);
  cond.release();
  await until(woken, 0, 2);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(Atomics.load(woken, 0), 2);
  await cond.acquire();
  cond.notify(1);
  cond.release();
  await until(woken, 0, 3);
  await cond.acquire();
  cond.notifyAll();
  cond.release();
  await joinAll(threads);
  assert.equal(woken[0], 5);
});

Deno.test("Condition: waitFor() checks the predicate and honours the timeout", async () => {
  const cond = new Condition(new Lock());
  let ready = false;
  await cond.acquire();
  assert.equal(await cond.waitFor(() => ready, { timeout: 0.01 }), false);
  assert.equal(cond.waitForSync(() => ready, { timeout: 0.01 }), false);
  cond.release();
  const waiter = (async () => {
    using _ = await cond.enter();
    return await cond.waitFor(() => ready && "done");
  })();
  await new Promise((resolve) => setTimeout(resolve, 5));
  {
    using _ = await cond.enter();
    ready = true;
    cond.notifyAll();
  }
  assert.equal(await waiter, "done");
});

Deno.test("Condition: notify(n) wakes waiters first come, first served", async () => {
  const cond = new Condition(new Lock());
  const order: number[] = [];
  const waiters = [0, 1, 2].map(async (i) => {
    using _ = await cond.enter();
    await cond.wait();
    order.push(i);
  });
  await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 3; i++) {
    using _ = await cond.enter();
    cond.notify();
  }
  await Promise.all(waiters);
  assert.deepEqual(order, [0, 1, 2]);
});
