// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's _test_multiprocessing.py TestPool checks: apply,
// map, starmap and their async forms with callbacks, imap and
// imap_unordered, chunksize, timeouts, errors, close/terminate/join, the
// context manager, maxtasksperchild.
import assert from "node:assert/strict";
import {
  AsyncResult,
  Event,
  IMapIterator,
  IMapUnorderedIterator,
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
  failOnTwo,
  gated,
  incLater,
  lengthOf,
  mul,
  parseIntStrict,
  SayWhenError,
  sqr,
  TaskError,
  throwingAt,
  throwLocalError,
  throwTaskError,
  withKwds,
  workerName,
  workerPid,
} from "./fixtures/pool_tasks.ts";

registerModule(new URL("./fixtures/pool_tasks.ts", import.meta.url));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const noop = (): void => {};

Deno.test("Pool: apply, map, starmap (sync forms return promises)", async () => {
  await using pool = new Pool(2);
  assert.equal(await pool.apply(sqr, [5]), 25);
  assert.equal(await pool.apply(withKwds, [1], { kwds: { b: 2 } }), 3);
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
  const result = pool.applyAsync(sqr, [7, 50], {
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
  // An error leaves a for await loop at its place.
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
    iterator: IMapIterator<number>,
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

Deno.test('Pool takes the permissions Process takes: "inherit", "none", an object', async (t) => {
  for (const permissions of ["inherit", "none", { env: false }] as const) {
    await t.step(JSON.stringify(permissions), async () => {
      await using pool = new Pool(1, { permissions });
      const env = () => Deno.permissions.querySync({ name: "env" }).state;
      assert.equal(
        await pool.apply(env),
        permissions === "inherit" ? "granted" : "prompt",
      );
    });
  }
  await t.step("anything else is a TypeError, before a worker starts", () => {
    assert.throws(() => new Pool(1, { permissions: "all" as "none" }), {
      name: "TypeError",
      message:
        `Cannot create Pool as 'permissions' must be "inherit", "none" or an object: received string`,
    });
  });
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

// Results and errors of an iterator, read by hand to its end, as Python's
// next() in a loop: errors as their messages.
async function drain<R>(
  it: IMapIterator<R>,
): Promise<(R | string)[]> {
  const seen: (R | string)[] = [];
  for (;;) {
    try {
      const result = await it.next({ timeout: 60 });
      if (result.done) return seen;
      seen.push(result.value);
    } catch (error) {
      seen.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
  }
}

Deno.test("Pool.imap() goes on after a failed item (test_imap)", async (t) => {
  await using pool = new Pool(2);
  await t.step("list(it) and next(it) by hand", async () => {
    const it = pool.imap(sqr, range(10));
    assert.ok(it instanceof IMapIterator);
    assert.deepEqual(await drain(it), range(10).map((x) => x * x));
    const big = pool.imap(sqr, range(1000), { chunksize: 100 });
    for (let i = 0; i < 1000; i++) {
      assert.deepEqual(await big.next(), { done: false, value: i * i });
    }
    assert.deepEqual(await big.next(), { done: true, value: undefined });
    assert.deepEqual(await big.next(), { done: true, value: undefined });
  });
  await t.step(
    "the failed item rejects one next(), the rest follow",
    async () => {
      assert.deepEqual(await drain(pool.imap(failOnTwo, range(5))), [
        0,
        1,
        "RangeError: two",
        3,
        4,
      ]);
    },
  );
  await t.step("a for await loop over the same iterator resumes", async () => {
    const it = pool.imap(failOnTwo, range(5));
    const values: number[] = [];
    const errors: unknown[] = [];
    for (;;) {
      try {
        for await (const value of it) values.push(value);
        break;
      } catch (error) {
        errors.push(error);
      }
    }
    assert.deepEqual(values, [0, 1, 3, 4]);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof RangeError);
  });
  await t.step(
    "with chunksize > 1, an error ends it, as Python's",
    async () => {
      assert.deepEqual(
        await drain(pool.imap(failOnTwo, range(6), { chunksize: 2 })),
        [0, 1, "RangeError: two"],
      );
    },
  );
  await t.step("an empty iterable (test_empty_iterable)", async () => {
    assert.deepEqual(await drain(pool.imap(sqr, [])), []);
    assert.deepEqual(await drain(pool.imapUnordered(sqr, [])), []);
    assert.deepEqual(await pool.map(sqr, []), []);
    assert.deepEqual(await pool.mapAsync(sqr, []).get(), []);
  });
});

Deno.test("Pool.imapUnordered() goes on after a failed item (test_imap_unordered)", async () => {
  await using pool = new Pool(2);
  const it = pool.imapUnordered(sqr, range(10));
  assert.ok(it instanceof IMapUnorderedIterator);
  assert.ok(it instanceof IMapIterator);
  const all = await drain(it) as number[];
  assert.deepEqual(all.toSorted((a, b) => a - b), range(10).map((x) => x * x));
  const chunked = await drain(
    pool.imapUnordered(sqr, range(1000), { chunksize: 100 }),
  ) as number[];
  assert.deepEqual(
    chunked.toSorted((a, b) => a - b),
    range(1000).map((x) => x * x),
  );

  const seen = await drain(pool.imapUnordered(failOnTwo, range(5)));
  assert.deepEqual(
    seen.filter((x) => typeof x === "number").toSorted(),
    [0, 1, 3, 4],
  );
  assert.deepEqual(seen.filter((x) => typeof x === "string"), [
    "RangeError: two",
  ]);

  // chunksize > 1: the failed chunk's error is the last thing it gives.
  const ended = await drain(
    pool.imapUnordered(failOnTwo, range(6), { chunksize: 2 }),
  );
  assert.equal(ended.at(-1), "RangeError: two");
  assert.equal(ended.filter((x) => typeof x === "string").length, 1);
});

Deno.test("IMapIterator.next({ timeout }) raises TimeoutError and stays usable", async (t) => {
  await using pool = new Pool(2);
  await t.step("no result in time, then the result", async () => {
    const gate = new Event();
    const it = pool.imap(gated, [{ gate, value: 7 }, { value: 8 }]);
    await assert.rejects(it.next({ timeout: 0.05 }), {
      name: "TimeoutError",
      message: "No result came within the timeout of 0.05 seconds",
    });
    await assert.rejects(it.next({ timeout: -1 }), TimeoutError);
    gate.set();
    assert.deepEqual(await it.next({ timeout: 60 }), { done: false, value: 7 });
    assert.deepEqual(await it.next({ timeout: null }), {
      done: false,
      value: 8,
    });
    assert.deepEqual(await it.next({ timeout: 0 }), {
      done: true,
      value: undefined,
    });
  });
  await t.step("calls made together take their turns", async () => {
    const it = pool.imap(sqr, range(4));
    const results = await Promise.all(range(5).map(() => it.next()));
    assert.deepEqual(results.map((r) => r.value), [0, 1, 4, 9, undefined]);
    // A call waiting without a timeout does not hold up a later one's.
    const gate = new Event();
    const gated2 = pool.imap(gated, [{ gate, value: 1 }, { value: 2 }]);
    const first = gated2.next();
    await assert.rejects(gated2.next({ timeout: 0.05 }), TimeoutError);
    gate.set();
    assert.deepEqual(await first, { done: false, value: 1 });
    assert.deepEqual(await gated2.next(), { done: false, value: 2 });
  });
  await t.step("a bad timeout is rejected before it waits", async () => {
    const it = pool.imap(sqr, [3]);
    await assert.rejects(it.next({ timeout: "1" as unknown as number }), {
      name: "TypeError",
      message:
        "Cannot get the next result as 'timeout' must be a number of seconds or null: received string",
    });
    await assert.rejects(it.next({ timeout: NaN }), ValueError);
    assert.deepEqual(await it.next(), { done: false, value: 9 });
  });
  await t.step("return() closes it: next() is done after", async () => {
    const gate = new Event();
    const it = pool.imap(gated, [{ gate }, { value: 1 }]);
    const waiting = it.next();
    assert.deepEqual(await it.return(), { done: true, value: undefined });
    gate.set();
    assert.deepEqual(await waiting, { done: true, value: undefined });
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });
});

Deno.test("Pool.applyAsync() takes its callbacks in the trailing options (test_async_error_callback)", async (t) => {
  await using pool = new Pool(2);
  await t.step(
    "callback runs before get() returns and ready() turns true",
    async () => {
      const seen: [number, boolean][] = [];
      const result: AsyncResult<number> = pool.applyAsync(sqr, [7], {
        callback: (value) => seen.push([value, result.ready()]),
      });
      assert.equal(await result.get({ timeout: 60 }), 49);
      assert.deepEqual(seen, [[49, false]]);
      assert.equal(result.ready(), true);
    },
  );
  await t.step(
    "errorCallback gets the exception before wait() returns",
    async () => {
      const errors: unknown[] = [];
      const result = pool.applyAsync(failOnFive, [5], {
        errorCallback: (error) => errors.push(error),
      });
      assert.equal(await result.wait({ timeout: 60 }), true);
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof RangeError);
      await assert.rejects(result.get(), RangeError);
      assert.equal(result.successful(), false);
    },
  );
  await t.step("kwds come last; an apply without callbacks", async () => {
    assert.equal(
      await pool.applyAsync(withKwds, [1], { kwds: { b: 41 } }).get(),
      42,
    );
    assert.equal(await pool.applyAsync(workerPid).get() > 0, true);
  });
  await t.step(
    "a callback that throws is logged; the result stands",
    async () => {
      const logged: unknown[][] = [];
      const error = console.error;
      console.error = (...args: unknown[]) => logged.push(args);
      try {
        const result = pool.applyAsync(sqr, [3], {
          callback: () => {
            throw new Error("in callback");
          },
        });
        assert.equal(await result.get(), 9);
        assert.equal(result.successful(), true);
      } finally {
        console.error = error;
      }
      assert.equal(logged.length, 1);
      assert.equal(logged[0]![0], "exception calling callback for AsyncResult");
      assert.equal((logged[0]![1] as Error).message, "in callback");
    },
  );
});

Deno.test("Pool.mapAsync() callbacks (test_map_async_callbacks) and no fail-fast (test_map_no_failfast)", async (t) => {
  await using pool = new Pool(2);
  await t.step(
    "callback gets the list, errorCallback the exception",
    async () => {
      const calls: unknown[] = [];
      const options = {
        callback: (value: unknown) => calls.push(value),
        errorCallback: (error: unknown) => calls.push(error),
      };
      assert.equal(
        await pool.mapAsync(parseIntStrict, ["1"], options).wait(),
        true,
      );
      assert.deepEqual(calls, [[1]]);
      await pool.mapAsync(parseIntStrict, ["a"], options).wait();
      assert.equal(calls.length, 2);
      assert.ok(calls[1] instanceof RangeError);
      const star = pool.starmapAsync(mul, [[2, 3]], options);
      assert.deepEqual(await star.get(), [6]);
      assert.deepEqual(calls[2], [6]);
    },
  );
  await t.step(
    "a failed chunk does not make it ready while others run",
    async () => {
      const fail = new Event();
      const gate = new Event();
      const errors: unknown[] = [];
      const result = pool.mapAsync(gated, [{ fail }, { gate, value: 1 }], {
        chunksize: 1,
        errorCallback: (error) => errors.push(error),
      });
      assert.equal(await fail.wait({ timeout: 60 }), true);
      assert.equal(await result.wait({ timeout: 1 }), false);
      assert.deepEqual(errors, []);
      gate.set();
      await assert.rejects(result.get({ timeout: 60 }), {
        message: "failed on purpose",
      });
      assert.equal(errors.length, 1);
    },
  );
});

Deno.test("AsyncResult: get, wait, ready, successful as CPython's (test_async_timeout)", async () => {
  await using pool = new Pool(1);
  const gate = new Event();
  const result = pool.applyAsync(gated, [{ gate, value: 5 }]);
  assert.equal(result.ready(), false);
  assert.throws(() => result.successful(), {
    name: "ValueError",
    message: "Cannot tell whether the task was successful as it is not ready",
  });
  await assert.rejects(result.get({ timeout: 0.05 }), TimeoutError);
  assert.equal(await result.wait({ timeout: 0.01 }), false);
  assert.equal(await result.wait({ timeout: -1 }), false);
  await assert.rejects(result.get({ timeout: "x" as unknown as number }), {
    name: "TypeError",
    message:
      "Cannot wait for result as 'timeout' must be a number of seconds or null: received string",
  });
  gate.set();
  assert.equal(await result.get({ timeout: null }), 5);
  assert.equal(await result.wait({ timeout: 0 }), true);
  assert.equal(result.successful(), true);
});

Deno.test("Pool: a call of another shape than the documented one is a TypeError", async (t) => {
  await using pool = new Pool(1);
  // The casts stand for callers without type checks.
  const loose = pool as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const call = (name: string, ...args: unknown[]) => loose[name]!(...args);
  await t.step("applyAsync: options where the arguments go", () => {
    assert.throws(() => call("applyAsync", sqr, { callback: () => {} }), {
      name: "TypeError",
      message:
        "Cannot call Pool.applyAsync() as 'args' must be an array of arguments: received an object",
    });
  });
  await t.step("applyAsync: Python's four positionals", () => {
    assert.throws(() => call("applyAsync", sqr, [1], {}, { callback: noop }), {
      name: "TypeError",
      message:
        "Cannot call Pool.applyAsync() as it takes at most 3 arguments (fn, args, options): received 4",
    });
  });
  await t.step("applyAsync: keyword arguments as the options", () => {
    assert.throws(() => call("applyAsync", withKwds, [1], { b: 2 }), {
      name: "TypeError",
      message:
        "Cannot call Pool.applyAsync() as 'options' has no key 'b': expected kwds, callback, errorCallback, signal, timeout",
    });
    assert.throws(() => call("applyAsync", sqr, [1], { callback: 3 }), {
      name: "TypeError",
      message:
        "Cannot call Pool.applyAsync() as 'callback' must be a function: received number",
    });
    assert.throws(() => call("applyAsync", sqr, [1], { kwds: [1] }), {
      name: "TypeError",
      message:
        "Cannot call Pool.applyAsync() as 'kwds' must be an object: received an array",
    });
    assert.throws(() => call("applyAsync", "sqr", [1]), {
      name: "TypeError",
      message:
        "Cannot call Pool.applyAsync() as 'fn' must be a function: received string",
    });
  });
  await t.step(
    "apply: args not an array, callbacks, extra arguments",
    async () => {
      await assert.rejects(call("apply", sqr, 5) as Promise<unknown>, {
        name: "TypeError",
        message:
          "Cannot call Pool.apply() as 'args' must be an array of arguments: received number",
      });
      await assert.rejects(
        call("apply", sqr, [1], { callback: noop }) as Promise<unknown>,
        {
          name: "TypeError",
          message:
            "Cannot call Pool.apply() as 'options' has no key 'callback': expected kwds, signal, timeout",
        },
      );
      await assert.rejects(
        call("apply", withKwds, [1], { b: 2 }, {}) as Promise<unknown>,
        { name: "TypeError", message: /at most 3 arguments/ },
      );
    },
  );
  await t.step("map and friends: chunksize in the options only", async () => {
    await assert.rejects(call("map", sqr, [1, 2], 4) as Promise<unknown>, {
      name: "TypeError",
      message:
        "Cannot call Pool.map() as 'options' must be an object (a chunksize goes in it: { chunksize: 4 }): received number",
    });
    await assert.rejects(
      call("map", sqr, [1], { callback: noop }) as Promise<unknown>,
      {
        name: "TypeError",
        message:
          "Cannot call Pool.map() as 'options' has no key 'callback': expected chunksize, signal, timeout",
      },
    );
    await assert.rejects(call("starmap", mul, 3) as Promise<unknown>, {
      name: "TypeError",
      message:
        "Cannot call Pool.starmap() as 'iterable' must be iterable: received number",
    });
    assert.throws(() => call("mapAsync", sqr, [1], 2), {
      name: "TypeError",
      message: /^Cannot call Pool.mapAsync\(\) as 'options' must be an object/,
    });
    assert.throws(() => call("starmapAsync", mul, [[1, 2]], { chunk: 2 }), {
      name: "TypeError",
      message:
        "Cannot call Pool.starmapAsync() as 'options' has no key 'chunk': expected chunksize, callback, errorCallback, signal, timeout",
    });
    assert.throws(() => call("imap", sqr, [1], 1), TypeError);
    assert.throws(() => call("imapUnordered", sqr, [1], { callback: noop }), {
      name: "TypeError",
      message:
        "Cannot call Pool.imapUnordered() as 'options' has no key 'callback': expected chunksize, signal, timeout",
    });
    assert.throws(() => pool.imap(sqr, [1], { chunksize: 0 }), {
      name: "ValueError",
      message:
        "Cannot call Pool.imap() as 'chunksize' must be an integer >= 1: current value is 0",
    });
    assert.throws(
      () => pool.mapAsync(sqr, [1], { chunksize: "2" as unknown as number }),
      {
        name: "TypeError",
        message:
          "Cannot call Pool.mapAsync() as 'chunksize' must be a number: received string",
      },
    );
  });
});

Deno.test("new Pool() takes processes first or in the options (test_make_pool)", async (t) => {
  await t.step("Python's keyword form", async () => {
    await using pool = new Pool({ processes: 1, maxtasksperchild: null });
    assert.equal(await pool.apply(sqr, [3]), 9);
  });
  await t.step("processes: null is the CPU count", async () => {
    await using pool = new Pool({ processes: null });
    assert.equal(await pool.apply(sqr, [4]), 16);
  });
  await t.step("bad values, before any worker starts", () => {
    for (const bad of [-1, 0, 1.5]) {
      assert.throws(() => new Pool(bad), {
        name: "ValueError",
        message:
          `Cannot create Pool as 'processes' must be an integer >= 1: current value is ${bad}`,
      });
      assert.throws(() => new Pool({ processes: bad }), ValueError);
    }
    assert.throws(() => new Pool(1, { maxtasksperchild: 0 }), {
      name: "ValueError",
      message:
        "Cannot create Pool as 'maxtasksperchild' must be an integer >= 1 or null: current value is 0",
    });
  });
  await t.step("shapes that are TypeErrors", () => {
    const Loose = Pool as unknown as new (...args: unknown[]) => Pool;
    assert.throws(() => new Loose(2, { processes: 2 }), {
      name: "TypeError",
      message:
        "Cannot create Pool as 'processes' is given twice: as the first argument and in 'options'",
    });
    assert.throws(() => new Loose({ processes: 1 }, {}), {
      name: "TypeError",
      message:
        "Cannot create Pool as 'options' must be the only argument when the first one is an object: received 2 arguments",
    });
    assert.throws(() => new Loose("2"), {
      name: "TypeError",
      message:
        "Cannot create Pool as 'processes' must be a number or null: received string",
    });
    assert.throws(() => new Loose(1, { maxTasksPerChild: 2 }), {
      name: "TypeError",
      message:
        "Cannot create Pool as 'options' has no key 'maxTasksPerChild': expected initializer, initargs, maxtasksperchild, permissions, maxConsecutiveDeaths, limits",
    });
    assert.throws(() => new Loose({ process: 2 }), {
      name: "TypeError",
      message:
        "Cannot create Pool as 'options' has no key 'process': expected processes, initializer, initargs, maxtasksperchild, permissions, maxConsecutiveDeaths, limits",
    });
    assert.throws(() => new Loose(1, { initargs: 3 }), {
      name: "TypeError",
      message:
        "Cannot create Pool as 'initargs' must be an array: received number",
    });
    assert.throws(() => new Loose(1, {}, {}), {
      name: "TypeError",
      message:
        "Cannot create Pool as it takes at most 2 arguments (processes, options): received 3",
    });
  });
});

Deno.test("Pool.close() lets an imap read its iterable to the end; terminate() stops it", async (t) => {
  await t.step("close() right after imap: every result comes", async () => {
    const pool = new Pool(2);
    // More items than one batch of reading (1,024).
    const it = pool.imap(sqr, range(2100));
    pool.close();
    assert.throws(() => pool.imap(sqr, [1]), ValueError);
    const results = await drain(it);
    await pool.join();
    assert.deepEqual(results, range(2100).map((x) => x * x));
  });
  await t.step("terminate() ends an endless imap", async () => {
    const pool = new Pool(2);
    const it = pool.imap(sqr, count());
    assert.deepEqual(await it.next(), { done: false, value: 0 });
    pool.terminate();
    await pool.join();
    // What was sent before came or fails; then the iterator is done.
    const rest = await drain(it);
    assert.ok(rest.length > 0);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });
});

Deno.test("Pool: workers are named SpawnPoolWorker-N, as Python's", async () => {
  await using pool = new Pool(1);
  assert.match(await pool.apply(workerName), /^SpawnPoolWorker-\d+$/);
});
