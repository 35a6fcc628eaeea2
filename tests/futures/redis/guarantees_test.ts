// Copyright 2026 the @skein/concurrent authors. MIT license.
// RedisExecutor's guarantees, with worker processes killed by SIGKILL:
// at least once, resolved once, nothing lost, nothing left in Redis.
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
import { add, killWorker, slowFirstRun } from "./fixtures/tasks.ts";

registerModule(new URL("./fixtures/tasks.ts", import.meta.url));

// 3,000 in the test task (CI time); the full size: REDIS_SOAK_TASKS=10000.
const SOAK_TASKS = Number(Deno.env.get("REDIS_SOAK_TASKS") ?? 3_000);

async function runs(path: string): Promise<number> {
  try {
    return (await Deno.readFile(path)).length;
  } catch {
    return 0;
  }
}

Deno.test({
  name:
    "RedisExecutor: a call whose worker is killed runs again elsewhere and resolves once",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const path = await Deno.makeTempFile({ prefix: "skein_redis_runs_" });
    await using first = await startWorker(workerArgs(redis.url, "again"));
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "again",
      authkey: "test-key",
    });
    const future = ex.submit(slowFirstRun, path, "value");
    let settled = 0;
    future.addDoneCallback(() => settled++);
    await until("the call runs", async () => await runs(path) === 1);
    await using _second = await startWorker(workerArgs(redis.url, "again"));
    await first.kill();
    assert.equal(await future.result(), "value");
    assert.equal(await runs(path), 2);
    assert.equal(settled, 1);
    await Deno.remove(path);
  },
});

Deno.test({
  name:
    "RedisExecutor: a call that kills its worker more than maxRetries times fails with WorkerLostError naming it",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const workers = await Promise.all(
      [0, 1, 2].map(() => startWorker(workerArgs(redis.url, "deadly"))),
    );
    try {
      await using ex = new RedisExecutor({
        url: redis.url,
        queue: "deadly",
        authkey: "test-key",
        maxRetries: 1,
      });
      await assert.rejects(ex.submit(killWorker).result(), (error) => {
        assert.ok(error instanceof WorkerLostError);
        assert.match(error.message, /'killWorker'/);
        assert.match(error.message, /maxRetries: 1/);
        return true;
      });
    } finally {
      for (const worker of workers) await worker.kill();
    }
  },
});

Deno.test({
  name:
    `RedisExecutor: ${SOAK_TASKS} calls through 2 workers, one killed mid-run, give ${SOAK_TASKS} results once and leave nothing in Redis`,
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using victim = await startWorker(workerArgs(redis.url, "soak"));
    await using _survivor = await startWorker(workerArgs(redis.url, "soak"));
    const ex = new RedisExecutor({
      url: redis.url,
      queue: "soak",
      authkey: "test-key",
    });
    const settled = new Uint8Array(SOAK_TASKS);
    let done = 0;
    const killAt = Math.floor(SOAK_TASKS / 3);
    const killed = Promise.withResolvers<void>();
    const futures = Array.from({ length: SOAK_TASKS }, (_, i) => {
      const future = ex.submit(add, i, 1);
      future.addDoneCallback(() => {
        settled[i]!++;
        if (++done === killAt) killed.resolve();
      });
      return future;
    });
    await killed.promise;
    await victim.kill();
    for (const [i, future] of futures.entries()) {
      assert.equal(await future.result(), i + 1);
    }
    assert.ok(settled.every((n) => n === 1));
    await ex.shutdown();
    assert.deepEqual(await redis.keys("skein:*"), []);
    // A job the victim held after sending its result is still locked by
    // it: the stall check (lock 2 s, checks every 1 s) gives it to the
    // survivor, which drops it (its executor is gone). Wait for that.
    const jobs = async (): Promise<string[]> =>
      (await redis.keys("bull:soak:*")).filter((key) =>
        // A job's key: its number, or, split from a shared job, its
        // executor's id and its call's number.
        /bull:soak:([A-Za-z0-9_-]{22}-)?\d+$/.test(key)
      );
    const end = performance.now() + 20_000;
    while ((await jobs()).length > 0 && performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(await jobs(), []);
    // Nor did a call run again after shutdown() write a result list.
    assert.deepEqual(await redis.keys("skein:*"), []);
  },
});
