// Copyright 2026 the @skein/concurrent authors. MIT license.
// The limits core: worker threads (heapMb, wallSeconds), and the checks.
// A child's limits are tested through Process (process_limits_test.ts) and
// subprocess (subprocess/limits_test.ts).
import assert from "node:assert/strict";
import { ValueError } from "../../errors.ts";
import {
  checkLimits,
  describeBreach,
  LimitBreach,
  type ResourceLimits,
} from "../../_internal/limits.ts";
import {
  TaskWorker,
  THREAD_LIMIT_KINDS,
  workerCounts,
} from "../../_internal/worker_pool.ts";
import { identCounters, nextIdent } from "../../_internal/ident.ts";
import { exportRef, programMainModule } from "../../_internal/ship.ts";

const TARGETS = new URL("./fixtures/limit_targets.ts", import.meta.url).href;

// Runs `name` on `worker`, holding the process open meanwhile (a worker
// does not by itself).
async function runOn(
  worker: TaskWorker,
  name: string,
  args: unknown[],
  wallSeconds?: number,
): ReturnType<TaskWorker["run"]> {
  worker.ref();
  try {
    return await run(worker, name, args, wallSeconds);
  } finally {
    worker.unref();
  }
}

function run(
  worker: TaskWorker,
  name: string,
  args: unknown[],
  wallSeconds?: number,
): ReturnType<TaskWorker["run"]> {
  return worker.run(
    {
      fn: exportRef(name, TARGETS),
      args: { value: args, marked: false },
      ident: nextIdent(),
      counters: identCounters(),
      mainModule: programMainModule(),
    },
    [],
    { wallSeconds },
  );
}

Deno.test("a worker thread enforces heapMb and wallSeconds", async (t) => {
  assert.deepEqual(THREAD_LIMIT_KINDS, ["heapMb", "wallSeconds"]);
  await t.step("past heapMb the worker ends with a heapMb breach", async () => {
    const worker = TaskWorker.acquire({ heapMb: 32 });
    const reply = await runOn(worker, "growHeap", []);
    assert.ok(reply instanceof LimitBreach, String(reply));
    assert.deepEqual(reply.breach, { kind: "heapMb", limit: 32, used: 32 });
    await worker.terminate();
  });
  await t.step("past wallSeconds the worker is terminated", async () => {
    const worker = TaskWorker.acquire({ wallSeconds: 0.2 });
    const reply = await runOn(worker, "sleep", [30], 0.2);
    assert.ok(reply instanceof LimitBreach, String(reply));
    assert.equal(reply.breach.kind, "wallSeconds");
    assert.equal(reply.breach.limit, 0.2);
    assert.ok(reply.breach.used >= 0.2);
    await worker.terminate();
  });
  await t.step(
    "a run within its limits returns; the worker is not cached",
    async () => {
      const worker = TaskWorker.acquire({ heapMb: 64, wallSeconds: 30 });
      const reply = await runOn(worker, "sleep", [0], 30);
      assert.ok(!(reply instanceof Error) && reply.ok);
      const idle = workerCounts().idle;
      worker.release();
      assert.equal(workerCounts().idle, idle);
      await worker.terminate();
    },
  );
});

Deno.test("checkLimits() rejects bad limits, naming the key", async (t) => {
  const check = (limits: unknown): ResourceLimits | undefined =>
    checkLimits(
      "create Thread",
      limits,
      THREAD_LIMIT_KINDS,
      "a thread",
      ValueError,
    );
  await t.step("omitted or null is no limit", () => {
    assert.equal(check(undefined), undefined);
    assert.equal(check(null), undefined);
  });
  await t.step("an unknown key is a TypeError", () => {
    assert.throws(() => check({ heap: 1 }), {
      name: "TypeError",
      message:
        "Cannot create Thread as 'limits.heap' is not a limit: expected one of heapMb, memoryMb, cpuSeconds, wallSeconds",
    });
  });
  for (const bad of [0, -1, NaN, Infinity]) {
    await t.step(`${bad} is a ValueError`, () => {
      assert.throws(() => check({ heapMb: bad }), {
        name: "ValueError",
        message:
          `Cannot create Thread as 'limits.heapMb' must be a finite number > 0: current value is ${bad}`,
      });
    });
  }
  await t.step("a limit a thread cannot enforce is a ValueError", () => {
    assert.throws(() => check({ memoryMb: 100 }), {
      name: "ValueError",
      message:
        "Cannot create Thread as 'limits.memoryMb' (resident memory) cannot be enforced for a thread",
    });
  });
  await t.step("describeBreach() says which limit and the usage", () => {
    assert.equal(
      describeBreach({ kind: "memoryMb", limit: 100, used: 123.456 }),
      "resident memory 123.5 MiB exceeded its limit of 100 MiB (limits.memoryMb)",
    );
    assert.equal(
      describeBreach({ kind: "wallSeconds", limit: 0.3, used: 0.30271 }),
      "wall-clock time 0.303 s exceeded its limit of 0.3 s (limits.wallSeconds)",
    );
    assert.equal(
      describeBreach({ kind: "heapMb", limit: 64, used: 64 }),
      "JavaScript heap reached its limit of 64 MiB (limits.heapMb)",
    );
  });
});
