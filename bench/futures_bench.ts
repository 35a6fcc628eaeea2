// Copyright 2026 the @skein/concurrent authors. MIT license.
// ThreadPoolExecutor against a raw 2-worker postMessage round-robin, and
// the pools people use today (npm:piscina, npm:tinypool). CPython's
// ThreadPoolExecutor on the same machine: bench/futures_cpython.py.
import { Worker as NodeWorker } from "node:worker_threads";
import { Piscina } from "npm:piscina@5.1.3";
import { Tinypool } from "npm:tinypool@1.1.1";
import { ThreadPoolExecutor, wait } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { closeIdleWorkers } from "../_internal/worker_pool.ts";
import { fib, identity } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const PEER = new URL("./fixtures/peer_worker.mjs", import.meta.url).href;
const ECHO = new URL("./fixtures/echo_worker.ts", import.meta.url);
const TASKS = 20_000;

// Long-lived pools, warmed by their first iteration.
const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
const piscina = new Piscina({ filename: PEER, minThreads: 2, maxThreads: 2 });
const tinypool = new Tinypool({ filename: PEER, minThreads: 2, maxThreads: 2 });
let echoes: NodeWorker[] | undefined;

Deno.bench(`raw 2-worker postMessage round-robin x ${TASKS}`, {
  group: `${TASKS} no-op tasks, 2 workers`,
  baseline: true,
  n: 30,
  warmup: 5,
}, async () => {
  if (echoes === undefined) {
    echoes = [new NodeWorker(ECHO), new NodeWorker(ECHO)];
    await Promise.all( // each says "up" first
      echoes.map((w) => new Promise((resolve) => w.once("message", resolve))),
    );
  }
  let left = TASKS;
  const done = Promise.withResolvers<void>();
  const onMessage = (): void => {
    if (--left === 0) done.resolve();
  };
  for (const worker of echoes) worker.on("message", onMessage);
  for (let i = 0; i < TASKS; i++) echoes[i % 2]!.postMessage(i);
  await done.promise;
  for (const worker of echoes) worker.off("message", onMessage);
});

Deno.bench(`ThreadPoolExecutor.submit x ${TASKS}`, {
  group: `${TASKS} no-op tasks, 2 workers`,
  n: 30,
  warmup: 5,
}, async () => {
  const futures = [];
  for (let i = 0; i < TASKS; i++) futures.push(pool.submit(identity, i));
  await wait(futures);
});

Deno.bench(`npm:piscina run x ${TASKS}`, {
  group: `${TASKS} no-op tasks, 2 workers`,
  n: 30,
  warmup: 5,
}, async () => {
  const runs = [];
  for (let i = 0; i < TASKS; i++) runs.push(piscina.run({ op: "id", x: i }));
  await Promise.all(runs);
});

Deno.bench(`npm:tinypool run x ${TASKS}`, {
  group: `${TASKS} no-op tasks, 2 workers`,
  n: 30,
  warmup: 5,
}, async () => {
  const runs = [];
  for (let i = 0; i < TASKS; i++) runs.push(tinypool.run({ op: "id", x: i }));
  await Promise.all(runs);
});

Deno.bench("serial: 8 x fib(32) on this thread", {
  group: "8 x fib(32), 2 workers",
  baseline: true,
  n: 3,
}, () => {
  for (let i = 0; i < 8; i++) fib(32);
});

Deno.bench("ThreadPoolExecutor: 8 x fib(32)", {
  group: "8 x fib(32), 2 workers",
  n: 3,
}, async () => {
  await Promise.all(Array.from({ length: 8 }, () => pool.submit(fib, 32)));
});

Deno.bench("npm:piscina: 8 x fib(32)", {
  group: "8 x fib(32), 2 workers",
  n: 3,
}, async () => {
  await Promise.all(
    Array.from({ length: 8 }, () => piscina.run({ op: "fib", x: 32 })),
  );
});

Deno.bench("raw Web Worker: new -> first message", {
  group: "start to first result",
  baseline: true,
  n: 20,
}, async () => {
  const worker = new Worker(ECHO, { type: "module" });
  await new Promise((resolve) => worker.onmessage = resolve); // its "up"
  worker.terminate();
});

Deno.bench("new ThreadPoolExecutor -> first result (cold worker)", {
  group: "start to first result",
  n: 20,
}, async () => {
  closeIdleWorkers();
  const executor = new ThreadPoolExecutor({ maxWorkers: 1 });
  await executor.submit(identity, 1);
  await executor.shutdown();
});

Deno.bench("npm:piscina -> first result", {
  group: "start to first result",
  n: 20,
}, async () => {
  const p = new Piscina({ filename: PEER, minThreads: 1, maxThreads: 1 });
  await p.run({ op: "id", x: 1 });
  await p.destroy();
});

const ITEMS = Array.from({ length: 100_000 }, (_, i) => i);

Deno.bench("map of 100,000 items, chunksize 1", {
  group: "map 100,000 tiny items",
  baseline: true,
  n: 3,
}, async () => {
  for await (const _ of pool.map(identity, ITEMS)) { /* drain */ }
});

Deno.bench("map of 100,000 items, chunksize 1000", {
  group: "map 100,000 tiny items",
  n: 3,
}, async () => {
  for await (const _ of pool.map(identity, ITEMS, { chunksize: 1000 })) {
    /* drain */
  }
});

globalThis.addEventListener("unload", () => {
  for (const worker of echoes ?? []) worker.terminate();
  piscina.destroy();
  tinypool.destroy();
  pool.shutdown({ wait: false });
  closeIdleWorkers();
});
