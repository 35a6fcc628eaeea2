// Copyright 2026 the @skein/concurrent authors. MIT license.
// The fault probes of issue #21 for ThreadPoolExecutor, ProcessPoolExecutor
// and npm:piscina (the peer), each with a pool of one worker:
//   exit      a call exits its worker: how it fails and when, then a call
//   uncaught  a call throws from a timer (outside itself), then a call
//   cancel    a 3 s spin aborted after 200 ms: ms from the abort to the
//             rejection, and to the replacement worker's first result
//   breach    a call past a 32 MiB heap limit (64 MiB for a process): ms
//             from the rejection to the replacement worker's first result
// Run: deno run -A bench/fault_probes.ts [rounds]  (medians of the rounds)
import { Piscina } from "npm:piscina@5.1.3";
import {
  type Executor,
  type Future,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "../futures/mod.ts";
import { registerModule } from "../threading/mod.ts";
import {
  die,
  growHeap,
  spin,
  square,
  throwLater,
} from "../tests/futures/fixtures/fault_tasks.ts";

const TASKS = new URL(
  "../tests/futures/fixtures/fault_tasks.ts",
  import.meta.url,
);
registerModule(TASKS);
const PEER = new URL("./fixtures/fault_worker.mjs", import.meta.url).href;
const ROUNDS = Number(Deno.args[0] ?? 3);
// Which pools to probe: a part of their names (all when omitted).
const ONLY = Deno.args[1] ?? "";

/** A call that may be aborted: when it has started, and its end. */
interface Abortable {
  started: Promise<void>;
  done: Promise<unknown>;
}

/** What a probe needs of a pool: ours or piscina behind the same face. */
interface Probed {
  run(op: "exit" | "uncaught" | "square"): Promise<unknown>;
  runAbortable(
    signal: AbortSignal,
  ): { started: Promise<void>; done: Promise<unknown> };
  heap(): Promise<unknown>;
  close(): Promise<void>;
}

type Options = { heal: boolean; heapMb?: number };

function ours(
  make: (o: Options) => Executor & {
    submitWith<A extends unknown[], R>(
      options: { signal?: AbortSignal },
      fn: (...args: A) => R,
      ...args: A
    ): Future<Awaited<R>>;
  },
): (o: Options) => Probed {
  return (o) => {
    const pool = make(o);
    return {
      run: (op) =>
        op === "exit"
          ? pool.submit(die).result()
          : op === "uncaught"
          ? pool.submit(throwLater).result()
          : pool.submit(square, 3).result(),
      runAbortable(signal): Abortable {
        const future = pool.submitWith({ signal }, spin, 3_000);
        const started = (async () => {
          while (!future.running()) {
            await new Promise((r) => setTimeout(r, 1));
          }
        })();
        return { started, done: future.result() };
      },
      heap: () => pool.submit(growHeap).result(),
      close: () => pool.shutdown({ wait: true }),
    };
  };
}

function peer(o: Options): Probed {
  const pool = new Piscina({
    filename: PEER,
    minThreads: 1,
    maxThreads: 1,
    ...(o.heapMb === undefined
      ? {}
      : { resourceLimits: { maxOldGenerationSizeMb: o.heapMb } }),
  });
  return {
    run: (op) => pool.run({ op, x: 3 }),
    runAbortable(signal): Abortable {
      // piscina says nothing when a task starts: 50 ms is enough for one.
      const done = pool.run({ op: "spin", x: 3_000 }, { signal });
      return { started: new Promise((r) => setTimeout(r, 50)), done };
    },
    heap: () => pool.run({ op: "heap", x: 0 }),
    close: () => pool.destroy(),
  };
}

const POOLS: [string, (o: Options) => Probed, number][] = [
  [
    "ThreadPoolExecutor",
    ours((o) =>
      new ThreadPoolExecutor({
        maxWorkers: 1,
        replaceDeadWorkers: o.heal,
        ...(o.heapMb === undefined ? {} : { limits: { heapMb: o.heapMb } }),
      })
    ),
    32,
  ],
  [
    "ProcessPoolExecutor",
    ours((o) =>
      new ProcessPoolExecutor({
        maxWorkers: 1,
        replaceDeadWorkers: o.heal,
        ...(o.heapMb === undefined ? {} : { limits: { heapMb: o.heapMb } }),
      })
    ),
    64,
  ],
  ["npm:piscina", peer, 32],
];

// A probe that gets no answer says so instead of hanging the table.
const PATIENCE_MS = 10_000;

class NoAnswer extends Error {
  override name = `no answer in ${PATIENCE_MS / 1000} s`;
}

function within<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer()), PATIENCE_MS);
    Deno.unrefTimer(timer);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function name(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

async function settle(promise: Promise<unknown>): Promise<[string, number]> {
  const start = performance.now();
  let outcome: string;
  try {
    await within(promise);
    outcome = "resolved";
  } catch (error) {
    outcome = `rejected ${name(error)}`;
  }
  return [outcome, performance.now() - start];
}

/** A call after the fault: "runs (ms)" or why not. */
async function after(pool: Probed): Promise<[string, number]> {
  const start = performance.now();
  try {
    await within(pool.run("square"));
    return ["runs", performance.now() - start];
  } catch (error) {
    return [`fails: ${name(error)}`, performance.now() - start];
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function probe(
  label: string,
  make: (o: Options) => Probed,
  heapMb: number,
  heal: boolean,
): Promise<string[]> {
  const cells: Record<string, { text: string; ms: number[] }> = {};
  const note = (key: string, text: string, ms: number): void => {
    cells[key] ??= { text, ms: [] };
    cells[key].ms.push(ms);
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const op of ["exit", "uncaught"] as const) {
      const pool = make({ heal });
      await pool.run("square"); // warm: the worker is up
      const [outcome, ms] = await settle(pool.run(op));
      note(op, outcome, ms);
      const [next, nextMs] = await after(pool);
      note(`${op} then`, next, nextMs);
      await within(pool.close()).catch(() => {});
    }
    {
      const pool = make({ heal });
      await pool.run("square");
      const controller = new AbortController();
      const { started, done } = pool.runAbortable(controller.signal);
      await started;
      await new Promise((r) => setTimeout(r, 200));
      const start = performance.now();
      controller.abort();
      const [outcome] = await settle(done);
      note("cancel", outcome, performance.now() - start);
      await within(pool.run("square")).catch(() => {});
      note("cancel then", "first result", performance.now() - start);
      await within(pool.close()).catch(() => {});
    }
    {
      const pool = make({ heal, heapMb });
      await pool.run("square");
      const [outcome] = await settle(pool.heap());
      const start = performance.now();
      const [next] = await after(pool);
      note("breach", `${outcome}; then ${next}`, performance.now() - start);
      await within(pool.close()).catch(() => {});
    }
  }
  const cell = (key: string): string =>
    `${cells[key]!.text}, ${median(cells[key]!.ms).toFixed(0)} ms`;
  return [
    `${label}${heal ? " (replaceDeadWorkers)" : ""}`,
    cell("exit"),
    cell("exit then"),
    cell("uncaught"),
    cell("uncaught then"),
    cell("cancel"),
    cell("cancel then"),
    cell("breach"),
  ];
}

console.log(
  `| pool of one worker (median of ${ROUNDS}) | task exits its worker | then a new task | uncaught error from a timer | then a new task | cancel a running 3 s spin: abort to rejection | abort to the replacement's first result | heap breach: rejection to the replacement's first result |`,
);
console.log("|---|---|---|---|---|---|---|---|");
for (const [label, make, heapMb] of POOLS) {
  if (!label.includes(ONLY)) continue;
  for (const heal of label === "npm:piscina" ? [false] : [false, true]) {
    const row = await probe(label, make, heapMb, heal);
    console.log(`| ${row.join(" | ")} |`);
  }
}
