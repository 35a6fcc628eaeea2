// Copyright 2026 the @skein/concurrent authors. MIT license.
// The no-op throughput of redis_bench.ts with the sides alternating,
// round by round, on one private redis-server (ours twice: by default,
// and with a job per call as raw BullMQ): on a machine that other
// work loads unevenly, `deno bench` runs all of one side's rounds, then the
// other's, and their ratio swings with the load. Each round also reports
// the CPU time (ms) of each process: the submitter (this one), Redis and
// the two worker processes of the side that ran.
//
//   deno run -A bench/redis_interleaved.ts [rounds=5] [tasks=10000]
import { wait } from "@skein/concurrent/futures";
import { RedisExecutor } from "@skein/concurrent/futures/redis";
import { registerModule } from "@skein/concurrent/threading";
import { Queue, QueueEvents } from "../futures/redis/_deps.ts";
import { startRedis, startWorker } from "../tests/futures/redis/_redis.ts";
import { noop } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const ROUNDS = Number(Deno.args[0] ?? 5);
const TASKS = Number(Deno.args[1] ?? 10_000);
const CONCURRENCY = 8;
const RAW_WORKER = new URL("./fixtures/raw_bullmq_worker.ts", import.meta.url);

function cpuMs(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]!
    .split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // 100 ticks/s
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

if (import.meta.main) {
  const redis = await startRedis();
  const redisPid = Number(
    new TextDecoder().decode(
      new Deno.Command("pgrep", {
        args: ["-f", `redis-server 127.0.0.1:${redis.port}`],
      }).outputSync().stdout,
    ).trim().split("\n")[0],
  );
  const ours = await Promise.all([0, 1].map(() =>
    startWorker([
      "--url",
      redis.url,
      "--queue",
      "ours",
      "--threads",
      "1",
      "--concurrency",
      String(CONCURRENCY),
    ])
  ));
  const raw = await Promise.all([0, 1].map(async () => {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        RAW_WORKER.href,
        redis.url,
        "raw",
        String(CONCURRENCY),
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.getReader();
    await reader.read(); // "raw worker ready"
    reader.releaseLock();
    void child.stdout.cancel();
    return child;
  }));
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
  const submitter = (executor: RedisExecutor) => async (): Promise<void> => {
    const futures = [];
    for (let i = 0; i < TASKS; i++) futures.push(executor.submit(noop));
    await wait(futures);
  };
  const runOurs = submitter(ex);
  const runSingle = submitter(single);
  const runRaw = async (): Promise<void> => {
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
  };
  const sides = [
    { name: "raw BullMQ", run: runRaw, pids: raw.map((c) => c.pid) },
    {
      name: "RedisExecutor",
      run: runOurs,
      pids: ours.map((w) => w.child.pid),
    },
    {
      name: "a job per call",
      run: runSingle,
      pids: ours.map((w) => w.child.pid),
    },
  ];
  for (const side of sides) await side.run(); // warm-up
  const walls: number[][] = sides.map(() => []);
  const cpus: number[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, side] of sides.entries()) {
      const pids = [Deno.pid, redisPid, ...side.pids];
      const before = pids.map(cpuMs);
      const start = performance.now();
      await side.run();
      const wall = performance.now() - start;
      const used = pids.map((pid, j) => cpuMs(pid) - before[j]!);
      walls[i]!.push(wall);
      cpus[i]!.push(used.reduce((a, b) => a + b, 0));
      console.log(
        `${side.name.padEnd(14)} ${wall.toFixed(0).padStart(6)} ms wall, ${
          (TASKS / wall * 1000).toFixed(0).padStart(5)
        } tasks/s; CPU ms submitter ${used[0]}, redis ${used[1]}, workers ${
          used.slice(2).join(" + ")
        }`,
      );
    }
  }
  const [rawWall, ...oursWalls] = walls.map(median);
  const [rawCpu, ...oursCpus] = cpus.map(median);
  for (const [i, side] of sides.slice(1).entries()) {
    console.log(
      `medians, ${side.name}: raw ${rawWall!.toFixed(0)} ms, ours ${
        oursWalls[i]!.toFixed(0)
      } ms: ours/raw throughput ${(rawWall! / oursWalls[i]!).toFixed(2)}x; ` +
        `CPU raw ${rawCpu} ms, ours ${oursCpus[i]} ms (${
          (oursCpus[i]! / rawCpu!).toFixed(2)
        }x)`,
    );
  }
  await ex.shutdown();
  await single.shutdown();
  await queue.close();
  await events.close();
  await Promise.all(ours.map((w) => w.stop()));
  for (const child of raw) {
    child.kill("SIGTERM");
    await child.status;
  }
  await redis.stop();
}
