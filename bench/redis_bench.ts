// Copyright 2026 the @skein/concurrent authors. MIT license.
// RedisExecutor against raw BullMQ (Queue.addBulk + 2 worker processes,
// each a BullMQ Worker of the same concurrency, results counted from
// QueueEvents 'completed'), and this package's ProcessPoolExecutor(2), on a
// private redis-server; then 8 x fib(32) through 2 workers against serial,
// and the time from SIGKILL of a worker to its task's result elsewhere.
// Skipped (with a line saying so) when redis-server is not installed.
// Fair by construction: one redis-server, the same machine and run, 2 worker
// processes a side, BullMQ concurrency 8 on both (ours: 1 thread each);
// results counted as they reach the submitter. bench/redis_interleaved.ts
// alternates the two sides round by round and reports CPU per process, for
// a machine loaded unevenly by other work.
import {
  type Executor,
  ProcessPoolExecutor,
  wait,
} from "@skein/concurrent/futures";
import { RedisExecutor } from "@skein/concurrent/futures/redis";
import { registerModule } from "@skein/concurrent/threading";
import { Queue, QueueEvents } from "../futures/redis/_deps.ts";
import {
  ignore,
  type RedisServer,
  startRedis,
  startWorker,
  type WorkerProcess,
} from "../tests/futures/redis/_redis.ts";
import { fib, noop } from "./fixtures/targets.ts";
import { slowFirstRun } from "../tests/futures/redis/fixtures/tasks.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const TASKS = Number(Deno.env.get("REDIS_BENCH_TASKS") ?? 10_000);
const CONCURRENCY = 8;
const RAW_WORKER = new URL("./fixtures/raw_bullmq_worker.ts", import.meta.url);

interface Setup {
  redis: RedisServer;
  workers: WorkerProcess[];
  raw: Deno.ChildProcess[];
  ex: RedisExecutor;
  single: RedisExecutor;
  cpu: RedisExecutor;
  queue: Queue;
  events: QueueEvents;
  pool: ProcessPoolExecutor;
}

let setup: Promise<Setup> | undefined;

async function rawWorker(url: string): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", RAW_WORKER.href, url, "raw", String(CONCURRENCY)],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  await reader.read(); // "raw worker ready"
  reader.releaseLock();
  void child.stdout.cancel();
  return child;
}

function ready(): Promise<Setup> {
  return setup ??= (async () => {
    const redis = await startRedis();
    const args = (queue: string) => [
      "--url",
      redis.url,
      "--queue",
      queue,
      "--threads",
      "1",
      "--concurrency",
      String(CONCURRENCY),
      "--lock-duration",
      "2",
      "--stalled-interval",
      "1",
    ];
    const workers: WorkerProcess[] = await Promise.all([
      startWorker(args("ours")),
      startWorker(args("ours")),
    ]);
    // CPU-bound calls: one at a time per worker, one thread each.
    const cpuArgs = ["--url", redis.url, "--queue", "cpu", "--threads", "1"];
    workers.push(
      ...await Promise.all([startWorker(cpuArgs), startWorker(cpuArgs)]),
    );
    const raw = await Promise.all([rawWorker(redis.url), rawWorker(redis.url)]);
    const connection = { url: redis.url, maxRetriesPerRequest: null };
    const queue = new Queue("raw", { connection });
    const events = new QueueEvents("raw", { connection });
    await events.waitUntilReady();
    const ex = new RedisExecutor({
      url: redis.url,
      queue: "ours",
      authkey: "test-key",
    });
    // A job per call, as raw BullMQ's side: what sharing jobs gains.
    const single = new RedisExecutor({
      url: redis.url,
      queue: "ours",
      authkey: "test-key",
      maxCallsPerJob: 1,
    });
    const cpu = new RedisExecutor({
      url: redis.url,
      queue: "cpu",
      authkey: "test-key",
    });
    const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    return { redis, workers, raw, ex, single, cpu, queue, events, pool };
  })();
}

const GROUP = `${TASKS} no-op tasks, 2 worker processes`;

// TASKS no-op calls through `executor`, submitted at once, waited for.
async function noops(executor: Executor): Promise<void> {
  const futures = [];
  for (let i = 0; i < TASKS; i++) futures.push(executor.submit(noop));
  await wait(futures);
}

Deno.bench(`raw BullMQ addBulk + 2 Workers (concurrency ${CONCURRENCY})`, {
  group: GROUP,
  baseline: true,
  n: 5,
  warmup: 1,
  ignore,
}, async () => {
  const { queue, events } = await ready();
  let left = TASKS;
  const done = Promise.withResolvers<void>();
  const onDone = (): void => {
    if (--left === 0) done.resolve();
  };
  events.on("completed", onDone);
  const jobs = Array.from({ length: TASKS }, (_, i) => ({
    name: "noop",
    data: { i },
    opts: { removeOnComplete: true, removeOnFail: true },
  }));
  for (let i = 0; i < jobs.length; i += 1000) {
    await queue.addBulk(jobs.slice(i, i + 1000));
  }
  await done.promise;
  events.off("completed", onDone);
});

Deno.bench(
  `RedisExecutor.submit x ${TASKS} (2 workers, concurrency ${CONCURRENCY})`,
  {
    group: GROUP,
    n: 5,
    warmup: 1,
    ignore,
  },
  async () => {
    await noops((await ready()).ex);
  },
);

Deno.bench(
  `RedisExecutor({ maxCallsPerJob: 1 }).submit x ${TASKS} (a job per call)`,
  {
    group: GROUP,
    n: 5,
    warmup: 1,
    ignore,
  },
  async () => {
    await noops((await ready()).single);
  },
);

Deno.bench(`ProcessPoolExecutor(2).submit x ${TASKS}`, {
  group: GROUP,
  n: 5,
  warmup: 1,
  ignore,
}, async () => {
  await noops((await ready()).pool);
});

Deno.bench("8 x fib(32) serial", {
  group: "8 x fib(32)",
  baseline: true,
  // Warmed up as the workers' fib is: a cold first round is ~1.6x slower.
  n: 3,
  warmup: 1,
  ignore,
}, () => {
  for (let i = 0; i < 8; i++) fib(32);
});

Deno.bench("8 x fib(32) through 2 RedisExecutor workers", {
  group: "8 x fib(32)",
  n: 3,
  warmup: 1,
  ignore,
}, async () => {
  const { cpu } = await ready();
  await wait(Array.from({ length: 8 }, () => cpu.submit(fib, 32)));
});

Deno.bench(
  "SIGKILL of a worker -> its task's result from another (lockDuration 2 s, stalledInterval 1 s)",
  {
    group: "worker killed mid-task",
    n: 1,
    warmup: 0,
    ignore,
  },
  async (b) => {
    const { redis } = await ready();
    const path = await Deno.makeTempFile({ prefix: "skein_redis_bench_" });
    const args = [
      "--url",
      redis.url,
      "--queue",
      "victim",
      "--threads",
      "1",
      "--lock-duration",
      "2",
      "--stalled-interval",
      "1",
    ];
    const victim = await startWorker(args);
    const vex = new RedisExecutor({
      url: redis.url,
      queue: "victim",
      authkey: "test-key",
    });
    // Its first run waits 30 s; the run after the kill returns at once.
    const future = vex.submit(slowFirstRun, path, "done");
    while ((await Deno.readFile(path)).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const helper = await startWorker(args);
    b.start();
    await victim.kill();
    await future.result();
    b.end();
    await vex.shutdown();
    await helper.stop();
    await Deno.remove(path);
  },
);

Deno.bench("teardown", { group: "zz", n: 1, warmup: 0, ignore }, async () => {
  if (setup === undefined) return;
  const { redis, workers, raw, ex, single, cpu, queue, events, pool } =
    await setup;
  await ex.shutdown();
  await single.shutdown();
  await cpu.shutdown();
  await pool.shutdown();
  await queue.close();
  await events.close();
  await Promise.all(workers.map((w) => w.stop()));
  for (const child of raw) {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
  }
  await redis.stop();
});
