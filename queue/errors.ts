// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerErrorClass } from "../_internal/errors_registry.ts";

/**
 * Raised by a non-blocking `get` (or one whose `timeout` passed) on an empty
 * queue, as Python's `queue.Empty`.
 *
 * @example Getting from an empty queue without waiting
 * ```ts
 * import { Empty, Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => new Queue().getNowait(), Empty);
 * ```
 */
export class Empty extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "Empty";
  }
}

/**
 * Raised by a non-blocking `put` (or one whose `timeout` passed) on a full
 * queue, as Python's `queue.Full`.
 *
 * @example Putting into a full queue without waiting
 * ```ts
 * import { Full, Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue(1);
 * q.putNowait("a");
 * assert.throws(() => q.putNowait("b"), Full);
 * ```
 */
export class Full extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "Full";
  }
}

/**
 * Raised by `put` on a queue that was shut down, and by `get` on one that
 * was shut down and is empty, as Python 3.13's `queue.ShutDown`.
 *
 * @example After shutdown
 * ```ts
 * import { Queue, ShutDown } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue();
 * q.putNowait(1);
 * q.shutdown();
 * assert.throws(() => q.putNowait(2), ShutDown);
 * assert.equal(q.getNowait(), 1);
 * assert.throws(() => q.getNowait(), ShutDown);
 * ```
 */
export class ShutDown extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShutDown";
  }
}

registerErrorClass(Empty);
registerErrorClass(Full);
registerErrorClass(ShutDown);
