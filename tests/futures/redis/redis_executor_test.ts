// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import {
  asCompleted,
  FIRST_COMPLETED,
  Future,
  RuntimeError,
  ThreadPoolExecutor,
  ValueError,
  wait,
} from "../../../futures/mod.ts";
import {
  RedisExecutor,
  type RedisExecutorOptions,
  serve,
  type ServeOptions,
  TaskImportError,
  TaskRefusedError,
} from "../../../futures/redis/mod.ts";
import { ignore, startRedis, startWorker } from "./_redis.ts";
import { add, echo, fail, later, noop } from "./fixtures/tasks.ts";

const FLAGS = ["--threads", "2", "--concurrency", "4"];

Deno.test({
  name: "RedisExecutor runs calls on a worker: submit, map, exceptions",
  ignore,
  async fn(t): Promise<void> {
    await using redis = await startRedis();
    await using worker = await startWorker([
      "--url",
      redis.url,
      "--queue",
      "basic",
      ...FLAGS,
    ]);
    assert.match(
      worker.banner,
      /serving queue 'basic' at redis:\/\/127\.0\.0\.1/,
    );
    const ex = new RedisExecutor({
      url: redis.url,
      queue: "basic",
      authkey: "test-key",
    });
    await t.step("submit returns the result", async () => {
      assert.equal(await ex.submit(add, 2, 3), 5);
    });
    await t.step("an exception keeps its class", async () => {
      await assert.rejects(ex.submit(fail, "boom").result(), {
        name: "RangeError",
        message: "boom",
      });
    });
    await t.step("map, in order, with and without chunksize", async () => {
      const xs = Array.from({ length: 50 }, (_, i) => i);
      const out: number[] = [];
      for await (const r of ex.map(add, xs, xs)) out.push(r);
      assert.deepEqual(out, xs.map((x) => 2 * x));
      const chunked: number[] = [];
      for await (const r of ex.map(add, xs, xs, { chunksize: 7 })) {
        chunked.push(r);
      }
      assert.deepEqual(chunked, out);
    });
    await t.step(
      "large arguments and results cross, many at once",
      async () => {
        // More than the 64 KiB a worker's channel to a thread starts with.
        const big = "x".repeat(300_000);
        const futures = Array.from(
          { length: 6 },
          (_, i) => ex.submit(echo, big + i),
        );
        for (const [i, f] of futures.entries()) {
          assert.equal(await f, big + i);
        }
      },
    );
    await t.step(
      "futures mix with local ones in wait() and asCompleted()",
      async () => {
        await using local = new ThreadPoolExecutor({ maxWorkers: 1 });
        const remote: Future<unknown> = ex.submit(later, 50, "remote");
        const here: Future<unknown> = local.submit(add, 1, 1);
        const { done } = await wait([remote, here], {
          returnWhen: FIRST_COMPLETED,
        });
        assert.ok(done.size >= 1);
        const seen: unknown[] = [];
        for await (const f of asCompleted([remote, here])) {
          seen.push(await f.result());
        }
        assert.deepEqual(seen.sort(), [2, "remote"].sort());
      },
    );
    await t.step("cancel() of a pending call removes its job", async () => {
      const plain = new Future<void>();
      // The worker is busy with slow calls; the last one waits in the queue.
      const slow = Array.from({ length: 4 }, () => ex.submit(later, 300, 0));
      const pending = ex.submit(noop);
      assert.equal(pending.cancel(), true);
      await Promise.all(slow.map((f) => f.result()));
      assert.ok(pending.cancelled());
      plain.cancel();
    });
    await t.step(
      "cancel() of a call a worker has taken says false; its result comes",
      async () => {
        const taken = ex.submit(later, 400, "kept");
        // The worker tells the executor when it takes a call.
        for (let i = 0; i < 500 && !taken.running(); i++) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.ok(taken.running());
        assert.equal(taken.cancel(), false);
        assert.equal(await taken, "kept");
        assert.equal(taken.cancelled(), false);
      },
    );
    await ex.shutdown();
    await t.step("nothing of the executor stays in Redis", async () => {
      assert.deepEqual(await redis.keys("skein:*"), []);
      const jobs = (await redis.keys("bull:basic:*")).filter((key) =>
        /bull:basic:\d+$/.test(key)
      );
      assert.deepEqual(jobs, []);
    });
    await t.step("submit after shutdown throws RuntimeError", () => {
      assert.throws(() => ex.submit(noop), RuntimeError);
    });
    const out = await worker.stop();
    assert.match(out, /SIGTERM/);
  },
});

Deno.test({
  name: "a worker with --processes runs calls on its child processes",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = await startWorker([
      "--url",
      redis.url,
      "--queue",
      "procs",
      "--processes",
      "1",
      "--concurrency",
      "4",
    ]);
    assert.match(worker.banner, /with 1 processes, concurrency 4/);
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "procs",
      authkey: "test-key",
    });
    const sums = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ex.submit(add, i, 1)),
    );
    assert.deepEqual(sums, Array.from({ length: 20 }, (_, i) => i + 1));
    await assert.rejects(ex.submit(fail, "boom").result(), {
      name: "RangeError",
      message: "boom",
    });
    await ex.shutdown();
    await worker.stop();
  },
});

Deno.test({
  name: "RedisExecutor rejects bad options before connecting",
  ignore,
  fn(): void {
    assert.throws(
      () => new RedisExecutor({ url: "http://x", queue: "q", authkey: "k" }),
      {
        name: "ValueError",
        message: /'url' must be a redis:\/\/ or rediss:\/\/ URL/,
      },
    );
    assert.throws(
      () =>
        new RedisExecutor({
          url: "redis://127.0.0.1:1",
          queue: "a b",
          authkey: "k",
        }),
      ValueError,
    );
    assert.throws(
      () =>
        new RedisExecutor({
          url: "redis://127.0.0.1:1",
          queue: "q",
          authkey: "k",
          maxRetries: -1,
        }),
      { message: /'maxRetries' must be an integer >= 0: current value is -1/ },
    );
    for (const maxCallsPerJob of [0, 1.5, Infinity]) {
      assert.throws(
        () =>
          new RedisExecutor({
            url: "redis://127.0.0.1:1",
            queue: "q",
            authkey: "k",
            maxCallsPerJob,
          }),
        {
          name: "ValueError",
          message: new RegExp(
            `'maxCallsPerJob' must be an integer >= 1: current value is ${maxCallsPerJob}`,
          ),
        },
      );
    }
  },
});

Deno.test({
  name: "an option of the other side is a TypeError that says where it goes",
  ignore,
  async fn(): Promise<void> {
    const base = { url: "redis://127.0.0.1:1", queue: "q", authkey: "k" };
    // A worker's: BullMQ's workers take and renew the locks.
    assert.throws(
      () =>
        new RedisExecutor({ ...base, lockDuration: 1 } as RedisExecutorOptions),
      {
        name: "TypeError",
        message:
          /'lockDuration' is an option of the workers, not of the executor: serve\(\{ lockDuration \}\) or the worker command's --lock-duration S/,
      },
    );
    assert.throws(
      () =>
        new RedisExecutor({ ...base, concurrency: 2 } as RedisExecutorOptions),
      {
        name: "TypeError",
        message: /'concurrency' is an option of the workers/,
      },
    );
    assert.throws(
      () =>
        new RedisExecutor({ ...base, result_ttl: 5 } as RedisExecutorOptions),
      {
        name: "TypeError",
        message:
          /'result_ttl' is not one of its options \(Python's 'result_ttl' is 'resultTtl' here\)/,
      },
    );
    // An executor's, given to a worker: nothing starts.
    await assert.rejects(
      () => serve({ ...base, maxRetries: 1 } as ServeOptions),
      {
        name: "TypeError",
        message:
          /'maxRetries' is an option of the executor, not of the workers: new RedisExecutor\(\{ maxRetries \}\)/,
      },
    );
    await assert.rejects(
      () => serve({ ...base, maxCallsPerJob: 4 } as ServeOptions),
      {
        name: "TypeError",
        message:
          /'maxCallsPerJob' is an option of the executor, not of the workers/,
      },
    );
    await assert.rejects(
      () => serve({ ...base, lockduration: 1 } as ServeOptions),
      {
        name: "TypeError",
        message: /'lockduration' is not one of its options/,
      },
    );
  },
});

export { TaskImportError, TaskRefusedError };
