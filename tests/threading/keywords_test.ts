// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's keyword-or-positional parameters (issue #19, item 9):
// `Semaphore(value=5)` is `new Semaphore({ value: 5 })`.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Lock,
  Semaphore,
  ValueError,
} from "@skein/concurrent/threading";

Deno.test("Semaphore and BoundedSemaphore take { value }", () => {
  assert.equal(new Semaphore({ value: 5 }).value, 5);
  assert.equal(new Semaphore({}).value, 1);
  const bounded = new BoundedSemaphore({ value: 2 });
  assert.equal(bounded.value, 2);
  assert.throws(() => bounded.release(), ValueError);
  assert.throws(() => new BoundedSemaphore({ value: -1 }), {
    name: "ValueError",
    message:
      "Cannot create BoundedSemaphore as 'value' must be >= 0: current value is -1",
  });
  assert.throws(() => new Semaphore([2] as never), {
    name: "TypeError",
    message:
      "Cannot create Semaphore as 'value' must be an integer: received an array",
  });
});

Deno.test("Barrier takes { parties, action, timeout }; parties twice is a TypeError", async () => {
  let ran = 0;
  const barrier = new Barrier({ parties: 2, action: () => ran++, timeout: 30 });
  assert.equal(barrier.parties, 2);
  assert.deepEqual(
    (await Promise.all([barrier.wait(), barrier.wait()])).sort(),
    [0, 1],
  );
  assert.equal(ran, 1);
  assert.throws(() => new Barrier(2, { parties: 3 } as never), {
    name: "TypeError",
    message:
      "Cannot create Barrier as 'parties' is given twice: as the first argument (2) and in the options (3)",
  });
  assert.throws(() => new Barrier({ parties: 0 }), {
    name: "ValueError",
    message:
      "Cannot create Barrier as 'parties' must be an integer >= 1: current value is 0",
  });
});

Deno.test("Condition takes { lock }", async () => {
  const lock = new Lock();
  const cond = new Condition({ lock });
  await cond.acquire();
  assert.equal(lock.locked(), true);
  cond.release();
  const own = new Condition({ lock: null });
  assert.equal(await own.acquire(), true);
  own.release();
});
