// Copyright 2026 the @skein/concurrent authors. MIT license.
// The `limits` option of both executors: a call that exceeds one fails with
// ResourceLimitError (kind, limit, used), its worker is replaced and the
// pool goes on, whether or not replaceDeadWorkers is set.
import assert from "node:assert/strict";
import { assertBreach } from "../_breach.ts";
import {
  ProcessPoolExecutor,
  ResourceLimitError,
  ThreadPoolExecutor,
  ValueError,
} from "@skein/concurrent/futures";
import {
  block,
  growHeap,
  holdMemory,
  spin,
  square,
  whoAmI,
} from "./fixtures/fault_tasks.ts";
import "./fixtures/pools.ts"; // registers fault_tasks.ts

Deno.test("ThreadPoolExecutor: limits.heapMb and limits.wallSeconds", async (t) => {
  await t.step("a call past heapMb", async () => {
    // No wall limit here: on a loaded machine growing the heap may take
    // longer than a short one, and the breach must be the heap's.
    await using pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      limits: { heapMb: 32 },
    });
    const first = await pool.submit(whoAmI);
    await assertBreach(
      pool.submit(growHeap).result(),
      ResourceLimitError,
      "heapMb",
      32,
    );
    const second = await pool.submit(whoAmI);
    assert.notEqual(second, first);
  });
  await t.step("a call past wallSeconds", async () => {
    await using pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      limits: { heapMb: 32, wallSeconds: 2 },
    });
    await assertBreach(
      pool.submit(block, 60_000).result(),
      ResourceLimitError,
      "wallSeconds",
      2,
    );
    assert.equal(await pool.submit(square, 3), 9);
  });
});

Deno.test("ProcessPoolExecutor: each limit fails its call and the pool goes on", async (t) => {
  await t.step("heapMb", async () => {
    await using pool = new ProcessPoolExecutor({
      maxWorkers: 1,
      limits: { heapMb: 64 },
    });
    await assertBreach(
      pool.submit(growHeap).result(),
      ResourceLimitError,
      "heapMb",
      64,
    );
    assert.equal(await pool.submit(square, 4), 16);
  });
  await t.step("memoryMb, with buffers outside the heap", async () => {
    await using pool = new ProcessPoolExecutor({
      maxWorkers: 1,
      limits: { memoryMb: 200 },
    });
    await assertBreach(
      pool.submit(holdMemory, 400, 30).result(),
      ResourceLimitError,
      "memoryMb",
      200,
    );
    assert.equal(await pool.submit(square, 5), 25);
  });
  await t.step("cpuSeconds", async () => {
    await using pool = new ProcessPoolExecutor({
      maxWorkers: 1,
      limits: { cpuSeconds: 1 },
    });
    await assertBreach(
      pool.submit(spin, 60_000).result(),
      ResourceLimitError,
      "cpuSeconds",
      1,
    );
    assert.equal(await pool.submit(square, 6), 36);
  });
  await t.step("wallSeconds, per call", async () => {
    await using pool = new ProcessPoolExecutor({
      maxWorkers: 1,
      limits: { wallSeconds: 3 },
    });
    await assertBreach(
      pool.submit(block, 60_000).result(),
      ResourceLimitError,
      "wallSeconds",
      3,
    );
    assert.equal(await pool.submit(square, 7), 49);
    // The time counts per call, not over the worker's life.
    for (let i = 0; i < 3; i++) {
      assert.equal(await pool.submit(block, 1_200), 1_200);
    }
  });
});

Deno.test("Executors reject bad limits before anything starts", () => {
  assert.throws(
    () => new ThreadPoolExecutor({ limits: { memoryMb: 100 } }),
    {
      name: "ValueError",
      message:
        "Cannot create ThreadPoolExecutor as 'limits.memoryMb' (resident memory) cannot be enforced for a thread (use a ProcessPoolExecutor)",
    },
  );
  assert.throws(
    () => new ThreadPoolExecutor({ limits: { cpuSeconds: 1 } }),
    ValueError,
  );
  assert.throws(
    () => new ProcessPoolExecutor({ limits: { heapMb: -1 } }),
    {
      name: "ValueError",
      message:
        "Cannot create ProcessPoolExecutor as 'limits.heapMb' must be a finite number > 0: current value is -1",
    },
  );
  assert.throws(
    () => new ProcessPoolExecutor({ limits: { wallSecs: 1 } as never }),
    { name: "TypeError", message: /'limits.wallSecs' is not a limit/ },
  );
  assert.throws(
    () => new ThreadPoolExecutor({ limits: { heapMb: NaN } }),
    ValueError,
  );
});
