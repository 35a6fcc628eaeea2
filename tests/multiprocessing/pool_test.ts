// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's _test_multiprocessing.py TestPool checks: apply,
// map, starmap and their async forms with callbacks, imap and
// imap_unordered, chunksize, timeouts, errors, close/terminate/join, the
// context manager, maxtasksperchild.
import assert from "node:assert/strict";
import {
  AsyncResult,
  Pool,
  TimeoutError,
  Value,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { run } from "@skein/concurrent/subprocess";
import { BrokenProcessPool } from "@skein/concurrent/futures";
import {
  bump,
  count,
  exitWorker,
  failOnFive,
  incLater,
  lengthOf,
  mul,
  SayWhenError,
  sqr,
  TaskError,
  throwingAt,
  throwLocalError,
  throwTaskError,
  withKwds,
  workerPid,
} from "./fixtures/pool_tasks.ts";

registerModule(new URL("./fixtures/pool_tasks.ts", import.meta.url));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

Deno.test("Pool: apply, map, starmap (sync forms return promises)", async () => {
  await using pool = new Pool(2);
  assert.equal(await pool.apply(sqr, [5]), 25);
  const kwdsLast = withKwds as unknown as (a: number) => number;
  assert.equal(await pool.apply(kwdsLast, [1], { b: 2 }), 3);
  assert.deepEqual(await pool.map(sqr, range(10)), range(10).map((x) => x * x));
  assert.deepEqual(
    await pool.map(sqr, range(100), { chunksize: 20 }),
    range(100).map((x) => x * x),
  );
  const tuples = range(10).map((i) => [i, i + 1] as [number, number]);
  assert.deepEqual(
    await pool.starmap(mul, tuples),
    tuples.map(([a, b]) => a * b),
  );
  assert.deepEqual(
    await pool.starmap(mul, tuples, { chunksize: 3 }),
    tuples.map(([a, b]) => a * b),
  );
  assert.deepEqual(await pool.map(sqr, []), []);
  // An async function's results are awaited; an array item is one argument.
  assert.deepEqual(
    await pool.map(incLater, range(6)),
    range(6).map((x) => x + 1),
  );
  assert.deepEqual(await pool.map(lengthOf, [[1, 2], [], [3]]), [2, 0, 1]);
});

Deno.test("Pool: async forms, callbacks, timeouts", async () => {
  await using pool = new Pool(2);
  const seen: unknown[] = [];
  const result = pool.applyAsync(sqr, [7, 50], undefined, {
    callback: (value) => seen.push(value),
  });
  assert.ok(result instanceof AsyncResult);
  assert.equal(result.ready(), false);
  assert.throws(() => result.successful(), ValueError);
  assert.equal(await result.get({ timeout: 30 }), 49);
  assert.deepEqual(seen, [49]);
  assert.equal(result.successful(), true);

  const slow = pool.applyAsync(sqr, [6, 1000]);
  await assert.rejects(slow.get({ timeout: 0.05 }), TimeoutError);
  assert.equal(await slow.wait({ timeout: 0.01 }), false);

  const errors: unknown[] = [];
  const failing = pool.mapAsync(failOnFive, range(10), {
    errorCallback: (error) => errors.push(error),
  });
  await assert.rejects(failing.get(), { name: "RangeError", message: "five" });
  assert.equal(failing.successful(), false);
  assert.equal(errors.length, 1);

  const products = pool.starmapAsync(mul, [[2, 3], [4, 5]]);
  assert.deepEqual(await products.get(), [6, 20]);
  await assert.rejects(pool.apply(failOnFive, [5]), RangeError);
});

Deno.test("Pool: imap in order, imapUnordered as ready", async () => {
  await using pool = new Pool(2);
  const ordered: number[] = [];
  for await (const y of pool.imap(sqr, range(10))) ordered.push(y);
  assert.deepEqual(ordered, range(10).map((x) => x * x));
  const chunked: number[] = [];
  for await (const y of pool.imap(sqr, range(100), { chunksize: 7 })) {
    chunked.push(y);
  }
  assert.deepEqual(chunked, range(100).map((x) => x * x));
  const unordered: number[] = [];
  for await (const y of pool.imapUnordered(sqr, range(20), { chunksize: 3 })) {
    unordered.push(y);
  }
  assert.deepEqual(
    unordered.toSorted((a, b) => a - b),
    range(20).map((x) => x * x),
  );
  // An error stops the iteration at its place.
  const partial: number[] = [];
  await assert.rejects(async () => {
    for await (const y of pool.imap(failOnFive, range(10))) partial.push(y);
  }, RangeError);
  assert.deepEqual(partial, [0, 1, 2, 3, 4]);
});

Deno.test("Pool: close, join, terminate, bad arguments", async () => {
  assert.throws(() => new Pool(0), ValueError);
  const pool = new Pool(1);
  await assert.rejects(pool.join(), {
    name: "ValueError",
    message: "Pool is still running",
  });
  const last = pool.applyAsync(sqr, [3]);
  pool.close();
  assert.throws(() => pool.applyAsync(sqr, [1]), {
    name: "ValueError",
    message: "Pool not running",
  });
  assert.throws(() => pool.imap(sqr, [1]), ValueError); // at the call
  assert.throws(() => pool.imapUnordered(sqr, [1]), ValueError);
  await pool.join();
  assert.equal(await last.get(), 9); // tasks queued before close still ran
  for (const bad of [0, -1, 1.5]) {
    assert.throws(() => new Pool(1, { maxtasksperchild: bad }), ValueError);
  }

  const busy = new Pool(2);
  const long = busy.mapAsync(sqr, range(4).map(() => 0), { chunksize: 1 });
  await long.get();
  const stuck = busy.applyAsync(sqr, [1, 60_000]);
  const started = performance.now();
  busy.terminate();
  await busy.join();
  assert.ok(performance.now() - started < 30_000);
  await assert.rejects(stuck.get());
  assert.throws(() => busy.applyAsync(sqr, [1]), ValueError);
});

Deno.test("Pool: maxtasksperchild replaces workers", async () => {
  await using pool = new Pool(1, { maxtasksperchild: 2 });
  const pids: number[] = [];
  for (let i = 0; i < 6; i++) pids.push(await pool.apply(workerPid));
  assert.equal(new Set(pids).size, 3);
});

Deno.test("Pool: a worker that dies fails its task clearly; later tasks get new workers", async () => {
  await using pool = new Pool(1);
  const doomed = pool.applyAsync(exitWorker, [3]);
  await assert.rejects(doomed.get({ timeout: 60 }), BrokenProcessPool);
  assert.equal(doomed.ready(), true);
  assert.equal(doomed.successful(), false);
  assert.equal(await pool.apply(sqr, [4]), 16);
  assert.deepEqual(await pool.map(sqr, [1, 2, 3]), [1, 4, 9]);
});

Deno.test("Pool: a worker that dies costs only its task: those sent ahead to it and those on other workers finish", async () => {
  await using one = new Pool(1);
  const doomed = one.applyAsync(exitWorker, [3]);
  const ahead = [2, 3, 4].map((x) => one.applyAsync(sqr, [x]));
  await assert.rejects(doomed.get({ timeout: 60 }), {
    name: "BrokenProcessPool",
    message: /exited with code 3 while running this task/,
  });
  assert.deepEqual(
    await Promise.all(ahead.map((r) => r.get({ timeout: 60 }))),
    [4, 9, 16],
  );

  await using two = new Pool(2);
  const slow = two.applyAsync(sqr, [5, 500]);
  const dies = two.applyAsync(exitWorker, [4]);
  await assert.rejects(dies.get({ timeout: 60 }), BrokenProcessPool);
  assert.equal(await slow.get({ timeout: 60 }), 25);
  assert.deepEqual(await two.map(sqr, range(6)), [0, 1, 4, 9, 16, 25]);
});

Deno.test("Pool: apply, map and starmap reject, never throw", async () => {
  const pool = new Pool(1);
  pool.close();
  for (
    const call of [
      () => pool.apply(sqr, [1]),
      () => pool.map(sqr, [1]),
      () => pool.starmap(mul, [[1, 2]]),
    ]
  ) {
    let promise: Promise<unknown> | undefined;
    assert.doesNotThrow(() => promise = call());
    await assert.rejects(promise!, { name: "ValueError" });
  }
  await pool.join();
});

Deno.test("Pool: imap reads its iterable as it goes (test_imap_handle_iterable_exception)", async (t) => {
  await using pool = new Pool(2);
  const results = async (
    iterator: AsyncGenerator<number>,
    n: number,
  ): Promise<number[]> => {
    const out = [];
    for (let i = 0; i < n; i++) out.push((await iterator.next()).value!);
    return out;
  };
  await t.step("the error comes at its chunk's place", async () => {
    await assert.rejects(
      pool.imap(sqr, throwingAt(1, 0), { chunksize: 1 }).next(),
      SayWhenError,
    );
    const cases: [number, number, number, number][] = [
      [10, 3, 1, 3],
      [20, 7, 2, 6],
      [20, 7, 4, 4],
    ];
    for (const [total, when, chunksize, before] of cases) {
      const it = pool.imap(sqr, throwingAt(total, when), { chunksize });
      assert.deepEqual(
        await results(it, before),
        range(before).map((i) => i * i),
      );
      await assert.rejects(it.next(), SayWhenError);
    }
  });
  await t.step("imapUnordered throws it within the iteration", async () => {
    const expected = range(10).map((i) => i * i);
    await assert.rejects(async () => {
      for await (const value of pool.imapUnordered(sqr, throwingAt(10, 3))) {
        assert.ok(expected.includes(value));
      }
    }, SayWhenError);
  });
  await t.step("an endless iterable, left after a few results", async () => {
    const firsts = [];
    for await (const value of pool.imap(sqr, count(), { chunksize: 10 })) {
      firsts.push(value);
      if (firsts.length === 5) break;
    }
    assert.deepEqual(firsts, [0, 1, 4, 9, 16]);
  });
});

Deno.test("Pool: workers start with the pool and run the initializer (test_pool_initializer)", async () => {
  const counter = new Value("i", 0);
  const pool = new Pool(2, { initializer: bump, initargs: [counter] });
  pool.close();
  await pool.join();
  assert.equal(counter.value, 2);
});

Deno.test("Pool: asking for more permissions than this process has fails at once", () => {
  // The test task grants --allow-net=127.0.0.1 only.
  assert.throws(
    () => new Pool(1, { permissions: { net: true } }),
    Deno.errors.NotCapable,
  );
});

Deno.test("Pool: an unguarded main module gets the bootstrapping error, no bomb", async () => {
  const out = await run([
    Deno.execPath(),
    "run",
    "-A",
    new URL("./fixtures/unguarded_pool.ts", import.meta.url).pathname,
  ], { captureOutput: true, text: true, timeout: 60 });
  assert.match(out.stdout as string, /^RuntimeError: .*bootstrapping phase/);
  assert.equal(out.returncode, 0);
});

Deno.test("Pool: a worker's error of an exported class comes back as that class", async () => {
  await using pool = new Pool(1);
  await assert.rejects(pool.apply(throwTaskError, [7]), (error) => {
    assert.ok(error instanceof TaskError);
    assert.equal(error.code, 7);
    assert.equal(error.message, "task failed with 7");
    return true;
  });
  // A class no module exports: an Error with its name, message and stack.
  await assert.rejects(pool.apply(throwLocalError), {
    name: "LocalError",
    message: "local",
  });
});
