// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's Lib/test/lock_tests.py BaseLockTests for Lock and RLock,
// in the async and the Sync forms, plus contention between real workers.
import assert from "node:assert/strict";
import {
  allocateLock,
  Lock,
  RLock,
  RuntimeError,
  ValueError,
} from "@skein/concurrent/threading";
import {
  incrementAsync,
  incrementSync,
  releaseForeign,
} from "./fixtures/sync_targets.ts";
import { cells, joinAll, startThreads } from "./_helpers.ts";

for (
  const [name, make] of [["Lock", () => new Lock()], [
    "RLock",
    () => new RLock(),
  ]] as const
) {
  Deno.test(`${name}: acquire and release, async and sync`, async () => {
    const lock = make();
    assert.ok(!lock.locked());
    assert.equal(await lock.acquire(), true);
    assert.ok(lock.locked());
    lock.release();
    assert.ok(!lock.locked());
    assert.equal(lock.acquireSync(), true);
    lock.release();
    assert.ok(!lock.locked());
  });

  Deno.test(`${name}: enter() and enterSync() return a guard that releases`, async () => {
    const lock = make();
    {
      using _ = await lock.enter();
      assert.ok(lock.locked());
    }
    assert.ok(!lock.locked());
    {
      using _ = lock.enterSync();
      assert.ok(lock.locked());
    }
    assert.ok(!lock.locked());
  });

  Deno.test(`${name}: acquire() checks blocking and timeout as Python`, async () => {
    const lock = make();
    await assert.rejects(
      lock.acquire({ blocking: false, timeout: 1 }),
      ValueError,
    );
    assert.throws(
      () => lock.acquireSync({ blocking: false, timeout: 1 }),
      ValueError,
    );
    assert.throws(() => lock.acquireSync({ timeout: -2 }), {
      name: "ValueError",
      message: new RegExp(`Cannot acquire ${name} as 'timeout' must be >= 0`),
    });
    assert.throws(
      () => lock.acquireSync({ blocking: 1 as unknown as boolean }),
      TypeError,
    );
    assert.ok(!lock.locked());
    assert.equal(lock.acquireSync({ timeout: -1 }), true); // -1: forever
    lock.release();
  });

  Deno.test(`${name}: release() of an unlocked lock raises RuntimeError`, () => {
    const lock = make();
    assert.throws(() => lock.release(), RuntimeError);
  });

  Deno.test(`${name}: async tasks of one thread exclude each other (Lock) or share it (RLock)`, async () => {
    const lock = make();
    await lock.acquire();
    let second = false;
    const waiting = lock.acquire({ timeout: 0.05 }).then((got) => {
      second = got;
      if (got) lock.release();
    });
    await waiting;
    if (name === "Lock") assert.equal(second, false);
    else assert.equal(second, true);
    lock.release();
  });

  Deno.test(`${name}: 4 threads x 10,000 increments under the lock are exact`, async () => {
    const lock = make();
    const counter = cells(1);
    await joinAll(startThreads(incrementSync, [
      [lock, counter, 10_000],
      [lock, counter, 10_000],
      [lock, counter, 10_000],
      [lock, counter, 10_000],
    ]));
    assert.equal(counter[0], 40_000);
  });

  Deno.test(`${name}: threads with acquire() and the main thread contend exactly`, async () => {
    const lock = make();
    const counter = cells(1);
    const threads = startThreads(incrementAsync, [
      [lock, counter, 5_000],
      [lock, counter, 5_000],
    ]);
    await incrementAsync(lock, counter, 5_000);
    await joinAll(threads);
    assert.equal(counter[0], 15_000);
  });
}

Deno.test("Lock: any thread may release it", async () => {
  const lock = new Lock();
  lock.acquireSync();
  await joinAll(startThreads((l: Lock) => l.release(), [[lock]]));
  assert.ok(!lock.locked());
});

Deno.test("Lock: a blocked acquire() wakes when another thread releases", async () => {
  const lock = new Lock();
  const gate = cells();
  const [holder] = startThreads((l: Lock, g: Int32Array) => {
    l.acquireSync();
    Atomics.store(g, 0, 1);
    Atomics.notify(g, 0);
    while (Atomics.load(g, 1) === 0) Atomics.wait(g, 1, 0, 100);
    l.release();
  }, [[lock, gate]]);
  while (Atomics.load(gate, 0) === 0) Atomics.wait(gate, 0, 0, 100);
  assert.equal(await lock.acquire({ timeout: 0.02 }), false);
  assert.equal(lock.acquireSync({ timeout: 0.02 }), false);
  assert.equal(await lock.acquire({ blocking: false }), false);
  const later = lock.acquire();
  Atomics.store(gate, 1, 1);
  Atomics.notify(gate, 1);
  assert.equal(await later, true);
  lock.release();
  await holder!.join();
});

Deno.test("Lock: acquire() rejects when its signal aborts", async () => {
  const lock = new Lock();
  lock.acquireSync();
  const reason = new Error("give up");
  await assert.rejects(
    lock.acquire({ signal: AbortSignal.abort(reason) }),
    reason,
  );
  const controller = new AbortController();
  const waiting = lock.acquire({ signal: controller.signal });
  controller.abort(reason);
  await assert.rejects(waiting, reason);
  lock.release();
  // The abandoned wait passed its wake-up on: the lock is free and usable.
  assert.equal(await lock.acquire({ timeout: 1 }), true);
  lock.release();
});

Deno.test("allocateLock() makes a Lock", () => {
  assert.ok(allocateLock() instanceof Lock);
});

Deno.test("RLock: reentrant, owned per thread", async () => {
  const lock = new RLock();
  assert.ok(lock.acquireSync());
  assert.ok(lock.acquireSync());
  assert.ok(await lock.acquire());
  lock.release();
  lock.release();
  assert.ok(lock.locked());
  lock.release();
  assert.ok(!lock.locked());
  assert.throws(() => lock.release(), {
    name: "RuntimeError",
    message: "cannot release un-acquired lock",
  });
  // Another thread cannot release it, nor acquire it while held.
  lock.acquireSync();
  const out = cells();
  await joinAll(startThreads(releaseForeign, [[lock, out]]));
  assert.equal(out[0], 2);
  assert.ok(lock.locked());
  lock.release();
});
