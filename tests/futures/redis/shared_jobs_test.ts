// Copyright 2026 the @skein/concurrent authors. MIT license.
// Calls that share a job (RedisExecutor's maxCallsPerJob): only while many
// wait; a cancelled one is taken out and the others go on; one that kills
// its worker fails alone, the others of its job run.
import assert from "node:assert/strict";
import { registerModule } from "../../../threading/mod.ts";
import { RedisExecutor, WorkerLostError } from "../../../futures/redis/mod.ts";
import {
  ignore,
  startRedis,
  startWorker,
  until,
  workerArgs,
} from "./_redis.ts";
import { add, countedLater, killWorker } from "./fixtures/tasks.ts";

registerModule(new URL("./fixtures/tasks.ts", import.meta.url));

// Each result is awaited at most this long (seconds): a call lost fails
// the test instead of hanging it.
const LONG = 60;

Deno.test({
  name:
    "RedisExecutor: a few waiting calls go a job each; many share jobs of maxCallsPerJob",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const waiting = () => redis.llen("bull:shared:wait");
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "shared",
      authkey: "test-key",
      maxCallsPerJob: 4,
    });
    const few = Array.from({ length: 10 }, (_, i) => ex.submit(add, i, 1));
    await until("10 jobs wait", async () => await waiting() === 10);
    // 310 waiting calls: more than 64 jobs of 4 calls' worth.
    const many = Array.from({ length: 300 }, (_, i) => ex.submit(add, i, 2));
    await until("85 jobs wait", async () => await waiting() === 85);
    await using _worker = await startWorker(workerArgs(redis.url, "shared"));
    for (const [i, future] of few.entries()) {
      assert.equal(await future.result(LONG), i + 1);
    }
    for (const [i, future] of many.entries()) {
      assert.equal(await future.result(LONG), i + 2);
    }
    await ex.shutdown();
    assert.deepEqual(await redis.keys("skein:*"), []);
  },
});

Deno.test({
  name:
    "RedisExecutor: cancel() of a call in a shared job takes it out; its job's other calls still run",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const waiting = () => redis.llen("bull:recall:wait");
    const path = await Deno.makeTempFile({ prefix: "skein_redis_runs_" });
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "recall",
      authkey: "test-key",
      maxCallsPerJob: 4,
    });
    const cancelled = ex.submit(countedLater, path, 0, "ran");
    const others = Array.from({ length: 255 }, (_, i) => ex.submit(add, i, 1));
    await until("64 jobs wait", async () => await waiting() === 64);
    assert.equal(cancelled.cancel(), true);
    // Its job is removed and its three other calls sent again.
    await until(
      "the job goes out again",
      async () =>
        (await redis.keys("bull:recall:*")).includes("bull:recall:65"),
    );
    assert.equal(await waiting(), 64);
    await using _worker = await startWorker(workerArgs(redis.url, "recall"));
    for (const [i, future] of others.entries()) {
      assert.equal(await future.result(LONG), i + 1);
    }
    assert.ok(cancelled.cancelled());
    assert.equal((await Deno.readFile(path)).length, 0);
    await Deno.remove(path);
  },
});

Deno.test({
  name:
    "RedisExecutor: a call that kills its worker fails alone; the other calls of its job run",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const waiting = () => redis.llen("bull:lethal:wait");
    const workers = [];
    try {
      await using ex = new RedisExecutor({
        url: redis.url,
        queue: "lethal",
        authkey: "test-key",
        maxRetries: 1,
        maxCallsPerJob: 4,
      });
      const before = Array.from(
        { length: 130 },
        (_, i) => ex.submit(add, i, 1),
      );
      const deadly = ex.submit(killWorker);
      const after = Array.from({ length: 129 }, (_, i) => ex.submit(add, i, 2));
      await until("65 jobs wait", async () => await waiting() === 65);
      // Its job kills the first worker, then, alone, the second; the
      // third reports it lost. A worker holds one job at a time, so no
      // other call is held by a worker that dies.
      const args = workerArgs(redis.url, "lethal");
      args[args.indexOf("--concurrency") + 1] = "1";
      for (let i = 0; i < 3; i++) workers.push(await startWorker(args));
      await assert.rejects(deadly.result(LONG), (error) => {
        assert.ok(error instanceof WorkerLostError);
        assert.match(error.message, /'killWorker' lost its worker 2 times/);
        assert.match(error.message, /maxRetries: 1/);
        return true;
      });
      for (const [i, future] of before.entries()) {
        assert.equal(await future.result(LONG), i + 1);
      }
      for (const [i, future] of after.entries()) {
        assert.equal(await future.result(LONG), i + 2);
      }
    } finally {
      for (const worker of workers) await worker.kill();
    }
  },
});

Deno.test({
  name:
    "RedisExecutor: cancel() of a call whose shared job is done does not send its other calls again",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const path = await Deno.makeTempFile({ prefix: "skein_redis_runs_" });
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "done",
      authkey: "test-key",
      maxCallsPerJob: 4,
    });
    const futures = Array.from(
      { length: 256 },
      (_, i) => ex.submit(countedLater, path, 0, i),
    );
    await until(
      "64 jobs wait",
      async () => await redis.llen("bull:done:wait") === 64,
    );
    await using _worker = await startWorker(workerArgs(redis.url, "done"));
    // This executor's event loop held while the worker runs every call:
    // their results wait unread, and the calls look pending here.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4000);
    const cancelled = [];
    for (let i = 0; i < 256; i += 4) {
      if (futures[i]!.cancel()) cancelled.push(i);
    }
    for (const [i, future] of futures.entries()) {
      if (!future.cancelled()) assert.equal(await future.result(LONG), i);
    }
    await ex.shutdown();
    // Each call ran once: a cancelled call's job, gone, was not sent again.
    assert.equal((await Deno.readFile(path)).length, 256);
    await Deno.remove(path);
  },
});
