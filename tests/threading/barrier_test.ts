// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's lock_tests.BarrierTests, with real workers.
import assert from "node:assert/strict";
import {
  Barrier,
  BrokenBarrierError,
  ValueError,
} from "@skein/concurrent/threading";
import { barrierBreaker, barrierWaiter } from "./fixtures/sync_targets.ts";
import { cells, joinAll, startThreads } from "./_helpers.ts";

Deno.test("Barrier: parties must be at least 1", () => {
  assert.throws(() => new Barrier(0), {
    name: "ValueError",
    message:
      "Cannot create Barrier as 'parties' must be an integer >= 1: current value is 0",
  });
  assert.throws(
    () => new Barrier(2, { action: 1 as unknown as () => void }),
    TypeError,
  );
  assert.ok(new ValueError("x") instanceof RangeError);
});

Deno.test("Barrier: three threads meet, twice, with distinct indexes", async () => {
  const barrier = new Barrier(3);
  const out = cells(3);
  await joinAll(startThreads(barrierWaiter, [
    [barrier, out, 2],
    [barrier, out, 2],
    [barrier, out, 2],
  ]));
  assert.deepEqual([...out], [2, 2, 2]);
  assert.equal(barrier.parties, 3);
  assert.equal(barrier.nWaiting, 0);
  assert.ok(!barrier.broken);
});

Deno.test("Barrier: the main thread and workers meet", async () => {
  const barrier = new Barrier(3);
  const out = cells(3);
  const threads = startThreads(barrierWaiter, [[barrier, out, 1], [
    barrier,
    out,
    1,
  ]]);
  const index = await barrier.wait();
  await joinAll(threads);
  Atomics.add(out, index, 1);
  assert.deepEqual([...out], [1, 1, 1]);
});

Deno.test("Barrier: the action runs once per round, in the last thread", async () => {
  let runs = 0;
  const barrier = new Barrier(2, { action: () => runs++ });
  await Promise.all([barrier.wait(), barrier.wait()]);
  await Promise.all([barrier.wait(), barrier.wait()]);
  assert.equal(runs, 2);
});

Deno.test("Barrier: an action that throws breaks the barrier", async () => {
  const barrier = new Barrier(2, {
    action: () => {
      throw new SyntaxError("action failed");
    },
  });
  const first = barrier.wait();
  await assert.rejects(barrier.wait(), SyntaxError);
  await assert.rejects(first, BrokenBarrierError);
  assert.ok(barrier.broken);
  await assert.rejects(barrier.wait(), BrokenBarrierError);
  barrier.reset();
  assert.ok(!barrier.broken);
});

Deno.test("Barrier: a timeout breaks it for everyone", async () => {
  const barrier = new Barrier(3);
  const out = cells(1);
  const threads = startThreads(barrierBreaker, [[barrier, out]]);
  while (barrier.nWaiting < 1) await new Promise((r) => setTimeout(r, 1));
  await assert.rejects(barrier.wait({ timeout: 0.05 }), BrokenBarrierError);
  await joinAll(threads);
  assert.equal(out[0], 2);
  assert.ok(barrier.broken);
  assert.equal(barrier.nWaiting, 0);
  assert.throws(() => barrier.waitSync(), BrokenBarrierError);
});

Deno.test("Barrier: abort() breaks it, reset() makes it usable again", async () => {
  const barrier = new Barrier(2);
  const out = cells(1);
  const threads = startThreads(barrierBreaker, [[barrier, out]]);
  while (barrier.nWaiting < 1) await new Promise((r) => setTimeout(r, 1));
  barrier.abort();
  await joinAll(threads);
  assert.equal(out[0], 2);
  barrier.reset();
  const indexes = await Promise.all([barrier.wait(), barrier.wait()]);
  assert.deepEqual(indexes.sort(), [0, 1]);
});

Deno.test("Barrier: reset() while a thread waits raises BrokenBarrierError there", async () => {
  const barrier = new Barrier(2);
  const out = cells(1);
  const threads = startThreads(barrierBreaker, [[barrier, out]]);
  while (barrier.nWaiting < 1) await new Promise((r) => setTimeout(r, 1));
  barrier.reset();
  await joinAll(threads);
  assert.equal(out[0], 2);
  assert.ok(!barrier.broken);
  const indexes = await Promise.all([barrier.wait(), barrier.wait()]);
  assert.deepEqual(indexes.sort(), [0, 1]);
});
