// Copyright 2026 the @skein/concurrent authors. MIT license.
// The fault probes of issue #21 for multiprocessing.Pool, pool of one
// worker: a task that exits its worker, one that throws from a timer (an
// uncaught error), a 3 s spin stopped after 200 ms by a signal and by a
// timeout, a task past its worker's heapMb and memoryMb; each followed by
// a new task. `deno bench` times calls, not one
// fault and its recovery, hence a script that prints a table:
//
//   deno run --allow-read --allow-env --allow-run --allow-sys \
//     bench/pool_fault_probes.ts [rounds]
//
// Times are medians over `rounds` (5 by default), in milliseconds: from
// the call (or the abort) to the task's outcome, and from then to the new
// task's result, which for a killed worker includes starting its
// replacement (a child deno).
import { Pool } from "../multiprocessing/mod.ts";

const rounds = Number(Deno.args[0] ?? 5);

const exitWorker = (): never => Deno.exit(3);
const throwLater = (): Promise<void> => {
  setTimeout(() => {
    throw new Error("thrown by a timer");
  }, 0);
  return new Promise((resolve) => setTimeout(resolve, 5_000));
};
const spin = (ms: number): number => {
  const end = Date.now() + ms;
  while (Date.now() < end);
  return ms;
};
const one = (): number => 1;
const growHeap = (): never => {
  const keep: number[][] = [];
  for (;;) keep.push(new Array(100_000).fill(1.5));
};
const holdMemory = (mb: number): Promise<number> => {
  const buffers: Uint8Array[] = [];
  for (let i = 0; i < mb; i++) buffers.push(new Uint8Array(2 ** 20).fill(1));
  return new Promise(() => {}); // held until the worker is killed
};

interface Probe {
  name: string;
  limits?: { heapMb?: number; memoryMb?: number };
  // Starts the fault; resolves to when it began (the call or the abort).
  run(pool: Pool): { began: () => number; outcome: Promise<unknown> };
}

const probes: Probe[] = [
  {
    name: "task exits its worker (`Deno.exit(3)`)",
    run: (pool) => {
      const t0 = performance.now();
      return { began: () => t0, outcome: pool.apply(exitWorker) };
    },
  },
  {
    name: "uncaught error (thrown from a timer)",
    run: (pool) => {
      const t0 = performance.now();
      return { began: () => t0, outcome: pool.apply(throwLater) };
    },
  },
  {
    name: "3 s spin, `signal` aborted after 200 ms",
    run: (pool) => {
      const controller = new AbortController();
      let t0 = Infinity;
      setTimeout(() => {
        t0 = performance.now();
        controller.abort();
      }, 200);
      return {
        began: () => t0,
        outcome: pool.apply(spin, [3000], { signal: controller.signal }),
      };
    },
  },
  {
    name: "3 s spin, `timeout: 0.2`",
    run: (pool) => {
      const t0 = performance.now() + 200;
      return {
        began: () => t0,
        outcome: pool.apply(spin, [3000], { timeout: 0.2 }),
      };
    },
  },
  {
    name: "JavaScript heap past `limits.heapMb: 64`",
    limits: { heapMb: 64 },
    run: (pool) => {
      const t0 = performance.now();
      return { began: () => t0, outcome: pool.apply(growHeap) };
    },
  },
  {
    name: "400 MiB of buffers past `limits.memoryMb: 200`",
    limits: { memoryMb: 200 },
    run: (pool) => {
      const t0 = performance.now();
      return { began: () => t0, outcome: pool.apply(holdMemory, [400]) };
    },
  },
];

function median(xs: number[]): number {
  const sorted = xs.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (import.meta.main) {
  console.log(
    "| probe (Pool of 1 worker) | outcome | time to it (ms) | then a new task | time to its result (ms) |",
  );
  console.log("|---|---|---|---|---|");
  for (const probe of probes) {
    const toOutcome: number[] = [];
    const toNext: number[] = [];
    let outcome = "";
    let next = "";
    for (let r = 0; r < rounds; r++) {
      await using pool = new Pool(1, { limits: probe.limits ?? null });
      await pool.apply(one); // the worker is up
      const { began, outcome: result } = probe.run(pool);
      try {
        await result;
        outcome = "resolved";
      } catch (error) {
        outcome = `rejected, ${(error as Error).name}`;
      }
      const t1 = performance.now();
      toOutcome.push(t1 - began());
      try {
        await pool.apply(one);
        next = "runs";
      } catch (error) {
        next = `fails: ${(error as Error).name}`;
      }
      toNext.push(performance.now() - t1);
    }
    console.log(
      `| ${probe.name} | ${outcome} | ${
        median(toOutcome).toFixed(0)
      } | ${next} | ${median(toNext).toFixed(0)} |`,
    );
  }
}
