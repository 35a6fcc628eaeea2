// Copyright 2026 the @skein/concurrent authors. MIT license.
// Stopping Pool tasks (StopOptions: signal, timeout) and the death limit
// (maxConsecutiveDeaths): a pending task is cancelled, a running one's
// worker killed and replaced, other tasks untouched.
import assert from "node:assert/strict";
import { Event, Pool, TimeoutError } from "@skein/concurrent/multiprocessing";
import { BrokenProcessPool } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { workerName, workerPid } from "./fixtures/pool_tasks.ts";
import { held, spin, squareOrExit } from "./fixtures/pool_stop_tasks.ts";

registerModule(new URL("./fixtures/pool_tasks.ts", import.meta.url));
registerModule(new URL("./fixtures/pool_stop_tasks.ts", import.meta.url));

const WAIT = { timeout: 60 };

Deno.test("Pool.apply({ signal }) kills the worker running the task and replaces it", async () => {
  await using pool = new Pool(2);
  const otherStarted = new Event();
  const gate = new Event();
  // A task on the other worker, running all along: untouched.
  const other = pool.apply(held, [otherStarted, gate, 7]);
  assert.ok(await otherStarted.wait(WAIT));
  const started = new Event();
  const controller = new AbortController();
  const running = pool.apply(spin, [started, 600_000], {
    signal: controller.signal,
  });
  assert.ok(await started.wait(WAIT));
  controller.abort();
  await assert.rejects(running, { name: "AbortError" });
  // The slot is free: a task runs on a new worker while the other holds.
  const pid = await pool.apply(workerPid);
  assert.equal(typeof pid, "number");
  gate.set();
  assert.equal(await other, 7);
});

Deno.test("Pool: a stopped task fails with the signal's own reason; a timeout with TimeoutError", async (t) => {
  await using pool = new Pool(1);
  await t.step("abort(reason)", async () => {
    const started = new Event();
    const controller = new AbortController();
    const result = pool.applyAsync(spin, [started, 600_000], {
      signal: controller.signal,
    });
    assert.ok(await started.wait(WAIT));
    const reason = new RangeError("enough");
    controller.abort(reason);
    await assert.rejects(result.get(WAIT), (error) => error === reason);
    assert.equal(result.successful(), false);
  });
  await t.step("timeout", async () => {
    await assert.rejects(pool.apply(spin, [null, 600_000], { timeout: 0.3 }), {
      name: "TimeoutError",
      message: "The call did not finish within its timeout of 0.3 seconds",
    });
    assert.equal(await pool.apply(squareOrExit, [3], { timeout: 60 }), 9);
  });
  await t.step("a signal aborted already: nothing is sent", async () => {
    const reason = new Error("before");
    const signal = AbortSignal.abort(reason);
    await assert.rejects(
      pool.apply(spin, [null, 600_000], { signal }),
      (e) => e === reason,
    );
    await assert.rejects(
      pool.map(squareOrExit, [1, 2], { signal }),
      (e) => e === reason,
    );
    const it = pool.imap(squareOrExit, [1, 2], { signal });
    await assert.rejects(it.next(), (e) => e === reason);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });
  await t.step("aborted after the result: nothing happens", async () => {
    const controller = new AbortController();
    assert.equal(
      await pool.apply(squareOrExit, [4], { signal: controller.signal }),
      16,
    );
    controller.abort();
    assert.equal(await pool.apply(squareOrExit, [5]), 25);
  });
});

Deno.test("Pool: a stopped task that waits is cancelled; the running one goes on in its worker", async (t) => {
  await using pool = new Pool(1);
  await t.step("waiting in the pool's queue, or sent ahead", async () => {
    const pid = await pool.apply(workerPid);
    const started = new Event();
    const gate = new Event();
    const running = pool.apply(held, [started, gate, 1]);
    assert.ok(await started.wait(WAIT));
    const controller = new AbortController();
    const waiting = [1, 2, 3, 4].map((x) =>
      pool.apply(squareOrExit, [x], { signal: controller.signal })
    );
    controller.abort();
    for (const result of waiting) {
      await assert.rejects(result, { name: "AbortError" });
    }
    gate.set();
    assert.equal(await running, 1);
    // The worker ran on; a task sent ahead to it was stopped when it came
    // to it (its worker replaced), those in the queue never sent.
    const after = await pool.apply(workerPid);
    assert.equal(typeof after, "number");
    void pid;
  });
});

Deno.test("Pool: one abort stopping many tasks starts one replacement, not one per task", async () => {
  await using pool = new Pool(1);
  const index = (name: string): number => Number(name.split(/[-:]/).pop());
  const first = index(await pool.apply(workerName));
  const started = new Event();
  const controller = new AbortController();
  const { signal } = controller;
  const running = pool.apply(spin, [started, 600_000], { signal });
  const queued = Array.from(
    { length: 20 },
    (_, x) => pool.apply(squareOrExit, [x], { signal }),
  );
  assert.ok(await started.wait(WAIT));
  controller.abort();
  for (const result of [running, ...queued]) {
    await assert.rejects(result, { name: "AbortError" });
  }
  assert.equal(index(await pool.apply(workerName)), first + 1);
});

Deno.test("Pool.map()/imap() with a signal: the call's tasks stop, the pool goes on", async (t) => {
  await using pool = new Pool(2);
  await t.step("map", async () => {
    const started = new Event();
    const controller = new AbortController();
    const result = pool.map(
      (x: number) => x,
      [1, 2, 3],
      { signal: controller.signal },
    );
    assert.deepEqual(await result, [1, 2, 3]);
    const spinning = pool.starmap(
      spin,
      [[started, 600_000], [null, 600_000], [null, 1]],
      { signal: controller.signal, chunksize: 1 },
    );
    assert.ok(await started.wait(WAIT));
    controller.abort();
    await assert.rejects(spinning, { name: "AbortError" });
    assert.deepEqual(await pool.map(squareOrExit, [1, 2, 3]), [1, 4, 9]);
  });
  await t.step("imap over an endless iterable", async () => {
    const controller = new AbortController();
    function* endless(): Generator<number> {
      for (let i = 0;; i++) yield i;
    }
    const it = pool.imap(squareOrExit, endless(), {
      signal: controller.signal,
    });
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const value of it) {
        seen.push(value);
        if (seen.length === 5) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    assert.equal((error as Error).name, "AbortError");
    assert.deepEqual(seen.slice(0, 5), [0, 1, 4, 9, 16]);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
    assert.deepEqual(await pool.map(squareOrExit, [5]), [25]);
  });
});

Deno.test("Pool: maxConsecutiveDeaths workers dying in a row break the pool", async (t) => {
  await t.step(
    "a task finishing between deaths starts the count over",
    async () => {
      await using pool = new Pool(1, { maxConsecutiveDeaths: 2 });
      for (let i = 0; i < 3; i++) {
        await assert.rejects(pool.apply(squareOrExit, [-1]), BrokenProcessPool);
        assert.equal(await pool.apply(squareOrExit, [2]), 4);
      }
    },
  );
  await t.step("the pool breaks: pending and later calls fail", async () => {
    await using pool = new Pool(1, { maxConsecutiveDeaths: 3 });
    const results = [-1, -1, -1, 2].map((x) =>
      pool.apply(squareOrExit, [x]).then(() => "ok", (e) => e)
    );
    const errors = await Promise.all(results);
    for (const error of errors) assert.ok(error instanceof BrokenProcessPool);
    assert.match(
      errors[3].message,
      /exited with code 3\) \(3 workers died in a row\)$/,
    );
    await assert.rejects(pool.apply(squareOrExit, [2]), {
      name: "BrokenProcessPool",
      message: errors[3].message,
    });
  });
  await t.step("a stopped task's worker is not counted", async () => {
    await using pool = new Pool(1, { maxConsecutiveDeaths: 1 });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        pool.apply(spin, [null, 600_000], { timeout: 0.1 }),
        TimeoutError,
      );
    }
    assert.equal(await pool.apply(squareOrExit, [3]), 9);
  });
});

Deno.test("Pool: bad signal, timeout and maxConsecutiveDeaths are rejected before anything runs", async (t) => {
  await using pool = new Pool(1);
  await t.step("signal", async () => {
    await assert.rejects(
      pool.apply(squareOrExit, [1], {
        signal: "stop" as unknown as AbortSignal,
      }),
      {
        name: "TypeError",
        message:
          "Cannot call Pool.apply() as 'signal' must be an AbortSignal: received string",
      },
    );
    assert.throws(
      () => pool.imap(squareOrExit, [1], { signal: {} as AbortSignal }),
      /^TypeError: Cannot call Pool.imap\(\) as 'signal' must be an AbortSignal/,
    );
  });
  await t.step("timeout", async () => {
    await assert.rejects(
      pool.map(squareOrExit, [1], { timeout: "1" as unknown as number }),
      {
        name: "TypeError",
        message:
          "Cannot call Pool.map() as 'timeout' must be a number of seconds or null: received string",
      },
    );
    assert.throws(() => pool.applyAsync(squareOrExit, [1], { timeout: NaN }), {
      name: "ValueError",
    });
  });
  await t.step("maxConsecutiveDeaths", () => {
    for (const bad of [0, 1.5, -1, NaN]) {
      assert.throws(() => new Pool(1, { maxConsecutiveDeaths: bad }), {
        name: "ValueError",
        message:
          `Cannot create Pool as 'maxConsecutiveDeaths' must be an integer >= 1: current value is ${bad}`,
      });
    }
  });
});
