// Copyright 2026 the @skein/concurrent authors. MIT license.
import { Queue } from "./queue.ts";
import { registerQueueClass } from "./_classes.ts";
import { PRIORITY } from "./_layout.ts";

/**
 * A queue shared by threads that returns its smallest item first, as
 * Python's `queue.PriorityQueue` (a heap): the {@linkcode Queue} API.
 *
 * Items order as Python orders them with `<`: numbers, bigints and
 * booleans by value, strings by code point, Dates by time, and arrays as
 * Python's tuples, element by element, so `[priority, data]` entries work
 * as in Python, and `data` is compared only when priorities are equal.
 * Instances of a class with an {@linkcode orderKey} method order by the key
 * it returns (Python's `@dataclass(order=True)` with `field(compare=False)`
 * for the rest). An
 * item that cannot be ordered against an item it meets on the way into the
 * heap (a string against a number, two plain objects) makes `put` throw a
 * `TypeError`, as Python's, and leaves the queue unchanged.
 *
 * Equal items come out in the order they were put. Python does not
 * guarantee this (its heap is not stable; its documentation suggests a
 * counter in each entry); here it is guaranteed.
 *
 * @example Smallest first, ties in insertion order
 * ```ts
 * import { PriorityQueue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, "write"]);
 * q.putNowait([1, "read"]);
 * q.putNowait([2, "close"]);
 * assert.deepEqual(q.getNowait(), [1, "read"]);
 * assert.deepEqual(q.getNowait(), [2, "close"]);
 * assert.deepEqual(q.getNowait(), [2, "write"]);
 * assert.throws(() => {
 *   q.putNowait([1, "a"]);
 *   q.putNowait("b" as unknown as [number, string]);
 * }, TypeError);
 * assert.equal(q.qsize(), 1);
 * ```
 *
 * @typeParam T The type of the items.
 */
export class PriorityQueue<T = unknown> extends Queue<T> {}

registerQueueClass("queue.PriorityQueue", PriorityQueue, PRIORITY);
