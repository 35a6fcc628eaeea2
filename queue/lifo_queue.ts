// Copyright 2026 the @skein/concurrent authors. MIT license.
import { Queue } from "./queue.ts";
import { registerQueueClass } from "./_classes.ts";
import { LIFO } from "./_layout.ts";

/**
 * A last-in, first-out queue (a stack) shared by threads, as Python's
 * `queue.LifoQueue`: the {@linkcode Queue} API, with `get` taking the item
 * put last.
 *
 * @example Last in, first out
 * ```ts
 * import { LifoQueue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new LifoQueue<number>();
 * for (const n of [1, 2, 3]) q.putNowait(n);
 * assert.deepEqual([q.getNowait(), q.getNowait(), q.getNowait()], [3, 2, 1]);
 * ```
 *
 * @typeParam T The type of the items.
 */
export class LifoQueue<T = unknown> extends Queue<T> {}

registerQueueClass("queue.LifoQueue", LifoQueue, LIFO);
