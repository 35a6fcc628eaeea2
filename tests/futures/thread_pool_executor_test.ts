// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's test_concurrent_futures thread-pool, map, shutdown and
// initializer tests, with real workers.
import assert from "node:assert/strict";
import {
  BrokenThreadPool,
  CancelledError,
  type Future,
  RuntimeError,
  ThreadPoolExecutor,
  TimeoutError,
  wait,
} from "@skein/concurrent/futures";
import { Lock, registerModule } from "@skein/concurrent/threading";
import { run } from "@skein/concurrent/subprocess";
import {
  closeWorker,
  countingInitializer,
  exitWorker,
  fail,
  failingInitializer,
  incrementUnderLock,
  readInitialized,
  sleepSync,
  slowSquare,
  square,
  threadName,
  throwOutsideTheTask,
} from "./fixtures/tasks.ts";

registerModule(new URL("./fixtures/tasks.ts", import.meta.url));

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterator) out.push(value);
  return out;
}

Deno.test("ThreadPoolExecutor: submit() returns futures of results and exceptions", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const ok = pool.submit(square, 7);
  assert.equal(await ok.result(), 49);
  assert.ok(ok.done() && !ok.cancelled());
  const async = pool.submit(slowSquare, 3, 5);
  assert.equal(await async, 9);
  const bad = pool.submit(fail, "boom");
  await assert.rejects(bad.result(), (error) => {
    assert.ok(error instanceof RangeError);
    assert.equal(error.message, "boom");
    return true;
  });
  assert.ok((await bad.exception()) instanceof RangeError);
  const inline = pool.submit((a: number, b: number) => a + b, 2, 3);
  assert.equal(await inline, 5);
});

Deno.test("ThreadPoolExecutor: maxWorkers default and validation", () => {
  const pool = new ThreadPoolExecutor();
  assert.equal(
    pool.maxWorkers,
    Math.min(32, navigator.hardwareConcurrency + 4),
  );
  assert.throws(() => new ThreadPoolExecutor({ maxWorkers: 0 }), {
    name: "ValueError",
    message:
      "Cannot create ThreadPoolExecutor as 'maxWorkers' must be an integer > 0: current value is 0",
  });
  assert.throws(() => new ThreadPoolExecutor({ maxWorkers: -1 }), RangeError);
  assert.match(pool.threadNamePrefix, /^ThreadPoolExecutor-\d+$/);
});

Deno.test("ThreadPoolExecutor: 10,000 tasks are all accounted for", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const futures = Array.from(
    { length: 10_000 },
    (_, i) => pool.submit(square, i),
  );
  const { done, notDone } = await wait(futures);
  assert.equal(done.size, 10_000);
  assert.equal(notDone.size, 0);
  let sum = 0;
  for (const f of futures) sum += await f;
  let expected = 0;
  for (let i = 0; i < 10_000; i++) expected += i * i;
  assert.equal(sum, expected);
});

Deno.test("ThreadPoolExecutor: a Lock passed to 8 tasks protects a shared counter", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
  const lock = new Lock();
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const futures = Array.from(
    { length: 8 },
    () => pool.submit(incrementUnderLock, lock, counter, 2_000),
  );
  await Promise.all(futures);
  assert.equal(counter[0], 16_000);
});

Deno.test("ThreadPoolExecutor.map(): results in order, exception at its position", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  assert.deepEqual(await collect(pool.map(square, [1, 2, 3, 4])), [
    1,
    4,
    9,
    16,
  ]);
  assert.deepEqual(
    await collect(
      pool.map((a: number, b: number) => a * b, [1, 2, 3], [10, 20]),
    ),
    [10, 40],
  );
  const seen: number[] = [];
  await assert.rejects(
    (async () => {
      for await (
        const value of pool.map(
          (x: number) => {
            if (x === 3) throw new SyntaxError("three");
            return x;
          },
          [1, 2, 3, 4],
        )
      ) seen.push(value);
    })(),
    SyntaxError,
  );
  assert.deepEqual(seen, [1, 2]);
});

Deno.test("ThreadPoolExecutor.map(): chunksize, buffersize and async iterables", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const items = Array.from({ length: 1000 }, (_, i) => i);
  assert.deepEqual(
    await collect(pool.map(square, items, { chunksize: 100 })),
    items.map((i) => i * i),
  );
  assert.deepEqual(
    await collect(pool.map(square, items.slice(0, 50), { buffersize: 3 })),
    items.slice(0, 50).map((i) => i * i),
  );
  async function* numbers(): AsyncGenerator<number> {
    for (let i = 0; i < 5; i++) yield i;
  }
  assert.deepEqual(await collect(pool.map(square, numbers())), [
    0,
    1,
    4,
    9,
    16,
  ]);
  assert.throws(() => pool.map(square, items, { chunksize: 0 }), RangeError);
  assert.throws(() => pool.map(square, items, { buffersize: 0 }), RangeError);
  assert.throws(
    () => pool.map(square, items, { buffersize: 1.5 }),
    TypeError,
  );
});

Deno.test("ThreadPoolExecutor.map(): a timeout from the call", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  await assert.rejects(
    collect(pool.map(sleepSync, [200, 200], { timeout: 0.05 })),
    TimeoutError,
  );
});

Deno.test("ThreadPoolExecutor.shutdown(): no new submissions; cancelFutures cancels pending", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const running = pool.submit(sleepSync, 100);
  const queued: Future<void>[] = [1, 2, 3].map(() =>
    pool.submit(sleepSync, 10)
  );
  await pool.shutdown({ wait: true, cancelFutures: true });
  assert.throws(() => pool.submit(square, 1), {
    name: "RuntimeError",
    message: "cannot schedule new futures after shutdown",
  });
  assert.ok(running.done() && !running.cancelled());
  for (const f of queued) {
    assert.ok(f.cancelled());
    await assert.rejects(f.result(), CancelledError);
  }
  const { done } = await wait(queued);
  assert.equal(done.size, 3);
});

Deno.test("ThreadPoolExecutor.shutdown({ wait: true }) waits for queued calls", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const futures = [1, 2, 3].map((x) => pool.submit(slowSquare, x, 5));
  await pool.shutdown();
  assert.ok(futures.every((f) => f.done()));
  assert.deepEqual(await Promise.all(futures), [1, 4, 9]);
  await pool.shutdown(); // twice is fine
  assert.throws(() => pool.submit(square, 1), RuntimeError);
});

Deno.test("ThreadPoolExecutor: the initializer runs in each worker first", async () => {
  await using pool = new ThreadPoolExecutor({
    maxWorkers: 1,
    initializer: countingInitializer,
    initargs: [42],
  });
  assert.equal(await pool.submit(readInitialized), 42);
});

Deno.test("ThreadPoolExecutor: a failing initializer breaks the pool", async () => {
  const pool = new ThreadPoolExecutor({
    maxWorkers: 1,
    initializer: failingInitializer,
  });
  const futures = [1, 2, 3].map((x) => pool.submit(square, x));
  for (const f of futures) {
    await assert.rejects(f.result(), {
      name: "BrokenThreadPool",
      message:
        "A thread initializer failed, the thread pool is not usable anymore",
    });
  }
  assert.throws(() => pool.submit(square, 1), BrokenThreadPool);
  await pool.shutdown();
});

Deno.test("ThreadPoolExecutor: a worker that dies breaks the pool, naming the task", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const dying = pool.submit(exitWorker);
  await assert.rejects(dying.result(), (error) => {
    assert.ok(error instanceof BrokenThreadPool);
    assert.match(error.message, /A thread running task 'exitWorker' died/);
    return true;
  });
  assert.throws(() => pool.submit(square, 1), BrokenThreadPool);
  await pool.shutdown();
});

Deno.test("ThreadPoolExecutor: an argument that cannot cross fails submit() with its path", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  assert.throws(
    () => pool.submit((x: unknown) => x, { f: Symbol("s") }),
    { name: "TypeError", message: /args\[0\]\.f .* a symbol/ },
  );
});

Deno.test("ThreadPoolExecutor.submitWith(): a signal cancels a waiting call", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const busy = pool.submit(sleepSync, 50);
  const controller = new AbortController();
  const waiting = pool.submitWith({ signal: controller.signal }, square, 3);
  controller.abort();
  assert.ok(waiting.cancelled());
  await assert.rejects(waiting.result(), CancelledError);
  await busy;
  const already = pool.submitWith({ signal: AbortSignal.abort() }, square, 4);
  assert.ok(already.cancelled());
  const ran = pool.submitWith(
    { signal: new AbortController().signal },
    square,
    5,
  );
  assert.equal(await ran, 25);
});

Deno.test("ThreadPoolExecutor.submitWith(): transfer moves buffers", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const data = new Float64Array(1000).fill(0.5);
  const future = pool.submitWith(
    { transfer: [data.buffer] },
    (xs: Float64Array) => xs.reduce((a, b) => a + b, 0),
    data,
  );
  assert.equal(data.length, 0);
  assert.equal(await future, 500);
  assert.throws(
    () => pool.submitWith({ transfer: 1 as unknown as [] }, square, 1),
    TypeError,
  );
});

Deno.test("ThreadPoolExecutor: a task that closes its worker breaks the pool", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const closing = pool.submit(closeWorker);
  await assert.rejects(closing.result(), (error) => {
    assert.ok(error instanceof BrokenThreadPool);
    assert.match(error.message, /A thread running task 'closeWorker' died/);
    return true;
  });
  await pool.shutdown();
});

Deno.test("ThreadPoolExecutor.map(): an iterable that throws fails the iteration", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  function* broken(): Generator<number> {
    yield 1;
    throw new EvalError("iterable failed");
  }
  await assert.rejects(collect(pool.map(square, broken())), EvalError);
  pool.map(square, broken()); // never read: must not crash the process
  await new Promise((resolve) => setTimeout(resolve, 10));
});

Deno.test("ThreadPoolExecutor: tasks run on threads named PREFIX_N", async () => {
  await using pool = new ThreadPoolExecutor({
    maxWorkers: 1,
    threadNamePrefix: "crunch",
  });
  assert.equal(await pool.submit(threadName), "crunch_0");
  const unnamed = new ThreadPoolExecutor({ maxWorkers: 1 });
  assert.match(await unnamed.submit(threadName), /^ThreadPoolExecutor-\d+_0$/);
  await unnamed.shutdown();
});

Deno.test("ThreadPoolExecutor: an error thrown outside any call ends the worker and breaks the pool", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const original = console.error;
  console.error = () => {}; // Deno reports the worker's uncaught error
  try {
    const future = pool.submit(throwOutsideTheTask);
    await assert.rejects(future.result(), (error) => {
      assert.ok(error instanceof BrokenThreadPool);
      assert.match(error.message, /throwOutsideTheTask/);
      return true;
    });
  } finally {
    console.error = original;
  }
  await pool.shutdown();
});

Deno.test("ThreadPoolExecutor.map(): submits at the call, before any iteration", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const results = pool.map(square, [1, 2, 3]);
  await pool.shutdown({ wait: true }); // after map(): its calls still run
  assert.deepEqual(await collect(results), [1, 4, 9]);
});

Deno.test("ThreadPoolExecutor: an unguarded main module fails the future with a RuntimeError, and nothing nests", async () => {
  // The fixture prints "top level" each time its top level runs: once in the
  // program and once in the worker that imports it to find `work`, whose
  // submit() throws instead of making a pool of its own.
  const out = await run([
    Deno.execPath(),
    "run",
    "-A",
    "--config",
    new URL("../../deno.json", import.meta.url).pathname,
    new URL("./fixtures/unguarded_thread_pool.ts", import.meta.url).pathname,
  ], { captureOutput: true, text: true, timeout: 60 });
  assert.equal(out.returncode, 0, out.stderr as string);
  const lines = (out.stdout as string).trim().split("\n");
  assert.deepEqual(lines.filter((line) => line === "top level").length, 2);
  assert.match(
    lines.at(-2)!,
    /^RuntimeError: Cannot start a thread while a module is being imported by a worker to find a shipped function: guard the top level of your main module with `if \(import\.meta\.main\)/,
  );
  assert.equal(lines.at(-1), "main end");
});
