// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a worker refuses: jobs unsigned or signed with another key, function
// records that are not the signed ones, modules outside allowModules; and
// what it reports: a module it cannot import.
import assert from "node:assert/strict";
import { registerModule } from "../../../threading/mod.ts";
import {
  RedisExecutor,
  serve,
  TaskImportError,
  TaskRefusedError,
} from "../../../futures/redis/mod.ts";
import { Queue, Redis } from "../../../futures/redis/_deps.ts";
import { parseWorkerArgs } from "../../../futures/redis/worker.ts";
import { ignore, startRedis, startWorker, workerArgs } from "./_redis.ts";
import { add, endThread, killWorker } from "./fixtures/tasks.ts";

registerModule(new URL("./fixtures/tasks.ts", import.meta.url));

Deno.test({
  name: "serve() refuses jobs signed with another key, and unsigned ones",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using _worker = await startWorker(workerArgs(redis.url, "keys"));
    await using wrong = new RedisExecutor({
      url: redis.url,
      queue: "keys",
      authkey: "not-the-key",
    });
    await assert.rejects(wrong.submit(add, 1, 2).result(), (error) => {
      assert.ok(error instanceof TaskRefusedError);
      assert.match(
        error.message,
        /task 'add'.*not signed with this worker's authkey/,
      );
      return true;
    });
    // A job written to the queue by someone without the key.
    const queue = new Queue("keys", { connection: { url: redis.url } });
    try {
      const job = await queue.add("call", {
        x: "0".repeat(22),
        p: [[1, "", "", 0, "evil"]],
        m: 0,
        d: 0,
        t: 60,
        s: "",
      });
      let state = "";
      for (let i = 0; i < 200 && state !== "failed"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        state = await job.getState();
      }
      assert.equal(state, "failed");
      const failed = await queue.getJob(job.id!);
      assert.match(failed!.failedReason, /not signed/);
      // A job of another version that names its executor and call: the
      // executor (alive: its key is there) hears of the refusal.
      const x = "1".repeat(22);
      await redis.command(`SET skein:keys:alive:${x} 1 EX 60`);
      await queue.add("call", { x, n: 7, f: "", a: "", m: 0, t: 60, s: "" });
      const results = `skein:keys:results:${x}`;
      for (let i = 0; i < 200 && await redis.llen(results) === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.match(await redis.command(`LPOP ${results}`), /\r\n7 0 /);
      await redis.command(`DEL skein:keys:alive:${x}`);
    } finally {
      await queue.close();
    }
  },
});

Deno.test({
  name:
    "serve() refuses a job whose function record in Redis is not the one signed",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "records",
      authkey: "test-key",
    });
    // No worker yet: the job waits, its function's record beside it.
    const future = ex.submit(add, 1, 2);
    let keys: string[] = [];
    for (let i = 0; i < 200 && keys.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      keys = await redis.keys("skein:records:fn:*");
    }
    assert.equal(keys.length, 1);
    // Someone who can write to Redis but has no authkey swaps the record.
    const other = new Redis(redis.url);
    try {
      await other.set(keys[0]!, btoa("not the signed record"), "KEEPTTL");
    } finally {
      other.disconnect();
    }
    await using _worker = await startWorker(workerArgs(redis.url, "records"));
    await assert.rejects(future.result(), (error) => {
      assert.ok(error instanceof TaskRefusedError);
      assert.match(error.message, /task 'add'.*record.*not the one signed/);
      return true;
    });
  },
});

Deno.test({
  name: "serve() with allowModules refuses functions from other modules",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using _worker = await startWorker([
      ...workerArgs(redis.url, "allow"),
      "--allow-modules",
      "https://example.invalid/tasks/",
    ]);
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "allow",
      authkey: "test-key",
    });
    await assert.rejects(ex.submit(add, 1, 2).result(), (error) => {
      assert.ok(error instanceof TaskRefusedError);
      assert.match(
        error.message,
        /fixtures\/tasks\.ts' is not in its allowModules/,
      );
      return true;
    });
  },
});

Deno.test({
  name:
    "a worker that cannot import a call's module fails it with TaskImportError naming the URL",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "skein_redis_" });
    const path = `${dir}/gone.ts`;
    await Deno.writeTextFile(
      path,
      "export function gone(): number {\n  return 1;\n}\n",
    );
    const url = new URL(`file://${path}`).href;
    registerModule(url);
    const { gone } = await import(url);
    await Deno.remove(dir, { recursive: true });
    await using _worker = await startWorker(workerArgs(redis.url, "imports"));
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "imports",
      authkey: "test-key",
    });
    await assert.rejects(ex.submit(gone).result(), (error) => {
      assert.ok(error instanceof TaskImportError);
      assert.equal(error.url, url);
      assert.match(error.message, /gone\.ts/);
      return true;
    });
  },
});

Deno.test("serve() and the worker's command line reject bad options, naming them", async () => {
  await assert.rejects(
    serve({ url: "http://x", queue: "q", authkey: "k" }),
    {
      name: "ValueError",
      message: /'url' must be a redis:\/\/ or rediss:\/\/ URL/,
    },
  );
  await assert.rejects(
    serve({
      url: "redis://127.0.0.1:1",
      queue: "q",
      authkey: "k",
      permissions: "none",
    }),
    { name: "ValueError", message: /'permissions' needs 'processes'/ },
  );
  const base = { url: "redis://127.0.0.1:1", queue: "q", authkey: "k" };
  await assert.rejects(serve({ ...base, threads: 2, processes: true }), {
    name: "ValueError",
    message: /on threads or on processes, not both/,
  });
  await assert.rejects(serve({ ...base, processes: 0 }), {
    name: "TypeError",
    message: /'processes' must be true, false or a pool size/,
  });
  await assert.rejects(serve({ ...base, threads: 2, maxWorkers: 3 }), {
    name: "ValueError",
    message: /the pool's size is given twice: 2 and 'maxWorkers' 3/,
  });
  assert.throws(() => parseWorkerArgs(["--url", "redis://h"], {}), {
    message: "Cannot start worker as '--queue' is missing",
  });
  assert.throws(
    () => parseWorkerArgs(["--url", "redis://h", "--queue", "q"], {}),
    {
      message:
        "Cannot start worker as '--authkey' is missing (or set SKEIN_AUTHKEY)",
    },
  );
  assert.throws(() => parseWorkerArgs(["--bogus"], {}), {
    message: "Cannot start worker as '--bogus' is not a flag",
  });
  assert.deepEqual(
    parseWorkerArgs(
      [
        "--url",
        "redis://h",
        "--queue",
        "q",
        "--allow-modules",
        "https://a/,https://b/",
        "--concurrency",
        "3",
      ],
      { SKEIN_AUTHKEY: "k" },
    ),
    {
      url: "redis://h",
      queue: "q",
      allowModules: ["https://a/", "https://b/"],
      concurrency: 3,
      authkey: "k",
    },
  );
});

Deno.test({
  name: "serve({ threads: N }) and serve({ processes: N }) size the local pool",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const base = { url: redis.url, queue: "sizes", authkey: "test-key" };
    await using threads = await serve({ ...base, threads: 3 });
    assert.match(threads.description, /with 3 threads, concurrency 3/);
    await using processes = await serve({ ...base, processes: 1 });
    assert.match(processes.description, /with 1 processes, concurrency 1/);
    await using ex = new RedisExecutor(base);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ex.submit(add, i, 1).result()),
    );
    assert.deepEqual(results, [1, 2, 3, 4, 5, 6]);
  },
});

Deno.test({
  name:
    "a --processes worker whose task ends its process fails that call and goes on",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const base = { url: redis.url, queue: "ends", authkey: "test-key" };
    await using _worker = await serve({ ...base, processes: 1 });
    await using ex = new RedisExecutor(base);
    await assert.rejects(ex.submit(killWorker).result(), (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, "BrokenProcessPool");
      return true;
    });
    assert.equal(await ex.submit(add, 2, 3).result(), 5);
  },
});

Deno.test({
  name: "a worker whose task ends its thread fails that call and goes on",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const base = { url: redis.url, queue: "threads", authkey: "test-key" };
    await using _worker = await serve({ ...base, threads: 1 });
    await using ex = new RedisExecutor(base);
    await assert.rejects(ex.submit(endThread).result(), (error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, "BrokenThreadPool");
      return true;
    });
    assert.equal(await ex.submit(add, 2, 3).result(), 5);
    assert.equal(await ex.submit(add, 3, 4).result(), 7);
  },
});

Deno.test({
  name:
    "a worker whose pool broke (threads ended again and again) fails calls, never hangs",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const base = { url: redis.url, queue: "broken", authkey: "test-key" };
    await using _worker = await serve({ ...base, threads: 1 });
    await using ex = new RedisExecutor(base);
    // maxConsecutiveDeaths (5) in a row, and one more.
    for (let i = 0; i < 6; i++) {
      await assert.rejects(ex.submit(endThread).result(), {
        name: "BrokenThreadPool",
      });
    }
    await assert.rejects(ex.submit(add, 1, 2).result(), {
      name: "BrokenThreadPool",
    });
  },
});
