// Copyright 2026 the @skein/concurrent authors. MIT license.
// The warm worker cache: it grows to the peak number of threads running at
// once, and idle workers retire.
import assert from "node:assert/strict";
import { Barrier, registerModule, Thread } from "@skein/concurrent/threading";
import {
  closeIdleWorkers,
  MAX_IDLE,
  RETIRE_AFTER,
  setRetireAfter,
  workerCounts,
} from "../../_internal/worker_pool.ts";
import { meet } from "./fixtures/meet.ts";

registerModule(new URL("./fixtures/meet.ts", import.meta.url));

const PEAK = 12;

/** Starts PEAK threads that all run at once (they meet at a barrier). */
async function burst(): Promise<Set<number | undefined>> {
  const barrier = new Barrier(PEAK + 1);
  const threads = Array.from(
    { length: PEAK },
    () => new Thread({ target: meet, args: [barrier] }),
  );
  for (const thread of threads) thread.start();
  await barrier.wait({ timeout: 600 });
  for (const thread of threads) await thread.join();
  return new Set(threads.map((thread) => thread.nativeId));
}

Deno.test("the worker cache grows to the peak number of threads running at once", async () => {
  await closeIdleWorkers();
  const before = workerCounts().started;
  const first = await burst();
  assert.equal(first.size, PEAK);
  assert.deepEqual(workerCounts(), { started: before + PEAK, idle: PEAK });
  const second = await burst();
  // The second burst runs on the same, warm workers: none is started.
  assert.deepEqual(workerCounts(), { started: before + PEAK, idle: PEAK });
  assert.deepEqual(second, first);
  await closeIdleWorkers();
  assert.equal(workerCounts().idle, 0);
});

Deno.test("the worker cache keeps at least 32 idle workers", () => {
  assert.ok(MAX_IDLE >= 32);
  assert.ok(MAX_IDLE >= navigator.hardwareConcurrency);
});

Deno.test("idle cached workers retire after the retirement delay", async (t) => {
  await closeIdleWorkers();
  const previous = setRetireAfter(0.05);
  try {
    assert.equal(previous, RETIRE_AFTER);
    await t.step("a worker idle past the delay ends", async () => {
      const thread = new Thread({ target: () => {} });
      thread.start();
      await thread.join();
      assert.equal(workerCounts().idle, 1);
      await eventually(() => workerCounts().idle === 0);
    });
    await t.step("a worker reused before the delay stays", async () => {
      setRetireAfter(3600);
      const first = new Thread({ target: () => {} });
      first.start();
      await first.join();
      const second = new Thread({ target: () => {} });
      second.start();
      await second.join();
      assert.equal(second.nativeId, first.nativeId);
      assert.equal(workerCounts().idle, 1);
    });
  } finally {
    setRetireAfter(previous);
    await closeIdleWorkers();
  }
});

Deno.test("setRetireAfter() rejects a negative or NaN delay", () => {
  for (const seconds of [-1, NaN]) {
    assert.throws(() => setRetireAfter(seconds), {
      name: "RangeError",
      message:
        `Cannot set the idle worker retirement delay as 'seconds' must be >= 0: current value is ${seconds}`,
    });
  }
  assert.equal(setRetireAfter(RETIRE_AFTER), RETIRE_AFTER);
});

/** Polls `done` every 10 ms for up to 30 s. */
async function eventually(done: () => boolean): Promise<void> {
  const end = performance.now() + 30_000;
  while (!done()) {
    assert.ok(performance.now() < end, "timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
