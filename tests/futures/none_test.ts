// Copyright 2026 the @skein/concurrent authors. MIT license.
// `null` where Python takes None (issue #19, item 3): timeouts wait
// forever, `map`'s buffersize is unbounded.
import assert from "node:assert/strict";
import {
  asCompleted,
  Future,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
  wait,
} from "@skein/concurrent/futures";
import { stillPending } from "../_none.ts";

Deno.test("Future: result() and exception() with timeout null wait until done", async () => {
  const f = new Future<number>();
  const result = f.result({ timeout: null });
  const exception = f.exception({ timeout: null });
  assert.ok(await stillPending(result));
  f.setResult(7);
  assert.equal(await result, 7);
  assert.equal(await exception, undefined);
});

Deno.test("wait({ timeout: null }) waits until all are done", async () => {
  const f = new Future<number>();
  const waiting = wait([f], { timeout: null });
  assert.ok(await stillPending(waiting));
  f.setResult(1);
  const { done, notDone } = await waiting;
  assert.deepEqual([...done], [f]);
  assert.equal(notDone.size, 0);
});

Deno.test("asCompleted(fs, { timeout: null }) waits for each", async () => {
  const f = new Future<number>();
  const iterator = asCompleted([f], { timeout: null });
  const next = iterator.next();
  assert.ok(await stillPending(next));
  f.setResult(1);
  assert.equal((await next).value, f);
  assert.equal((await iterator.next()).done, true);
});

Deno.test("Executor.map with timeout null and buffersize null", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const out: number[] = [];
  for await (
    const y of pool.map((x: number) => x * 2, [1, 2, 3], {
      timeout: null,
      buffersize: null,
    })
  ) out.push(y);
  assert.deepEqual(out, [2, 4, 6]);
});

Deno.test("executors: maxWorkers, initializer, maxTasksPerChild of null are the defaults", async () => {
  await using threads = new ThreadPoolExecutor({
    maxWorkers: null,
    initializer: null,
  });
  assert.equal(
    threads.maxWorkers,
    Math.min(32, (navigator.hardwareConcurrency ?? 1) + 4),
  );
  assert.equal(await threads.submit((x: number) => x + 1, 1), 2);
  await using processes = new ProcessPoolExecutor({
    maxWorkers: null,
    initializer: null,
    maxTasksPerChild: null,
  });
  assert.equal(await processes.submit((x: number) => x * 3, 2), 6);
});
