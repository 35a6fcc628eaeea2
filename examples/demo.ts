// Copyright 2026 the @skein/concurrent authors. MIT license.
// A tour of @skein/concurrent: run it first with
//   npx -y deno@2.9.6 task demo
// Each section shows one module; the whole tour takes a few seconds.
import {
  connection,
  futures,
  multiprocessing,
  queue,
  sched,
  sharedMemory,
  subprocess,
  threading,
} from "../mod.ts";

/** A queue consumer for the queue section: squares until it gets -1. */
export function squarer(
  tasks: queue.Queue<number>,
  results: queue.PriorityQueue<[number, string]>,
): void {
  for (let n = tasks.getSync(); n !== -1; n = tasks.getSync()) {
    results.putSync([n * n, `from ${threading.currentThread().name}`]);
  }
}

/** Run in a child process by the multiprocessing section. */
export function report(parentPid: number): void {
  const me = multiprocessing.currentProcess();
  const parent = multiprocessing.parentProcess();
  console.log(
    `  in ${me.name} (pid ${me.pid}), child of pid ${parent?.pid}: ${
      parent?.pid === parentPid
    }`,
  );
}

/** Run in child processes by the shared-state section. */
export async function addAndRecord(
  counter: multiprocessing.Value<"i">,
  seen: multiprocessing.DictProxy<string, number>,
  times: number,
): Promise<void> {
  for (let i = 0; i < times; i++) {
    using _ = counter.getLock().enterSync();
    counter.value += 1;
  }
  await seen.setItem(multiprocessing.currentProcess().name, Deno.pid);
}

/** Fails for 2, as a task may: imap goes on past it, as Python's. */
export function inverseOfTwoLess(x: number): number {
  if (x === 2) throw new RangeError("division by zero");
  return 1 / (x - 2);
}

/** Sums a ShareableList in a child: the list crosses by its segment's name. */
export function total(
  list: sharedMemory.ShareableList,
  into: multiprocessing.Value<"i">,
): void {
  let sum = 0;
  for (const item of list) sum += item as number;
  into.value = sum;
}

/** Keeps its thread busy for `seconds`: a call to stop from outside. */
export function spin(seconds: number): number {
  const end = performance.now() + seconds * 1000;
  let turns = 0;
  while (performance.now() < end) turns++;
  return turns;
}

/** Sleeps in a child process: longer than its limit allows. */
export async function nap(seconds: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/** Recursive Fibonacci, for the thread pool below. */
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/** Run on a RedisExecutor's worker by the futures/redis section. */
export function cube(n: number): number {
  return n ** 3;
}

/**
 * The futures/redis section: a private redis-server on a free loopback
 * port, one worker process, an executor; skipped without redis-server.
 */
async function redisSection(): Promise<void> {
  const server = "/usr/bin/redis-server";
  try {
    await Deno.stat(server);
  } catch {
    console.log("  skipped: no redis-server (apt-get install redis-server)");
    return;
  }
  const { RedisExecutor } = await import("../futures/redis/mod.ts");
  const free = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (free.addr as Deno.NetAddr).port;
  free.close();
  const redis = new Deno.Command(server, {
    args: ["--port", `${port}`, "--bind", "127.0.0.1", "--save", ""],
    stdout: "null",
  }).spawn();
  const url = `redis://127.0.0.1:${port}`;
  const worker = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-net=127.0.0.1",
      "--allow-sys",
      new URL("../futures/redis/worker.ts", import.meta.url).href,
      "--url",
      url,
      "--queue",
      "demo",
      "--threads",
      "2",
    ],
    env: { SKEIN_AUTHKEY: "demo-key" },
    stdout: "piped",
  }).spawn();
  try {
    const lines = worker.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    console.log(`  worker: ${(await lines.read()).value?.trim()}`);
    lines.releaseLock();
    await using ex = new RedisExecutor({
      url,
      queue: "demo",
      authkey: "demo-key",
    });
    const cubes: number[] = [];
    for await (const c of ex.map(cube, [1, 2, 3, 4])) cubes.push(c);
    console.log(`  cubes from the worker: ${cubes.join(", ")}`);
    // Many short calls at once share jobs (maxCallsPerJob): the queue's
    // cost per job is paid once for many calls.
    const start = performance.now();
    const many = Array.from({ length: 5000 }, (_, i) => ex.submit(cube, i));
    let sum = 0;
    for (const future of many) sum += await future.result();
    console.log(
      `  5,000 calls in ${
        (performance.now() - start).toFixed(0)
      } ms (jobs of up to 32 calls): sum of cubes ${sum}`,
    );
  } finally {
    worker.kill("SIGTERM");
    await worker.stdout.cancel().catch(() => {});
    await worker.status;
    redis.kill("SIGTERM");
    await redis.status;
  }
}

// Python's `if __name__ == "__main__":` is `if (import.meta.main)`: a worker
// that imports this module to find a shipped function must not rerun it.
if (import.meta.main) {
  const started = performance.now();
  const elapsed = (): string =>
    `${((performance.now() - started) / 1000).toFixed(2)}s`;

  console.log("== sched: an event scheduler, as Python's sched ==");
  {
    using s = new sched.scheduler();
    const say = (what: string): void => console.log(`  ${elapsed()}  ${what}`);
    const now = s.timefunc(); // monotonic seconds
    // Events run by time; at equal times the lower priority number goes first.
    s.enterabs(now + 0.3, 1, say, { argument: ["third (0.3s, priority 1)"] });
    s.enterabs(now + 0.1, 1, say, { argument: ["first (0.1s)"] });
    s.enterabs(now + 0.3, 0, say, { argument: ["second (0.3s, priority 0)"] });
    const dropped = s.enter(0.2, 1, say, { argument: ["never printed"] });
    s.cancel(dropped);
    // An action may schedule more work while the scheduler runs.
    s.enter(0.4, 1, () => {
      say("fourth, which schedules a fifth");
      s.enter(0.1, 1, say, { argument: ["fifth (entered during run)"] });
    });
    console.log(`  queued: ${s.queue.length} events`);
    await s.run();
  }
  console.log(
    "== threading: real threads, shared locks, as Python's threading ==",
  );
  {
    // Threads run in workers; a Lock, Event or Barrier passed to them is the
    // same object there. Exported functions cross by module and name (guard the
    // main module with `if (import.meta.main)`); this one crosses as source.
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const lock = new threading.Lock();
    const ready = new threading.Barrier(3);
    const threads = [1, 2].map((n) =>
      new threading.Thread({
        name: `adder-${n}`,
        target: (l: threading.Lock, b: threading.Barrier, c: Int32Array) => {
          b.waitSync(); // start together
          for (let i = 0; i < 10_000; i++) {
            using _ = l.enterSync(); // Python's `with lock:`
            c[0]!++; // a non-atomic read-modify-write, safe under the lock
          }
        },
        args: [lock, ready, counter],
      })
    );
    for (const t of threads) t.start();
    console.log(`  started ${threads.map((t) => t.name).join(", ")}`);
    await ready.wait(); // the main thread is the third party
    for (const t of threads) await t.join();
    console.log(
      `  counter = ${counter[0]} (2 threads x 10,000 under one Lock)`,
    );
    const event = new threading.Event();
    new threading.Timer(0.1, () => event.set()).start();
    console.log(`  event set by a Timer: ${await event.wait({ timeout: 2 })}`);
  }

  console.log("== queue: queues shared by threads, as Python's queue ==");
  {
    // One queue object, shared: the threads block on it in getSync(), the
    // main thread waits without blocking in put(); maxsize 2 makes it wait.
    const tasks = new queue.Queue<number>(2);
    const results = new queue.PriorityQueue<[number, string]>();
    const threads = [1, 2].map((n) =>
      new threading.Thread({
        name: `squarer-${n}`,
        target: squarer,
        args: [tasks, results],
      })
    );
    for (const t of threads) t.start();
    for (const n of [5, 3, 8, 1, 4, 2]) await tasks.put(n);
    for (const _ of threads) await tasks.put(-1); // one stop mark each
    for (const t of threads) await t.join();
    const ordered: string[] = [];
    while (!results.empty()) {
      const [square, who] = results.getNowait();
      ordered.push(`${square} (${who})`);
    }
    console.log(`  smallest first: ${ordered.join(", ")}`);
    tasks.shutdown();
    try {
      await tasks.put(9);
    } catch (error) {
      console.log(`  after shutdown(): ${(error as Error).name}`);
    }
  }

  console.log("== futures: a thread pool, as Python's concurrent.futures ==");
  {
    await using pool = new futures.ThreadPoolExecutor({ maxWorkers: 2 });
    // `fib` is exported from this module: a worker imports it from here.
    const started = performance.now();
    const results = await Promise.all(
      [27, 27, 27, 27].map((n) => pool.submit(fib, n)),
    );
    console.log(
      `  4 x fib(27) on 2 threads: ${results[0]} each, in ${
        (performance.now() - started).toFixed(0)
      } ms`,
    );
    const squares: number[] = [];
    for await (const y of pool.map((x: number) => x * x, [1, 2, 3, 4])) {
      squares.push(y);
    }
    console.log(`  map: ${squares.join(", ")}`);
  }

  console.log(
    "== multiprocessing: child processes, as Python's multiprocessing ==",
  );
  {
    // The child imports this module (the guard below keeps the tour from
    // running again there) and calls `report`.
    const p = new multiprocessing.Process({ target: report, args: [Deno.pid] });
    p.start();
    await p.join();
    console.log(`  ${p.name} exited with ${p.exitcode}`);
    // The forkserver start method: a spare child, started and bootstrapped
    // ahead, takes the target at once (see the README for the figures).
    multiprocessing.setForkserverSpares(1); // (1 is the default; starts it now)
    const forkserver = multiprocessing.getContext("forkserver");
    const warm = new forkserver.Process({ target: report, args: [Deno.pid] });
    warm.start();
    await warm.join();
    console.log(`  ${warm.name} (a spare) exited with ${warm.exitcode}`);
    await multiprocessing.setForkserverSpares(0); // (ends the new spare)
    // A pool of worker processes, and a pipe to one of them.
    await using pool = new multiprocessing.Pool(2);
    console.log(`  Pool.map(fib): ${await pool.map(fib, [10, 15, 20])}`);
    const [here, there] = multiprocessing.Pipe();
    const echo = new multiprocessing.Process({
      target: async (conn: typeof there) => {
        conn.send(`echo of ${await conn.recv()}`);
        conn.close();
      },
      args: [there],
    });
    echo.start();
    here.send("a message through a Pipe");
    console.log(`  ${await here.recv()}`);
    await echo.join();
    here.close();
    console.log(`  ${echo}`); // Python's repr
    // imap goes on past a failed item; callbacks run before get() returns.
    const it = pool.imap(inverseOfTwoLess, [0, 1, 2, 3, 4]);
    const got: string[] = [];
    for (let i = 0; i < 5; i++) {
      try {
        got.push(String((await it.next()).value));
      } catch (error) {
        got.push((error as Error).name);
      }
    }
    console.log(`  imap past a failure: ${got.join(", ")}`);
    const heard: number[] = [];
    const r = pool.applyAsync(fib, [12], { callback: (v) => heard.push(v) });
    console.log(`  applyAsync: ${await r.get()}, callback heard ${heard}`);
    // multiprocessing.connection: a Listener and a Client, authenticated.
    using listener = new connection.Listener(["127.0.0.1", 0], {
      authkey: "secret password",
    });
    const client = connection.Client(listener.address, {
      authkey: "secret password",
    });
    using conn = await listener.accept();
    conn.send([2.25, null, "junk"]);
    using other = await client;
    console.log(
      `  Listener -> Client: ${JSON.stringify(await other.recv())}`,
    );
  }

  console.log(
    "== shared state between processes: shared_memory, Value, Manager ==",
  );
  {
    // A segment any process can attach to by name (CPython too).
    using shm = new sharedMemory.SharedMemory({ create: true, size: 16 });
    shm.buf.set(new TextEncoder().encode("shared"));
    using other = new sharedMemory.SharedMemory({ name: shm.name });
    console.log(
      `  SharedMemory ${shm.name}: ${
        new TextDecoder().decode(other.buf.subarray(0, 6))
      }`,
    );
    shm.unlink();
    // A ShareableList passed to a child crosses by name: the same memory.
    const list = new sharedMemory.ShareableList([1, 2, 3, 4]);
    const sum = new multiprocessing.Value("i", 0);
    const summer = new multiprocessing.Process({
      target: total,
      args: [list, sum],
    });
    summer.start();
    await summer.join();
    console.log(`  ${list} summed in a child: ${sum.value}`);
    list.shm.close();
    list.shm.unlink();
    // A Value in shared memory under its lock, and a dict held by a
    // manager's server process: two children use both.
    const counter = new multiprocessing.Value("i", 0);
    await using manager = await multiprocessing.Manager();
    const seen = await manager.dict<string, number>();
    const children = [1, 2].map(() =>
      new multiprocessing.Process({
        target: addAndRecord,
        args: [counter, seen, 1000],
        permissions: { net: ["127.0.0.1"] }, // to reach the manager
      })
    );
    for (const p of children) p.start();
    for (const p of children) await p.join();
    console.log(`  Value after 2 x 1000 locked increments: ${counter.value}`);
    console.log(
      `  managed dict filled by the children: ${
        JSON.stringify(Object.fromEntries(await seen.items()))
      }`,
    );
  }

  console.log("== subprocess: run programs, as Python's subprocess ==");
  {
    const done = await subprocess.run(["sh", "-c", "echo hello from pid $$"], {
      captureOutput: true,
      text: true,
    });
    console.log(
      `  returncode ${done.returncode}, stdout ${JSON.stringify(done.stdout)}`,
    );
    // A pipeline, printf | tr, without buffering the data here.
    await using p1 = new subprocess.Popen(["printf", "piped data"], {
      stdout: subprocess.PIPE,
    });
    await using p2 = new subprocess.Popen(["tr", "a-z", "A-Z"], {
      stdin: p1.stdout!,
      stdout: subprocess.PIPE,
      text: true,
    });
    await p1.closeStdout(); // Python's p1.stdout.close(): p2 owns it now
    const [shouted] = await p2.communicate({ timeout: 5 });
    console.log(`  printf | tr: ${shouted}`);
    try {
      await subprocess.run(["sleep", "5"], { timeout: 0.2 });
    } catch (error) {
      console.log(`  ${(error as Error).name}: ${(error as Error).message}`);
    }
  }

  console.log("== limits and faults: stop running work, limit it, heal ==");
  {
    // A running call is stopped: its worker is ended and replaced at once.
    await using pool = new futures.ThreadPoolExecutor({
      maxWorkers: 1,
      replaceDeadWorkers: true, // a worker that dies costs only its call
    });
    const t0 = performance.now();
    try {
      await pool.submitWith({ timeout: 0.2 }, spin, 10);
    } catch (error) {
      console.log(
        `  a 10 s call with timeout 0.2: ${(error as Error).name} after ${
          (performance.now() - t0).toFixed(0)
        } ms`,
      );
    }
    console.log(
      `  the replacement worker runs the next: fib(20) = ${await pool.submit(
        fib,
        20,
      )}`,
    );
    // A child process past its limit ends, and says which limit ended it.
    const p = new multiprocessing.Process({
      target: nap,
      args: [10],
      limits: { wallSeconds: 0.3 },
    });
    p.start();
    await p.join();
    const why = p.endReason;
    console.log(
      `  Process past limits.wallSeconds: exitcode ${p.exitcode}, endReason ${
        why?.kind === "limit"
          ? `${why.breach.kind} ${
            why.breach.used.toFixed(3)
          } s > ${why.breach.limit} s`
          : JSON.stringify(why)
      }`,
    );
    // The same limits hold for any program run by subprocess.
    try {
      await subprocess.run(["sleep", "10"], {
        limits: { wallSeconds: 0.2 },
        check: true,
      });
    } catch (error) {
      console.log(`  ${(error as Error).name}: ${(error as Error).message}`);
    }
  }

  console.log(
    "== futures/redis: the same Executor across machines (BullMQ on Redis) ==",
  );
  await redisSection();

  console.log(`done in ${elapsed()}`);
}
