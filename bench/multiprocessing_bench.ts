// Copyright 2026 the @skein/concurrent authors. MIT license.
// Processes against their platform baseline: Process start -> join against
// `deno run` of an empty module. CPython 3.11 (spawn) on the same machine:
// bench/multiprocessing_cpython.py.
import { Process } from "@skein/concurrent/multiprocessing";
import { fib, identity, noop } from "./fixtures/targets.ts";
import { ProcessPoolExecutor } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const empty = new URL("./fixtures/empty.ts", import.meta.url).pathname;

Deno.bench("deno run of an empty module", {
  group: "process start -> exit",
  baseline: true,
  n: 20,
}, async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", empty],
    stdin: "null",
  }).spawn();
  await child.status;
});

Deno.bench("Process: start() -> join()", {
  group: "process start -> exit",
  n: 20,
}, async () => {
  const p = new Process({ target: noop });
  p.start();
  await p.join();
});

const SUBMITS = 5_000;

Deno.bench(`ProcessPoolExecutor(2): new pool, ${SUBMITS} no-op submits`, {
  group: "process pool",
  baseline: true,
  n: 5,
}, async () => {
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  const futures = [];
  for (let i = 0; i < SUBMITS; i++) futures.push(pool.submit(identity, i));
  await Promise.all(futures);
});

Deno.bench("ProcessPoolExecutor(2): new pool -> first result", {
  group: "process pool",
  n: 10,
}, async () => {
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  await pool.submit(identity, 1);
});

Deno.bench("serial: 8 x fib(32)", {
  group: "8 x fib(32) on 2 cores",
  baseline: true,
  n: 3,
}, () => {
  for (let i = 0; i < 8; i++) fib(32);
});

// Started and warmed before the measurement: the speedup of the work
// itself, apart from the start of the pool (measured above).
const warm = new ProcessPoolExecutor({ maxWorkers: 2 });
await Promise.all([0, 1, 2, 3].map(() => warm.submit(fib, 25)));

Deno.bench("ProcessPoolExecutor(2), started: 8 x fib(32)", {
  group: "8 x fib(32) on 2 cores",
  n: 5,
}, async () => {
  await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => warm.submit(fib, 32)));
});

globalThis.addEventListener("unload", () => warm.killWorkers());
