// Copyright 2026 the @skein/concurrent authors. MIT license.
// The limits core: worker threads (heapMb, wallSeconds) and child `deno`
// processes (heapMb, memoryMb, cpuSeconds, wallSeconds).
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
import { ChildProcess } from "../../_internal/child_process.ts";
import { CHILD_LIMIT_KINDS } from "../../_internal/limit_watch.ts";
import { identCounters, nextIdent } from "../../_internal/ident.ts";
import { exportRef, programMainModule } from "../../_internal/ship.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { currentIdentity } from "../../_internal/process_identity.ts";
import type { ChildHeader } from "../../_internal/child_main.ts";
import { growHeap, holdMemory, sleep, spin } from "./fixtures/limit_targets.ts";

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

// A child running `name` from the fixtures with `args`, as Process starts one.
function child(
  name: string,
  args: unknown[],
  limits: ResourceLimits,
): ChildProcess {
  const me = currentIdentity();
  const header: ChildHeader = {
    name: "limited",
    identity: [...me.identity, 1],
    daemon: false,
    parentPid: Deno.pid,
    parentName: me.name,
    authkey: me.authkey,
    mainModule: programMainModule(),
    modules: [TARGETS],
    mode: "process",
  };
  const fns = { growHeap, holdMemory, sleep, spin } as Record<
    string,
    unknown
  >;
  return new ChildProcess({
    what: "start process",
    records: [
      encodeBytes(header, "header").slice(),
      encodeBytes(fns[name], "target", true).slice(),
      encodeBytes(args, "args", true).slice(),
    ],
    limits,
    valueError: ValueError,
  });
}

Deno.test("a child deno enforces each limit and reports it", async (t) => {
  assert.deepEqual(CHILD_LIMIT_KINDS, [
    "heapMb",
    "memoryMb",
    "cpuSeconds",
    "wallSeconds",
  ]);
  await t.step("heapMb: V8's fatal out-of-memory", async () => {
    const c = child("growHeap", [], { heapMb: 48 });
    assert.equal(await c.status, -5); // SIGTRAP
    assert.deepEqual(c.breach, { kind: "heapMb", limit: 48, used: 48 });
  });
  await t.step("memoryMb: buffers outside the heap", async () => {
    const c = child("holdMemory", [200, 30], { memoryMb: 120 });
    assert.equal(await c.status, -9);
    assert.equal(c.breach?.kind, "memoryMb");
    assert.ok(c.breach.used > 120);
  });
  await t.step("cpuSeconds: a spinning child", async () => {
    const c = child("spin", [30], { cpuSeconds: 1 });
    const code = await c.status;
    assert.ok(code === -24 || code === -9, String(code)); // SIGXCPU or ours
    assert.equal(c.breach?.kind, "cpuSeconds");
    assert.ok(c.breach.used >= 1);
  });
  await t.step("wallSeconds: a sleeping child", async () => {
    const c = child("sleep", [30], { wallSeconds: 0.5 });
    assert.equal(await c.status, -9);
    assert.equal(c.breach?.kind, "wallSeconds");
    assert.ok(c.breach.used >= 0.5);
  });
  await t.step("a child within its limits reports none", async () => {
    const c = child("sleep", [0], { memoryMb: 1000, wallSeconds: 60 });
    assert.equal(await c.status, 0);
    assert.equal(c.breach, undefined);
  });
});
