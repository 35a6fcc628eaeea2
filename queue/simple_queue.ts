// Copyright 2026 the @skein/concurrent authors. MIT license.
import { blockOptions } from "../_internal/keywords.ts";
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { type GetOptions, SharedQueue } from "./_shared_queue.ts";
import { FIFO } from "./_layout.ts";
import { adopted, registerQueueClass } from "./_classes.ts";

const TAG = "queue.SimpleQueue";

/**
 * An unbounded first-in, first-out queue shared by threads, as Python's
 * `queue.SimpleQueue`: no `maxsize`, so `put` never waits, and no
 * `taskDone`, `join` or `shutdown`. Passed to a thread, it is the same
 * queue there.
 *
 * @example Usage
 * ```ts
 * import { SimpleQueue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new SimpleQueue<string>();
 * q.putNowait("a");
 * await q.put("b");
 * assert.equal(q.qsize(), 2);
 * assert.equal(q.getSync(), "a");
 * assert.equal(await q.get({ timeout: 1 }), "b");
 * assert.equal(q.empty(), true);
 * ```
 *
 * @typeParam T The type of the items.
 */
export class SimpleQueue<T = unknown> {
  #core: SharedQueue;

  /** Makes an empty queue. */
  constructor() {
    this.#core = adopted() ?? new SharedQueue(FIFO, 0);
  }

  /**
   * The number of items in the queue now.
   *
   * @returns The item count.
   */
  qsize(): number {
    return this.#core.qsize();
  }

  /**
   * Whether the queue is empty now.
   *
   * @returns `true` when it holds no item.
   */
  empty(): boolean {
    return this.#core.qsize() === 0;
  }

  /**
   * Puts an item; it never waits (Python's `block` and `timeout` are
   * accepted and ignored, so the promise is settled at once).
   *
   * @param item The item, copied through the wire codec.
   * @param _options Ignored, as in Python.
   * @throws {TypeError} If the item cannot cross to another thread.
   */
  put(
    item: T,
    _options: { block?: boolean; timeout?: number | null } = {},
  ): Promise<void> {
    try {
      this.#core.putSync("put item", item, { block: false });
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Puts an item; it never blocks.
   *
   * @param item The item.
   * @param _options Ignored, as in Python.
   */
  putSync(
    item: T,
    _options: { block?: boolean; timeout?: number | null } = {},
  ): void {
    this.#core.putSync("put item", item, { block: false });
  }

  /**
   * Puts an item: the same as `putSync(item)`.
   *
   * @param item The item.
   */
  putNowait(item: T): void {
    this.#core.putSync("put item", item, { block: false });
  }

  /**
   * Takes the next item, waiting without blocking the thread while the
   * queue is empty.
   *
   * @param block Whether to wait while the queue is empty (Python's
   * positional `block`), or the options: `block`, `timeout` in seconds, and
   * a `signal`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns The item.
   * @throws {Empty} If the queue stays empty.
   */
  async get(
    block?: boolean | GetOptions,
    timeout?: number | null,
  ): Promise<T> {
    return await this.#core.get(
      "get item",
      blockOptions("get item", block, timeout),
    ) as T;
  }

  /**
   * Takes the next item, blocking the thread while the queue is empty.
   *
   * @param block Whether to wait while the queue is empty (Python's
   * positional `block`), or the options: `block` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns The item.
   * @throws {Empty} If the queue stays empty.
   */
  getSync(
    block?: boolean | Omit<GetOptions, "signal">,
    timeout?: number | null,
  ): T {
    return this.#core.getSync(
      "get item",
      blockOptions("get item", block, timeout),
    ) as T;
  }

  /**
   * Takes the next item if there is one.
   *
   * @returns The item.
   * @throws {Empty} If the queue is empty.
   */
  getNowait(): T {
    return this.#core.getSync("get item", { block: false }) as T;
  }

  /**
   * The shared state that makes the queue cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return { tag: TAG, buffers: this.#core.buffers };
  }
}

registerQueueClass(TAG, SimpleQueue, FIFO);
