// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread start -> first result (issue 22, part 3): a raw node:worker_threads
// Worker that posts one message, against a new ThreadPoolExecutor's first
// result and a Thread's start -> join. "new worker" rows first end the idle
// cached workers, so each run starts a worker thread (a new isolate that
// loads its modules); the process's first worker, which also reads and
// compiles them, is measured by `deno run bench/thread_start_first.ts`.
// "cached worker" rows reuse a warm idle worker. A "new worker" row times
// new -> first result only (b.start()/b.end()): each ends its worker after
// that and pauses before the next, since a worker started while another is
// torn down starts 10-20 ms later, whichever kind it is.
import { Worker as NodeWorker } from "node:worker_threads";
import { ThreadPoolExecutor } from "@skein/concurrent/futures";
import { registerModule, Thread } from "@skein/concurrent/threading";
import { closeIdleWorkers } from "../_internal/worker_pool.ts";
import { noop } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const ECHO = new URL("./fixtures/echo_worker.ts", import.meta.url);
const NEW = "thread start -> first result, new worker";
const CACHED = "thread start -> first result, cached worker";
const PAUSE_MS = 30;
const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

Deno.bench("raw node:worker_threads Worker: new -> first message", {
  group: NEW,
  baseline: true,
  n: 30,
  warmup: 3,
}, async (b) => {
  await pause();
  b.start();
  const worker = new NodeWorker(ECHO);
  await new Promise((resolve) => worker.once("message", resolve));
  b.end();
  await worker.terminate();
});

Deno.bench("new ThreadPoolExecutor({maxWorkers: 1}) -> submit(noop) result", {
  group: NEW,
  n: 30,
  warmup: 3,
}, async (b) => {
  await pause();
  b.start();
  const executor = new ThreadPoolExecutor({ maxWorkers: 1 });
  await executor.submit(noop);
  b.end();
  await executor.shutdown();
  await closeIdleWorkers();
});

Deno.bench("new Thread({target: noop}): start() -> join()", {
  group: NEW,
  n: 30,
  warmup: 3,
}, async (b) => {
  await pause();
  b.start();
  const thread = new Thread({ target: noop });
  thread.start();
  await thread.join();
  b.end();
  await closeIdleWorkers();
});

let echo: NodeWorker | undefined;

Deno.bench("raw node:worker_threads postMessage round trip", {
  group: CACHED,
  baseline: true,
}, async () => {
  if (echo === undefined) {
    echo = new NodeWorker(ECHO);
    await new Promise((resolve) => echo!.once("message", resolve));
  }
  echo.postMessage(1);
  await new Promise((resolve) => echo!.once("message", resolve));
});

Deno.bench("new ThreadPoolExecutor({maxWorkers: 1}) -> submit(noop) result", {
  group: CACHED,
}, async () => {
  const executor = new ThreadPoolExecutor({ maxWorkers: 1 });
  await executor.submit(noop);
  await executor.shutdown();
});

Deno.bench("new Thread({target: noop}): start() -> join()", {
  group: CACHED,
}, async () => {
  const thread = new Thread({ target: noop });
  thread.start();
  await thread.join();
});

globalThis.addEventListener("unload", () => {
  echo?.terminate();
  closeIdleWorkers();
});
