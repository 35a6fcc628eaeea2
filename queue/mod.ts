// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `queue` module: synchronized queues shared by the main thread,
 * any number of `threading` threads and `futures` pool tasks. A queue lives
 * in SharedArrayBuffers, so passing it to a thread (as an argument, inside
 * an object, or inside another queue's item) gives that thread the same
 * queue; its blocking methods come in an async form (`put`, `get`, `join`)
 * and a sync form that blocks the thread (`putSync`, `getSync`,
 * `joinSync`).
 *
 * | Python | here |
 * | --- | --- |
 * | `Queue(maxsize)`, `LifoQueue`, `PriorityQueue`, `SimpleQueue` | {@linkcode Queue}, {@linkcode LifoQueue}, {@linkcode PriorityQueue}, {@linkcode SimpleQueue} |
 * | `q.put(item, block, timeout)` | `await q.put(item, { block, timeout })`, `q.putSync(...)` |
 * | `q.get(block, timeout)` | `await q.get({ block, timeout })`, `q.getSync(...)` |
 * | `q.put_nowait(x)`, `q.get_nowait()` | `q.putNowait(x)`, `q.getNowait()` |
 * | `q.task_done()`, `q.join()` | `q.taskDone()`, `await q.join()`, `q.joinSync()` |
 * | `q.shutdown(immediate=True)` | `q.shutdown({ immediate: true })` |
 * | `queue.Empty`, `queue.Full`, `queue.ShutDown` | {@linkcode Empty}, {@linkcode Full}, {@linkcode ShutDown} |
 *
 * Beyond Python: `for await (const item of q)` takes items until the queue
 * is shut down, and `get`, `put` and `join` take an `AbortSignal`.
 *
 * Python's `None` timeout is `null` (or the option left out), and
 * `Queue(maxsize=10)` by keyword is `new Queue({ maxsize: 10 })`.
 *
 * Deviations: items are copies
 * made by the wire codec, not the same objects (as between Python
 * processes); a subclass cannot override `_put`/`_get` to change the
 * order, and crosses to another thread as its base class. A
 * SharedArrayBuffer inside an item (also a shareable's) travels through
 * Deno's internal serializer, and stays in Deno's store if the item is
 * never taken.
 *
 * @example A worker thread consumes what the main thread produces
 * ```ts
 * import { Queue } from "@skein/concurrent/queue";
 * import { Thread } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const tasks = new Queue<number>(10);
 * const results = new Queue<number>();
 * const worker = new Thread({
 *   target: (tasks: Queue<number>, results: Queue<number>) => {
 *     let total = 0;
 *     for (;;) {
 *       const n = tasks.getSync();
 *       if (n < 0) break;
 *       total += n;
 *     }
 *     results.putSync(total);
 *   },
 *   args: [tasks, results],
 * });
 * worker.start();
 * for (let i = 1; i <= 100; i++) await tasks.put(i);
 * await tasks.put(-1);
 * assert.equal(await results.get(), 5050);
 * await worker.join();
 * ```
 *
 * @module
 */
export * from "./queue.ts";
export * from "./lifo_queue.ts";
export * from "./order_key.ts";
export * from "./priority_queue.ts";
export * from "./simple_queue.ts";
export * from "./errors.ts";
export type { GetOptions, PutOptions } from "./_shared_queue.ts";
