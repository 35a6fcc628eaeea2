// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's test_concurrent_futures checks of the process pool
// (results and exceptions, map, shutdown, initializer, max_tasks_per_child,
// broken pools, terminate/kill_workers), with real worker processes.
import assert from "node:assert/strict";
import {
  BrokenProcessPool,
  ProcessPoolExecutor,
  RuntimeError,
  ValueError,
} from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { run } from "@skein/concurrent/subprocess";
import {
  exitWorker,
  fail,
  failToInitialize,
  fetchStatus,
  initialize,
  pid,
  sleep,
  square,
  whatInitialized,
} from "./fixtures/process_tasks.ts";

registerModule(new URL("./fixtures/process_tasks.ts", import.meta.url));

Deno.test("ProcessPoolExecutor: results, exceptions and map", async () => {
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  assert.equal(pool.maxWorkers, 2);
  const futures = [1, 2, 3, 4].map((x) => pool.submit(square, x));
  assert.deepEqual(await Promise.all(futures), [1, 4, 9, 16]);
  const failed = pool.submit(fail, "boom");
  await assert.rejects(async () => await failed, {
    name: "RangeError",
    message: "boom",
  });
  assert.ok(await failed.exception() instanceof RangeError);
  const results: number[] = [];
  for await (const y of pool.map(square, [5, 6, 7], { chunksize: 2 })) {
    results.push(y);
  }
  assert.deepEqual(results, [25, 36, 49]);
  const inline = await pool.submit((a: number, b: number) => a + b, 2, 3);
  assert.equal(inline, 5);
});

Deno.test("ProcessPoolExecutor: bad input, and submit after shutdown", async () => {
  assert.throws(() => new ProcessPoolExecutor({ maxWorkers: 0 }), ValueError);
  assert.throws(
    () => new ProcessPoolExecutor({ maxTasksPerChild: 1.5 }),
    ValueError,
  );
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  assert.throws(() => pool.submit(5 as never), TypeError);
  assert.throws(() => pool.submit(square, new SharedArrayBuffer(4) as never), {
    name: "TypeError",
    message: /args\[0\].*another process/,
  });
  await pool.shutdown();
  assert.throws(() => pool.submit(square, 1), RuntimeError);
});

Deno.test("ProcessPoolExecutor: the initializer runs in each worker first", async () => {
  await using pool = new ProcessPoolExecutor({
    maxWorkers: 2,
    initializer: initialize,
    initargs: ["ready"],
  });
  const seen = await Promise.all(
    [0, 1, 2, 3].map(() => pool.submit(whatInitialized)),
  );
  assert.deepEqual(seen, ["ready", "ready", "ready", "ready"]);
});

Deno.test("ProcessPoolExecutor: a failing initializer breaks the pool", async () => {
  const pool = new ProcessPoolExecutor({
    maxWorkers: 1,
    initializer: failToInitialize,
  });
  await assert.rejects(
    async () => await pool.submit(square, 2),
    BrokenProcessPool,
  );
  assert.throws(() => pool.submit(square, 3), BrokenProcessPool);
  await pool.shutdown();
});

Deno.test("ProcessPoolExecutor: maxTasksPerChild replaces workers", async () => {
  await using pool = new ProcessPoolExecutor({
    maxWorkers: 1,
    maxTasksPerChild: 2,
  });
  const pids: number[] = [];
  for (let i = 0; i < 6; i++) pids.push(await pool.submit(pid));
  assert.equal(new Set(pids).size, 3);
  assert.ok(!pids.includes(Deno.pid));
});

Deno.test("ProcessPoolExecutor: a worker that exits mid-task breaks the pool, no hang", async () => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  const dying = pool.submit(exitWorker, 3);
  const pending = pool.submit(square, 2);
  await assert.rejects(async () => await dying, {
    name: "BrokenProcessPool",
    message: /terminated abruptly.*code 3/,
  });
  await assert.rejects(async () => await pending, BrokenProcessPool);
  assert.throws(() => pool.submit(square, 1), BrokenProcessPool);
  await pool.shutdown();
});

Deno.test("ProcessPoolExecutor: SIGKILL of a worker, and killWorkers()", async () => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  const workerPid = await pool.submit(pid);
  const long = pool.submit(sleep, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  Deno.kill(workerPid, "SIGKILL");
  await assert.rejects(async () => await long, BrokenProcessPool);
  await pool.shutdown();

  const other = new ProcessPoolExecutor({ maxWorkers: 1 });
  const running = other.submit(sleep, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  other.killWorkers();
  await assert.rejects(async () => await running, BrokenProcessPool);
  assert.throws(() => other.submit(square, 1), Error);
  await other.shutdown();
});

Deno.test("ProcessPoolExecutor: shutdown with cancelFutures", async () => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  const first = pool.submit(sleep, 200);
  await Promise.resolve(); // sent to a worker when the turn pauses
  assert.ok(first.running());
  const queued = [1, 2, 3, 4, 5].map(() => pool.submit(sleep, 1));
  await pool.shutdown({ cancelFutures: true });
  assert.equal(await first, 200);
  assert.ok(queued.every((f) => f.cancelled()));
});

Deno.test("ProcessPoolExecutor: shutdown cancels most of a long queue (test_cancel_futures)", async () => {
  const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  const futures = Array.from({ length: 50 }, () => pool.submit(sleep, 100));
  await pool.shutdown({ cancelFutures: true });
  assert.ok(futures.filter((f) => f.cancelled()).length > 20);
  for (const f of futures) assert.ok(f.done());
});

Deno.test("a worker process's console.log reaches the terminal untouched", async () => {
  const out = await run([
    Deno.execPath(),
    "run",
    "-A",
    new URL("./fixtures/print_from_pool.ts", import.meta.url).pathname,
  ], { captureOutput: true, text: true, timeout: 60 });
  assert.equal(out.returncode, 0, out.stderr as string);
  assert.equal(
    out.stdout,
    "HELLO FROM A WORKER\nresult: hello from a worker\n",
  );
});

Deno.test("ProcessPoolExecutor: a worker denied the network fails with NotCapable here", async () => {
  await using pool = new ProcessPoolExecutor({
    maxWorkers: 1,
    permissions: { net: false },
  });
  await assert.rejects(
    async () => await pool.submit(fetchStatus, "http://127.0.0.1:59999/"),
    { name: "NotCapable", message: /Requires net access/ },
  );
});
