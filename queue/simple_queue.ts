// Copyright 2026 the @skein/concurrent authors. MIT license.
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
   * @param options `block`, `timeout` in seconds, and a `signal`.
   * @returns The item.
   * @throws {Empty} If the queue stays empty.
   */
  async get(options: GetOptions = {}): Promise<T> {
    return await this.#core.get("get item", options) as T;
  }

  /**
   * Takes the next item, blocking the thread while the queue is empty.
   *
   * @param options `block` and `timeout` in seconds.
   * @returns The item.
   * @throws {Empty} If the queue stays empty.
   */
  getSync(options: Omit<GetOptions, "signal"> = {}): T {
    return this.#core.getSync("get item", options) as T;
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
