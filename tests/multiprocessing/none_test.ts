// Copyright 2026 the @skein/concurrent authors. MIT license.
// `null` where Python takes None (issue #19, item 3), for the
// process-shared primitives, queues, Connection.poll and Process.join.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  Event,
  JoinableQueue,
  Lock,
  Pipe,
  Process,
  Queue,
  RLock,
  Semaphore,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { getForever } from "./fixtures/process_targets.ts";
import { stillPending } from "../_none.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

Deno.test("Lock: acquire({ timeout: null }) waits until released, as Python's multiprocessing", async () => {
  const lock = new Lock();
  // As Python's multiprocessing Lock.acquire(False, None): no ValueError.
  assert.equal(lock.acquireSync({ blocking: false, timeout: null }), true);
  const waiting = lock.acquire({ timeout: null });
  assert.ok(await stillPending(waiting));
  lock.release();
  assert.equal(await waiting, true);
  lock.release();
  const rlock = new RLock();
  assert.equal(rlock.acquireSync({ timeout: null }), true);
  assert.equal(await rlock.acquire({ timeout: null }), true);
  rlock.release();
  rlock.release();
});

Deno.test("Semaphore, BoundedSemaphore: acquire({ timeout: null }) waits until released", async () => {
  for (const sem of [new Semaphore(0), new BoundedSemaphore(1)]) {
    if (sem instanceof BoundedSemaphore) await sem.acquire();
    const waiting = sem.acquire({ timeout: null });
    assert.ok(await stillPending(waiting));
    sem.release();
    assert.equal(await waiting, true);
  }
});

Deno.test("Event.wait and Condition.wait with timeout null wait until woken", async () => {
  const event = new Event();
  const waiting = event.wait({ timeout: null });
  assert.ok(await stillPending(waiting));
  event.set();
  assert.equal(await waiting, true);
  const cond = new Condition();
  await cond.acquire();
  const condWaiting = cond.wait({ timeout: null });
  assert.ok(await stillPending(condWaiting));
  await cond.acquire();
  cond.notify();
  cond.release();
  assert.equal(await condWaiting, true);
  assert.equal(await cond.waitFor(() => true, { timeout: null }), true);
  cond.release();
});

Deno.test("Barrier: timeout null is no default; wait's null takes the default", async () => {
  const forever = new Barrier(2, { action: null, timeout: null });
  const first = forever.wait({ timeout: null });
  assert.ok(await stillPending(first));
  assert.deepEqual((await Promise.all([first, forever.wait()])).sort(), [0, 1]);
  const short = new Barrier(2, { timeout: 0.05 });
  await assert.rejects(short.wait({ timeout: null }), BrokenBarrierError);
});

Deno.test("Queue and JoinableQueue: get and put with timeout null wait until they can", async () => {
  for (const q of [new Queue<number>(1), new JoinableQueue<number>(1)]) {
    const getting = q.get({ timeout: null });
    assert.ok(await stillPending(getting));
    await q.put(1, { timeout: null });
    assert.equal(await getting, 1);
    await q.put(2);
    const putting = q.put(3, { timeout: null });
    assert.ok(await stillPending(putting));
    assert.equal(await q.get(), 2);
    await putting;
    assert.equal(await q.get(), 3);
    q.close();
  }
});

Deno.test("Connection.poll(): 0 when omitted, until a message with null", async () => {
  const [a, b] = Pipe();
  assert.equal(await a.poll(), false);
  const polling = a.poll({ timeout: null });
  assert.ok(await stillPending(polling));
  b.send(1);
  assert.equal(await polling, true);
  assert.equal(await a.recv(), 1);
  a.close();
  b.close();
});

Deno.test("Process.join({ timeout: null }) waits until the child ends", async () => {
  const q = new Queue<number>();
  const p = new Process({ target: getForever, args: [q] });
  p.start();
  const joining = p.join({ timeout: null });
  assert.ok(await stillPending(joining));
  await q.put(1);
  await joining;
  assert.equal(p.exitcode, 0);
  q.close();
});

Deno.test("Process: options whose Python default is None take null", async () => {
  const idle = new Process({
    target: null,
    name: null,
    kwargs: null,
    daemon: null,
  });
  assert.match(idle.name, /^Process-\d+$/);
  assert.equal(idle.daemon, false);
  idle.start();
  await idle.join();
  assert.equal(idle.exitcode, 0);
});
