// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's lock_tests.SemaphoreTests and BoundedSemaphoreTests.
import assert from "node:assert/strict";
import {
  BoundedSemaphore,
  Event,
  Semaphore,
  ValueError,
} from "@skein/concurrent/threading";
import { semaphoreHolder } from "./fixtures/sync_targets.ts";
import { cells, joinAll, startThreads, until } from "./_helpers.ts";

Deno.test("Semaphore: a negative or non-integer value is refused", () => {
  assert.throws(() => new Semaphore(-1), {
    name: "ValueError",
    message:
      "Cannot create Semaphore as 'value' must be >= 0: current value is -1",
  });
  assert.throws(() => new BoundedSemaphore(-5), {
    name: "ValueError",
    message:
      "Cannot create BoundedSemaphore as 'value' must be >= 0: current value is -5",
  });
  assert.throws(() => new Semaphore(1.5), TypeError);
});

Deno.test("Semaphore: acquire and release count", async () => {
  const sem = new Semaphore(2);
  assert.ok(await sem.acquire());
  assert.ok(sem.acquireSync());
  assert.equal(sem.acquireSync({ blocking: false }), false);
  assert.equal(await sem.acquire({ timeout: 0.01 }), false);
  assert.equal(sem.acquireSync({ timeout: -1 }), false); // Python: give up
  sem.release();
  assert.equal(sem.value, 1);
  sem.release(3);
  assert.equal(sem.value, 4);
  assert.throws(() => sem.release(0), ValueError);
  assert.throws(
    () => sem.acquireSync({ blocking: false, timeout: 1 }),
    ValueError,
  );
  assert.equal(new Semaphore().value, 1);
  assert.equal(new Semaphore(0).acquireSync({ blocking: false }), false);
});

Deno.test("Semaphore: release(n) wakes n waiting threads", async () => {
  const sem = new Semaphore(0);
  const done = new Event();
  const out = cells(1);
  const threads = startThreads(semaphoreHolder, [
    [sem, out, done],
    [sem, out, done],
    [sem, out, done],
  ]);
  sem.release(2);
  await until(out, 0, 2);
  // The third waits until one more is released.
  assert.equal(Atomics.load(out, 0), 2);
  sem.release();
  await until(out, 0, 3);
  done.set();
  await joinAll(threads);
  assert.equal(sem.value, 3);
});

Deno.test("Semaphore: enter() guards release on dispose", async () => {
  const sem = new Semaphore(1);
  {
    using _ = await sem.enter();
    assert.equal(sem.value, 0);
  }
  {
    using _ = sem.enterSync();
    assert.equal(sem.value, 0);
  }
  assert.equal(sem.value, 1);
});

Deno.test("BoundedSemaphore: releasing too many times raises ValueError", () => {
  const sem = new BoundedSemaphore(2);
  assert.throws(() => sem.release(), {
    name: "ValueError",
    message: "Semaphore released too many times",
  });
  sem.acquireSync();
  assert.throws(() => sem.release(2), ValueError);
  sem.release();
  assert.equal(sem.value, 2);
});
