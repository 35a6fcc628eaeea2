// Copyright 2026 the @skein/concurrent authors. MIT license.
// CPython 3.11's _test_multiprocessing.py, class _TestQueue, case by case
// (each test named after the method, those with children once per channel;
// run again under forkserver by cpython_forkserver_test.ts). Adapted
// throughout: TIMEOUT1-3 are 0.05 s (CPython's 0.1), and the DELTA sleeps
// that let a feeder thread catch up are gone (a put here has reached the
// queue when its promise settles). Ported elsewhere:
// test_closed_queue_put_get_exceptions (queues_test.ts, "close() as
// Python's"). Skipped:
// - test_queue_feeder_on_queue_feeder_error: there is no feeder thread
//   and so no _on_queue_feeder_error hook: an item that cannot cross
//   fails the put itself (test_queue_feeder_donot_stop_onexc).
import assert from "node:assert/strict";
import {
  Empty,
  Event,
  Full,
  JoinableQueue,
  Process,
  type ProcessPermissions,
  Queue,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { CHANNELS } from "./_channels.ts";
import {
  doTasksUntilNull,
  type Flag,
  putTenToNineteen,
  putTwoToFive,
  takeSix,
  waitFlag,
} from "./fixtures/cpython_targets.ts";

registerModule(new URL("./fixtures/cpython_targets.ts", import.meta.url));

const TIMEOUT1 = 0.05;
const TIMEOUT2 = 0.05;
const TIMEOUT3 = 0.05;

// A process Event needs FFI (it lives in shared memory): for a child
// without, a Queue stands in for it (see fixtures' Flag).
function flag(permissions: ProcessPermissions): Flag {
  return permissions === "inherit" ? new Event() : new Queue();
}

for (const [channel, permissions] of CHANNELS) {
  Deno.test(`_TestQueue.test_put (${channel})`, async () => {
    const MAXSIZE = 6;
    const queue = new Queue(MAXSIZE);
    const childCanStart = flag(permissions);
    const parentCanContinue = flag(permissions);
    const proc = new Process({
      target: takeSix,
      args: [queue, childCanStart, parentCanContinue],
      permissions,
    });
    proc.daemon = true;
    proc.start();
    assert.equal(await queue.empty(), true);
    assert.equal(await queue.full(), false);
    await queue.put(1);
    await queue.put(2, { block: true });
    await queue.put(3, { block: true, timeout: null });
    await queue.put(4, { block: false });
    await queue.put(5, { block: false, timeout: null });
    await queue.putNowait(6);
    assert.equal(await queue.empty(), false);
    assert.equal(await queue.full(), true);
    await assert.rejects(queue.put(7, { block: false }), Full);
    await assert.rejects(queue.put(7, { block: false, timeout: null }), Full);
    await assert.rejects(queue.putNowait(7), Full);
    await assert.rejects(
      queue.put(7, { block: true, timeout: TIMEOUT1 }),
      Full,
    );
    await assert.rejects(
      queue.put(7, { block: false, timeout: TIMEOUT2 }),
      Full,
    );
    await assert.rejects(queue.put(7, { timeout: TIMEOUT3 }), Full);
    if ("set" in childCanStart) childCanStart.set();
    else await childCanStart.put(true);
    await waitFlag(parentCanContinue);
    assert.equal(await queue.empty(), true);
    assert.equal(await queue.full(), false);
    await proc.join();
  });

  Deno.test(`_TestQueue.test_get (${channel})`, async () => {
    const queue = new Queue();
    const childCanStart = flag(permissions);
    const parentCanContinue = flag(permissions);
    const proc = new Process({
      target: putTwoToFive,
      args: [queue, childCanStart, parentCanContinue],
      permissions,
    });
    proc.daemon = true;
    proc.start();
    assert.equal(await queue.empty(), true);
    if ("set" in childCanStart) childCanStart.set();
    else await childCanStart.put(true);
    await waitFlag(parentCanContinue);
    // The child's puts may still be on their way (CPython sleeps DELTA
    // here): wait until the four are in.
    for (let i = 0; i < 500 && await queue.qsize() < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(await queue.empty(), false);
    assert.equal(await queue.get({ block: true, timeout: null }), 2);
    assert.equal(await queue.get({ block: true }), 3);
    assert.equal(await queue.get({ timeout: 1 }), 4);
    assert.equal(await queue.getNowait(), 5);
    assert.equal(await queue.empty(), true);
    await assert.rejects(queue.get({ block: false }), Empty);
    await assert.rejects(queue.get({ block: false, timeout: null }), Empty);
    await assert.rejects(queue.getNowait(), Empty);
    await assert.rejects(
      queue.get({ block: true, timeout: TIMEOUT1 }),
      Empty,
    );
    await assert.rejects(
      queue.get({ block: false, timeout: TIMEOUT2 }),
      Empty,
    );
    await assert.rejects(queue.get({ timeout: TIMEOUT3 }), Empty);
    await proc.join();
  });

  Deno.test(`_TestQueue.test_fork (${channel})`, async () => {
    const queue = new Queue<number>();
    for (let i = 0; i < 10; i++) await queue.put(i);
    const p = new Process({
      target: putTenToNineteen,
      args: [queue],
      permissions,
    });
    p.daemon = true;
    p.start();
    for (let i = 0; i < 20; i++) assert.equal(await queue.get(), i);
    await assert.rejects(queue.get({ block: false }), Empty);
    await p.join();
  });

  Deno.test(`_TestQueue.test_task_done (${channel})`, async () => {
    const queue = new JoinableQueue<number | null>();
    const workers = [0, 1, 2, 3].map(() =>
      new Process({ target: doTasksUntilNull, args: [queue], permissions })
    );
    for (const p of workers) {
      p.daemon = true;
      p.start();
    }
    for (let i = 0; i < 10; i++) await queue.put(i);
    await queue.join();
    for (const _ of workers) await queue.put(null);
    for (const p of workers) await p.join();
  });
}

Deno.test("_TestQueue.test_qsize", async () => {
  const q = new Queue();
  assert.equal(await q.qsize(), 0);
  await q.put(1);
  assert.equal(await q.qsize(), 1);
  await q.put(5);
  assert.equal(await q.qsize(), 2);
  await q.get();
  assert.equal(await q.qsize(), 1);
  await q.get();
  assert.equal(await q.qsize(), 0);
});

// A module that uses a Queue as it is imported (Python's import lock is
// the module loading here): its get must not time out.
Deno.test("_TestQueue.test_no_import_lock_contention", async () => {
  const dir = await Deno.makeTempDir({ prefix: "skein-import-" });
  try {
    const lib = new URL("../../multiprocessing/mod.ts", import.meta.url).href;
    const module = `${dir}/imported_by_an_imported_module.ts`;
    await Deno.writeTextFile(
      module,
      `import { Queue } from "${lib}";
const q = new Queue();
await q.put("knock knock");
await q.get({ timeout: 3 });
q.close();
`,
    );
    await import(new URL(`file://${module}`).href);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("_TestQueue.test_timeout", async () => {
  const q = new Queue();
  const start = performance.now();
  await assert.rejects(q.get({ block: true, timeout: 0.2 }), Empty);
  const delta = performance.now() - start;
  assert.ok(delta >= 100, `${delta} ms`);
});

// Adapted: no feeder thread takes items here: an item that cannot cross
// fails its put at once (TypeError), and the queue goes on working, its
// size right.
Deno.test("_TestQueue.test_queue_feeder_donot_stop_onexc", async () => {
  const notSerializable = Symbol("NotSerializable");
  {
    const q = new Queue();
    await assert.rejects(q.put(notSerializable), TypeError);
    await q.put(true);
    assert.equal(await q.get({ timeout: 10 }), true);
  }
  {
    const q = new Queue(1);
    await assert.rejects(q.put(notSerializable), TypeError);
    await q.put(true);
    assert.equal(await q.qsize(), 1);
    assert.equal(await q.get({ timeout: 10 }), true);
    assert.equal(await q.empty(), true);
  }
});
