// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread start -> join, cold (a new worker) and warm (a cached worker),
// against raw workers. CPython 3.11 on the same machine: Thread start+join
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
  closeIdleWorkers();
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

globalThis.addEventListener("unload", () => {
  echo?.terminate();
  closeIdleWorkers();
});
