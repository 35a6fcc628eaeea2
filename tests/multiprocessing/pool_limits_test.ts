// Copyright 2026 the @skein/concurrent authors. MIT license.
// Pool limits: each limit on the workers fails the task running when it is
// exceeded with multiprocessing.ResourceLimitError (kind, limit, used), the
// worker is replaced and the pool goes on.
import assert from "node:assert/strict";
import {
  Pool,
  ProcessError,
  ResourceLimitError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  block,
  growHeap,
  holdMemory,
  spin,
  square,
} from "../futures/fixtures/fault_tasks.ts";
import { workerPid } from "./fixtures/pool_tasks.ts";

registerModule(new URL("../futures/fixtures/fault_tasks.ts", import.meta.url));
registerModule(new URL("./fixtures/pool_tasks.ts", import.meta.url));

async function assertBreach(
  promise: Promise<unknown>,
  kind: string,
  limit: number,
): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ResourceLimitError, String(error));
    assert.ok(error instanceof ProcessError);
    assert.equal(error.kind, kind);
    assert.equal(error.limit, limit);
    assert.ok(error.used >= limit * 0.9, `used ${error.used}`);
    return true;
  });
}

Deno.test("Pool: each limit fails the task past it; the worker is replaced, the pool goes on", async (t) => {
  await t.step("heapMb", async () => {
    await using pool = new Pool(1, { limits: { heapMb: 64 } });
    const first = await pool.apply(workerPid);
    await assertBreach(pool.apply(growHeap), "heapMb", 64);
    assert.notEqual(await pool.apply(workerPid), first);
  });
  await t.step("memoryMb (buffers outside the heap)", async () => {
    await using pool = new Pool(1, { limits: { memoryMb: 200 } });
    await assertBreach(pool.apply(holdMemory, [400, 60]), "memoryMb", 200);
    assert.equal(await pool.apply(square, [5]), 25);
  });
  await t.step("cpuSeconds", async () => {
    await using pool = new Pool(1, { limits: { cpuSeconds: 1 } });
    await assertBreach(pool.apply(spin, [60_000]), "cpuSeconds", 1);
    assert.equal(await pool.apply(square, [6]), 36);
  });
  await t.step("wallSeconds, per task (a map's chunk)", async () => {
    await using pool = new Pool(1, {
      limits: { wallSeconds: 2.5 },
      maxConsecutiveDeaths: 1,
    });
    await assertBreach(pool.map(block, [60_000]), "wallSeconds", 2.5);
    // A breach is no death of the worker's own: with maxConsecutiveDeaths
    // 1 the pool goes on. (A new worker's start counts in its first task's
    // time, hence this task first and a wide limit.)
    assert.equal(await pool.apply(square, [2]), 4);
    // Each task has its own time: two of 1.5 s run in a row on one worker.
    assert.deepEqual(
      await pool.map(block, [1_500, 1_500], { chunksize: 1 }),
      [1_500, 1_500],
    );
  });
});

Deno.test("Pool rejects bad limits before a worker starts", () => {
  assert.throws(() => new Pool(1, { limits: { heapMb: -1 } }), {
    name: "ValueError",
    message:
      "Cannot create Pool as 'limits.heapMb' must be a finite number > 0: current value is -1",
  });
  assert.throws(() => new Pool(1, { limits: { wallSecs: 1 } as never }), {
    name: "TypeError",
    message:
      "Cannot create Pool as 'limits.wallSecs' is not a limit: expected one of heapMb, memoryMb, cpuSeconds, wallSeconds",
  });
  assert.throws(() => new Pool(1, { limits: 5 as never }), TypeError);
});
