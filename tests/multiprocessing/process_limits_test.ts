// Copyright 2026 the @skein/concurrent authors. MIT license.
// A Process's `limits` (heapMb, memoryMb, cpuSeconds, wallSeconds): each
// ends the child, `exitcode` stays Python's and `endReason` says which
// limit; no zombie is left.
import assert from "node:assert/strict";
import {
  Process,
  type ProcessEndReason,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import {
  growHeap,
  holdMemory,
  sleep,
  spin,
} from "../_internal/fixtures/limit_targets.ts";
import { readCpu } from "../../_internal/proc_files.ts";

// Runs `p` to its end and checks that its pid is gone from /proc (reaped).
async function ended(p: Process): Promise<ProcessEndReason | null> {
  p.start();
  const pid = p.pid!;
  await p.join();
  assert.equal(readCpu(pid), undefined, `process ${pid} is still in /proc`);
  return p.endReason;
}

Deno.test("a child past each limit ends, and says which", async (t) => {
  await t.step("heapMb: V8's fatal out-of-memory", async () => {
    const p = new Process({ target: growHeap, limits: { heapMb: 48 } });
    const reason = await ended(p);
    assert.equal(p.exitcode, -5); // SIGTRAP
    assert.deepEqual(reason, {
      kind: "limit",
      breach: { kind: "heapMb", limit: 48, used: 48 },
    });
  });
  await t.step("memoryMb: buffers outside the heap", async () => {
    const p = new Process({
      target: holdMemory,
      args: [200, 30],
      limits: { memoryMb: 120 },
    });
    const reason = await ended(p);
    assert.equal(p.exitcode, -9);
    assert.equal(reason?.kind, "limit");
    assert.equal(reason.breach.kind, "memoryMb");
    assert.ok(reason.breach.used > 120);
  });
  await t.step("cpuSeconds: a spinning child", async () => {
    const p = new Process({
      target: spin,
      args: [30],
      limits: { cpuSeconds: 1 },
    });
    const reason = await ended(p);
    assert.ok([-24, -9].includes(p.exitcode!), String(p.exitcode));
    assert.equal(reason?.kind, "limit");
    assert.equal(reason.breach.kind, "cpuSeconds");
    assert.ok(reason.breach.used >= 1);
  });
  await t.step("wallSeconds: a sleeping child", async () => {
    const p = new Process({
      target: sleep,
      args: [30],
      limits: { wallSeconds: 0.5 },
    });
    const reason = await ended(p);
    assert.equal(p.exitcode, -9);
    assert.equal(reason?.kind, "limit");
    assert.equal(reason.breach.kind, "wallSeconds");
    assert.ok(reason.breach.used >= 0.5);
  });
});

Deno.test("joinSync() enforces the limits while it blocks", async () => {
  const p = new Process({
    target: sleep,
    args: [30],
    limits: { wallSeconds: 0.5 },
  });
  p.start();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the call is sent
  p.joinSync({ timeout: 30 });
  assert.equal(p.exitcode, -9);
  assert.equal(p.endReason?.kind, "limit");
  assert.equal(p.endReason.breach.kind, "wallSeconds");
  await p.join(); // reaped
});

Deno.test("endReason tells an exit, a signal, or nothing yet", async (t) => {
  await t.step("an exit code", async () => {
    const p = new Process({
      target: (code: number) => Deno.exit(code),
      args: [3],
    });
    assert.equal(p.endReason, null);
    assert.deepEqual(await ended(p), { kind: "exit", code: 3 });
    assert.equal(p.exitcode, 3);
  });
  await t.step("a signal", async () => {
    const p = new Process({
      target: sleep,
      args: [30],
      limits: { memoryMb: 2000 },
    });
    p.start();
    assert.equal(p.endReason, null);
    p.terminate();
    await p.join();
    assert.equal(p.exitcode, -15);
    assert.deepEqual(p.endReason, {
      kind: "signal",
      signal: "SIGTERM",
      number: 15,
    });
  });
});

Deno.test("Process limits are checked when it is made", async (t) => {
  const cases: [unknown, string, string][] = [
    [
      { memoryMb: 0 },
      "ValueError",
      "Cannot create Process as 'limits.memoryMb' must be a finite number > 0: current value is 0",
    ],
    [
      { wallSeconds: NaN },
      "ValueError",
      "Cannot create Process as 'limits.wallSeconds' must be a finite number > 0: current value is NaN",
    ],
    [
      { rssMb: 1 },
      "TypeError",
      "Cannot create Process as 'limits.rssMb' is not a limit: expected one of heapMb, memoryMb, cpuSeconds, wallSeconds",
    ],
  ];
  for (const [limits, name, message] of cases) {
    await t.step(message, () => {
      assert.throws(
        () => new Process({ target: sleep, limits: limits as never }),
        { name, message },
      );
    });
  }
  assert.ok(new ValueError("") instanceof RangeError);
});
