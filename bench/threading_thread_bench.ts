// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread start -> join, cold (a new worker) and warm (a cached worker),
// one thread and twelve together, against raw workers. CPython 3.11 on the same machine: Thread start+join
// about 66 us (see bench/threading_cpython.py).
import { Worker as NodeWorker } from "node:worker_threads";
import { registerModule, Thread } from "@skein/concurrent/threading";
import { closeIdleWorkers } from "../_internal/worker_pool.ts";
import { noop } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const ECHO = new URL("./fixtures/echo_worker.ts", import.meta.url);

function once(worker: NodeWorker): Promise<unknown> {
  return new Promise((resolve) => worker.once("message", resolve));
}

Deno.bench("raw Web Worker: new -> first message", {
  group: "Thread start -> join, cold",
  baseline: true,
  n: 30,
}, async () => {
  const worker = new Worker(ECHO, { type: "module" });
  await new Promise((resolve) => worker.onmessage = resolve);
  worker.terminate();
});

Deno.bench("raw node:worker_threads Worker: new -> first message", {
  group: "Thread start -> join, cold",
  n: 30,
}, async () => {
  const worker = new NodeWorker(ECHO);
  await once(worker);
  await worker.terminate();
});

Deno.bench("Thread: start() -> join(), new worker", {
  group: "Thread start -> join, cold",
  n: 30,
}, async () => {
  await closeIdleWorkers();
  const thread = new Thread({ target: noop });
  thread.start();
  await thread.join();
});

let echo: NodeWorker | undefined;

Deno.bench("raw node:worker_threads postMessage round trip", {
  group: "Thread start -> join, warm",
  baseline: true,
}, async () => {
  if (echo === undefined) {
    echo = new NodeWorker(ECHO);
    await once(echo);
  }
  echo.postMessage(1);
  await once(echo);
});

Deno.bench("Thread: start() -> join(), cached worker", {
  group: "Thread start -> join, warm",
}, async () => {
  const thread = new Thread({ target: noop });
  thread.start();
  await thread.join();
});

Deno.bench("Thread: start() -> joinSync(), cached worker", {
  group: "Thread start -> join, warm",
}, async () => {
  const thread = new Thread({ target: noop });
  thread.start();
  thread.joinSync();
  await thread.join(); // returns the worker to the cache
});

// Twelve at once: each cold sample starts from an empty cache, and ends the
// workers (as the raw baselines do) before the next.
const BURST = 12;

Deno.bench(`raw Web Worker x ${BURST}: new -> first message`, {
  group: `${BURST} threads start -> join, cold`,
  baseline: true,
  n: 5,
  warmup: 1,
}, async () => {
  const workers = Array.from(
    { length: BURST },
    () => new Worker(ECHO, { type: "module" }),
  );
  await Promise.all(
    workers.map((worker) =>
      new Promise((resolve) => worker.onmessage = resolve)
    ),
  );
  for (const worker of workers) worker.terminate();
});

Deno.bench(`raw node:worker_threads Worker x ${BURST}: new -> first message`, {
  group: `${BURST} threads start -> join, cold`,
  n: 5,
  warmup: 1,
}, async () => {
  const workers = Array.from({ length: BURST }, () => new NodeWorker(ECHO));
  await Promise.all(workers.map(once));
  await Promise.all(workers.map((worker) => worker.terminate()));
});

Deno.bench(`Thread x ${BURST}: start() -> join(), new workers`, {
  group: `${BURST} threads start -> join, cold`,
  n: 5,
  warmup: 1,
}, async () => {
  await closeIdleWorkers();
  const threads = Array.from(
    { length: BURST },
    () => new Thread({ target: noop }),
  );
  for (const thread of threads) thread.start();
  for (const thread of threads) await thread.join();
  await closeIdleWorkers();
});

let echoes: NodeWorker[] = [];

Deno.bench(`raw node:worker_threads round trip x ${BURST}, together`, {
  group: `${BURST} threads start -> join, warm`,
  baseline: true,
}, async () => {
  if (echoes.length === 0) {
    echoes = Array.from({ length: BURST }, () => new NodeWorker(ECHO));
    await Promise.all(echoes.map(once));
  }
  const replies = Promise.all(echoes.map(once));
  for (const worker of echoes) worker.postMessage(1);
  await replies;
});

Deno.bench(`Thread x ${BURST}: start() -> join(), cached workers`, {
  group: `${BURST} threads start -> join, warm`,
}, async () => {
  const threads = Array.from(
    { length: BURST },
    () => new Thread({ target: noop }),
  );
  for (const thread of threads) thread.start();
  for (const thread of threads) await thread.join();
});

globalThis.addEventListener("unload", () => {
  echo?.terminate();
  for (const worker of echoes) worker.terminate();
  closeIdleWorkers();
});
