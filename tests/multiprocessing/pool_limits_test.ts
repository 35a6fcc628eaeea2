// Copyright 2026 the @skein/concurrent authors. MIT license.
// Pool limits: each limit on the workers fails the task running when it is
// exceeded with multiprocessing.ResourceLimitError (kind, limit, used), the
// worker is replaced and the pool goes on.
import assert from "node:assert/strict";
import { assertBreach } from "../_breach.ts";
import {
  Pool,
  ProcessError,
  ResourceLimitError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import * as futures from "@skein/concurrent/futures";
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

Deno.test("Pool: each limit fails the task past it; the worker is replaced, the pool goes on", async (t) => {
  await t.step("heapMb", async () => {
    await using pool = new Pool(1, { limits: { heapMb: 64 } });
    const first = await pool.apply(workerPid);
    await assertBreach(pool.apply(growHeap), ResourceLimitError, "heapMb", 64);
    assert.notEqual(await pool.apply(workerPid), first);
  });
  await t.step("memoryMb (buffers outside the heap)", async () => {
    await using pool = new Pool(1, { limits: { memoryMb: 200 } });
    await assertBreach(
      pool.apply(holdMemory, [400, 60]),
      ResourceLimitError,
      "memoryMb",
      200,
    );
    assert.equal(await pool.apply(square, [5]), 25);
  });
  await t.step("cpuSeconds", async () => {
    await using pool = new Pool(1, { limits: { cpuSeconds: 1 } });
    await assertBreach(
      pool.apply(spin, [60_000]),
      ResourceLimitError,
      "cpuSeconds",
      1,
    );
    assert.equal(await pool.apply(square, [6]), 36);
  });
  await t.step("wallSeconds, per task (a map's chunk)", async () => {
    await using pool = new Pool(1, {
      limits: { wallSeconds: 2.5 },
      maxConsecutiveDeaths: 1,
    });
    await assertBreach(
      pool.map(block, [60_000]),
      ResourceLimitError,
      "wallSeconds",
      2.5,
    );
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

Deno.test("Pool: a breach is this module's ResourceLimitError, a ProcessError", async () => {
  await using pool = new Pool(1, { limits: { wallSeconds: 0.5 } });
  const error = await pool.apply(block, [60_000]).catch((e) => e);
  assert.ok(error instanceof ResourceLimitError);
  assert.ok(error instanceof ProcessError);
  assert.equal(error.name, "ResourceLimitError");
  assert.ok(error.cause instanceof futures.ResourceLimitError);
  assert.match(
    error.message,
    /^wall-clock time [\d.]+ s exceeded its limit of 0.5 s \(limits.wallSeconds\)$/,
  );
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
