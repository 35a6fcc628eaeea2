// Copyright 2026 the @skein/concurrent authors. MIT license.
// Process start -> join, and a new ProcessPoolExecutor(2)'s first result,
// by each start method, against `deno run` of an empty module in the same
// run: "spawn" starts a new `deno` each time; "forkserver" gives the target
// to a spare started ahead (each iteration waits, untimed, until the spares
// have bootstrapped). The spares' resident memory is printed first.
// CPython on the same machine: bench/process_start_cpython.py.
import {
  getContext,
  setForkserverSpares,
} from "@skein/concurrent/multiprocessing";
import { ProcessPoolExecutor } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { identity, noop } from "./fixtures/targets.ts";
import { sparePids } from "../_internal/forkserver.ts";
import { readRssMb } from "../_internal/proc_files.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const empty = new URL("./fixtures/empty.ts", import.meta.url).pathname;
const spawn = getContext("spawn");
const forkserver = getContext("forkserver");
const SPARES = 2;

// Waits until `SPARES` spares are kept and each has bootstrapped: one of
// its threads sleeps reading its stdin (its first record), which its
// threads' wait channels in /proc tell (read through `cat`: Deno reads
// /proc only under --allow-all). CPU time that stops growing would not do:
// on a loaded machine a spare waiting to run uses none either.
async function sparesReady(): Promise<number[]> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (;;) {
    const pids = sparePids();
    if (pids.length >= SPARES) {
      const { stdout } = await new Deno.Command("sh", {
        args: [
          "-c",
          pids.map((pid) => `echo $(cat /proc/${pid}/task/*/wchan)`).join(
            ";",
          ),
        ],
        stdout: "piped",
      }).output();
      const waits = new TextDecoder().decode(stdout).trim().split("\n");
      if (waits.every((line) => line.includes("pipe_read"))) return pids;
    }
    await sleep(20);
  }
}

async function bare(): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", empty],
    stdin: "null",
  }).spawn();
  await child.status;
}

async function startJoin(context: typeof spawn): Promise<void> {
  const p = new context.Process({ target: noop });
  p.start();
  await p.join();
}

async function firstResult(
  context: typeof spawn,
): Promise<() => Promise<void>> {
  const pool = new ProcessPoolExecutor({ maxWorkers: 2, mpContext: context });
  await pool.submit(identity, 1);
  return () => pool.shutdown();
}

setForkserverSpares(SPARES);
const rss = (await sparesReady()).map((pid) => readRssMb(pid));
console.log(
  `forkserver spares' resident memory: ${
    rss.map((mb) => `${mb?.toFixed(1)} MiB`).join(", ")
  }`,
);

// The machine's load moves between one bench and the next (all of a
// bench's iterations run together), so the ratios are measured first with
// the cases interleaved: ROUNDS rounds of one of each, medians printed.
const ROUNDS = 20;
const cases: [string, () => Promise<unknown>][] = [
  ["deno run of an empty module (baseline)", bare],
  ["Process start -> join, spawn (cold)", () => startJoin(spawn)],
  [
    "Process start -> join, forkserver (spare ready)",
    () => startJoin(forkserver),
  ],
  [
    "ProcessPoolExecutor(2) new -> first result, spawn",
    () => firstResult(spawn),
  ],
  [
    "ProcessPoolExecutor(2) new -> first result, forkserver",
    () => firstResult(forkserver),
  ],
];
const times = cases.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [, run]] of cases.entries()) {
    await sparesReady();
    const start = performance.now();
    const after = await run();
    times[i]!.push(performance.now() - start);
    if (typeof after === "function") await after(); // (untimed shutdown)
  }
}
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1]!;
const base = median(times[0]!);
for (const [i, [name]] of cases.entries()) {
  const ms = median(times[i]!);
  console.log(
    `${name}: median ${ms.toFixed(1)} ms, min ${
      Math.min(...times[i]!).toFixed(1)
    } ms, ${(ms / base).toFixed(2)}x the baseline`,
  );
}

Deno.bench("deno run of an empty module", {
  group: "process start -> join",
  baseline: true,
  n: 30,
}, bare);

Deno.bench("Process, spawn (cold): start() -> join()", {
  group: "process start -> join",
  n: 30,
}, () => startJoin(spawn));

Deno.bench("Process, forkserver (spare ready): start() -> join()", {
  group: "process start -> join",
  n: 30,
}, async (b) => {
  await sparesReady();
  b.start();
  await startJoin(forkserver);
  b.end();
});

Deno.bench("ProcessPoolExecutor(2), spawn: new -> first result", {
  group: "ProcessPoolExecutor(2) new -> first result",
  baseline: true,
  n: 20,
}, async (b) => {
  await sparesReady(); // (as below: the machine is as quiet)
  b.start();
  const shutdown = await firstResult(spawn);
  b.end();
  await shutdown();
});

Deno.bench("ProcessPoolExecutor(2), forkserver: new -> first result", {
  group: "ProcessPoolExecutor(2) new -> first result",
  n: 20,
}, async (b) => {
  await sparesReady();
  b.start();
  const shutdown = await firstResult(forkserver);
  b.end();
  await shutdown();
});
