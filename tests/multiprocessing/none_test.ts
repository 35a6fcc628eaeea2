// Copyright 2026 the @skein/concurrent authors. MIT license.
// `null` where Python takes None (issue #19, item 3), for the
// process-shared primitives, queues, Connection.poll and Process.join.
import assert from "node:assert/strict";
import * as multiprocessing from "@skein/concurrent/multiprocessing";
import {
  JoinableQueue,
  Lock,
  Pipe,
  Process,
  Queue,
  RLock,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { getForever } from "./fixtures/process_targets.ts";
import { stillPending } from "../_none.ts";
import { nullTimeouts } from "../_null_and_keywords.ts";

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

Deno.test("the primitives take null for a timeout as Python's None", async (t) => {
  await nullTimeouts(t, multiprocessing);
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
