// Copyright 2026 the @skein/concurrent authors. MIT license.
// A Thread's `limits`: heapMb and wallSeconds end the thread, reported to
// excepthook as a ResourceLimitError; memoryMb and cpuSeconds cannot be
// enforced for a thread.
import assert from "node:assert/strict";
import {
  type ExceptHookArgs,
  registerModule,
  ResourceLimitError,
  RuntimeError,
  setExcepthook,
  Thread,
  ValueError,
} from "@skein/concurrent/threading";
import {
  growHeap,
  growHeapLater,
  sleep,
} from "../_internal/fixtures/limit_targets.ts";

registerModule(
  new URL("../_internal/fixtures/limit_targets.ts", import.meta.url),
);

// Runs `thread` to its end; what it reported to excepthook.
async function reported(thread: Thread): Promise<unknown[]> {
  const seen: unknown[] = [];
  const previous = setExcepthook((args: ExceptHookArgs) => {
    seen.push(args.excValue);
  });
  try {
    thread.start();
    await thread.join();
  } finally {
    setExcepthook(previous);
  }
  assert.ok(!thread.isAlive());
  return seen;
}

Deno.test("a thread past its heapMb ends with a ResourceLimitError", async () => {
  const thread = new Thread({
    target: growHeap,
    name: "hog",
    limits: { heapMb: 32 },
  });
  const [error, ...more] = await reported(thread);
  assert.deepEqual(more, []);
  assert.ok(error instanceof ResourceLimitError);
  assert.ok(error instanceof RuntimeError);
  assert.equal(error.kind, "heapMb");
  assert.equal(error.limit, 32);
  assert.equal(error.used, 32);
  assert.equal(
    error.message,
    "Thread 'hog' was ended: JavaScript heap reached its limit of 32 MiB (limits.heapMb)",
  );
});

Deno.test("a thread past its heapMb after an await ends alike", async () => {
  const thread = new Thread({ target: growHeapLater, limits: { heapMb: 32 } });
  const [error] = await reported(thread);
  assert.ok(error instanceof ResourceLimitError);
  assert.equal(error.kind, "heapMb");
});

Deno.test("a thread past its wallSeconds ends with a ResourceLimitError", async () => {
  const thread = new Thread({
    target: sleep,
    args: [30],
    limits: { wallSeconds: 0.3 },
  });
  const [error] = await reported(thread);
  assert.ok(error instanceof ResourceLimitError);
  assert.equal(error.kind, "wallSeconds");
  assert.equal(error.limit, 0.3);
  assert.ok(error.used >= 0.3);
});

Deno.test("a thread within its limits runs as any other", async () => {
  const thread = new Thread({
    target: sleep,
    args: [0],
    limits: { heapMb: 64, wallSeconds: 30 },
  });
  assert.deepEqual(await reported(thread), []);
});

Deno.test("Thread limits are checked when it is made", async (t) => {
  const cases: [unknown, string, string][] = [
    [
      { memoryMb: 100 },
      "ValueError",
      "Cannot create Thread as 'limits.memoryMb' (resident memory) cannot be enforced for a thread (its memory and CPU time are the process's)",
    ],
    [
      { cpuSeconds: 1 },
      "ValueError",
      "Cannot create Thread as 'limits.cpuSeconds' (CPU time) cannot be enforced for a thread (its memory and CPU time are the process's)",
    ],
    [
      { heapMb: -1 },
      "ValueError",
      "Cannot create Thread as 'limits.heapMb' must be a finite number > 0: current value is -1",
    ],
    [
      { heap: 1 },
      "TypeError",
      "Cannot create Thread as 'limits.heap' is not a limit: expected one of heapMb, memoryMb, cpuSeconds, wallSeconds",
    ],
  ];
  for (const [limits, name, message] of cases) {
    await t.step(message, () => {
      assert.throws(
        () => new Thread({ target: sleep, limits: limits as never }),
        { name, message },
      );
    });
  }
  assert.ok(new ValueError("") instanceof RangeError);
});
