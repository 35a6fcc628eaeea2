// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a thread's `heapMb`. Deno 2.9.6 ends a worker that
// reaches its heap limit (ERR_WORKER_OUT_OF_MEMORY) only when the limit is
// reached in a macrotask (a timer's or an event's callback); reached in a
// microtask (after an `await`), the termination is swallowed: the call
// never ends, V8's heap limit is raised (by Deno's near-heap-limit
// callback) and the worker goes on. So in a heap-limited worker
// - a task's function is called from a timer callback: its synchronous
//   part, where a task usually allocates, is then reported at once;
// - a timer looks every 100 ms whether V8's heap limit has grown, and if
//   so tells the parent, which ends the worker with the breach.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { getHeapStatistics } from "node:v8";
import type { HeapLimitNotice } from "./worker_protocol.ts";

/** Whether this worker thread runs under a heap limit. */
export const HEAP_LIMITED = !isMainThread &&
  (workerData as { heapLimited?: unknown } | null)?.heapLimited === true;

if (HEAP_LIMITED) {
  const limit = getHeapStatistics().heap_size_limit;
  const timer = setInterval(() => {
    if (getHeapStatistics().heap_size_limit <= limit) return;
    clearInterval(timer);
    parentPort!.postMessage(
      { id: 0, heapLimitReached: true } satisfies HeapLimitNotice,
    );
  }, 100);
  Deno.unrefTimer(timer);
}

/**
 * Calls `fn`: at once, or in a heap-limited worker from a timer callback.
 */
export function callForHeapLimit<T>(fn: () => T): T | Promise<Awaited<T>> {
  if (!HEAP_LIMITED) return fn();
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(fn() as Awaited<T>);
      } catch (error) {
        reject(error);
      }
    }, 0);
  });
}
