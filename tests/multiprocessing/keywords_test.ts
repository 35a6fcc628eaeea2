// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's keyword-or-positional parameters (issue #19, item 9), for the
// process-shared primitives and queues.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Full,
  JoinableQueue,
  Lock,
  Queue,
  Semaphore,
  ValueError,
} from "@skein/concurrent/multiprocessing";

Deno.test("Semaphore and BoundedSemaphore take { value }", () => {
  assert.equal(new Semaphore({ value: 5 }).getValue(), 5);
  assert.equal(new Semaphore({}).getValue(), 1);
  const bounded = new BoundedSemaphore({ value: 2 });
  assert.equal(bounded.getValue(), 2);
  assert.throws(() => bounded.release(), ValueError);
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
});

Deno.test("Condition takes { lock }", async () => {
  const lock = new Lock();
  const cond = new Condition({ lock });
  await cond.acquire();
  assert.equal(lock.locked(), true);
  cond.release();
});

Deno.test("Queue and JoinableQueue take { maxsize }", async () => {
  for (
    const q of [
      new Queue<number>({ maxsize: 1 }),
      new JoinableQueue<number>({ maxsize: 1 }),
    ]
  ) {
    await q.put(1);
    await assert.rejects(q.put(2, { block: false }), Full);
    assert.equal(await q.get(), 1);
    q.close();
  }
});
