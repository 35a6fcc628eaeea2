// Copyright 2026 the @skein/concurrent authors. MIT license.
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { describe } from "../_internal/describe.ts";
import {
  blockOptions,
  checkOptionKeys,
  positionalOrKeyword,
} from "../_internal/keywords.ts";
import { ValueError } from "../errors.ts";
import {
  type GetOptions,
  type PutOptions,
  SharedQueue,
} from "./_shared_queue.ts";
import { ShutDown } from "./errors.ts";
import { FIFO } from "./_layout.ts";
import { adopted, orderOf, registerQueueClass, tagOf } from "./_classes.ts";

/** Options of {@linkcode Queue.prototype.shutdown}. */
export interface ShutdownOptions {
  /**
   * Also drop the items still queued (counting each as a task done), so
   * `get` throws {@linkcode ShutDown} at once and `join` returns.
   *
   * @default {false}
   */
  immediate?: boolean;
}

/** Options of {@linkcode Queue.prototype.join}. */
export interface JoinOptions {
  /** Stops waiting and rejects with the reason. */
  signal?: AbortSignal;
}

/**
 * Python's `Queue(maxsize=...)` by keyword: `new Queue({ maxsize: 10 })` is
 * `new Queue(10)`; the same for `LifoQueue` and `PriorityQueue`.
 */
export interface QueueOptions {
  /**
   * The most items the queue holds; zero or less for no limit.
   *
   * @default {0}
   */
  maxsize?: number;
}

/**
 * A first-in, first-out queue shared by threads, as Python's
 * `queue.Queue`. Its items and state live in SharedArrayBuffers: passed to
 * a thread or a pool task (as an argument, inside an object, or inside
 * another queue's item), it is the same queue there, and every method works
 * on every side. Items cross as copies through the package's wire codec
 * (plain data, Maps, Sets, Dates, typed arrays, errors; shareable
 * primitives and functions as themselves); int32 numbers skip the codec.
 *
 * Each blocking method has an async form that waits without blocking the
 * thread (`put`, `get`, `join`, which take an `AbortSignal`) and a sync form
 * that blocks it (`putSync`, `getSync`, `joinSync`), as Python's do.
 *
 * Storage grows with the contents and is reused once they drain: an int32
 * item takes 8 bytes, any other its encoded bytes plus 8. One queue holds
 * at most 1 GiB of encoded items, which is also the largest item; a put
 * past it throws a `ValueError` and leaves the queue unchanged.
 *
 * @example Producer and consumer
 * ```ts
 * import { Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue<string>(2);
 * q.putNowait("a");
 * await q.put("b");
 * assert.equal(q.full(), true);
 * assert.equal(q.getSync(), "a");
 * assert.equal(await q.get(), "b");
 * assert.equal(q.empty(), true);
 * ```
 *
 * @example Waiting for every task with join()
 * ```ts
 * import { Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue<number>();
 * for (let i = 0; i < 3; i++) q.putNowait(i);
 * const seen: number[] = [];
 * (async () => {
 *   for await (const item of q) {
 *     seen.push(item);
 *     q.taskDone();
 *   }
 * })();
 * await q.join();
 * q.shutdown(); // ends the for await loop
 * assert.deepEqual(seen, [0, 1, 2]);
 * ```
 *
 * @example Python's keyword: `Queue(maxsize=1)`
 * ```ts
 * import { Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue<string>({ maxsize: 1 });
 * q.putNowait("a");
 * assert.equal(q.full(), true);
 * ```
 *
 * @typeParam T The type of the items.
 */
export class Queue<T = unknown> {
  #core: SharedQueue;

  /**
   * Makes a queue.
   *
   * @param maxsize The most items it holds: `put` waits while it is full.
   * Zero or less means no limit. By position or, as Python's keyword, in
   * an options object (`{ maxsize: 10 }`).
   */
  constructor(maxsize: number | QueueOptions = 0) {
    const core = adopted();
    if (core !== undefined) {
      this.#core = core;
      return;
    }
    const what = `create ${new.target.name}`;
    maxsize = (positionalOrKeyword(what, "maxsize", maxsize, undefined)
      .value ?? 0) as number;
    checkMaxsize(what, maxsize);
    this.#core = new SharedQueue(orderOf(new.target) ?? FIFO, maxsize);
  }

  /**
   * The most items the queue holds; zero or less for no limit. Setting it
   * changes the bound for every thread, as assigning Python's attribute
   * does (waiting `put`s see the new bound when they next wake).
   */
  get maxsize(): number {
    return this.#core.maxsize;
  }

  set maxsize(maxsize: number) {
    checkMaxsize("set maxsize", maxsize);
    this.#core.maxsize = maxsize;
  }

  /**
   * Whether {@linkcode Queue.prototype.shutdown} was called, in any thread
   * (Python's `is_shutdown`).
   */
  get isShutdown(): boolean {
    return this.#core.isShutdown();
  }

  /**
   * The number of items in the queue now; another thread may change it at
   * any moment, as in Python.
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
   * Whether the queue is full now.
   *
   * @returns `true` when it holds `maxsize` items.
   */
  full(): boolean {
    return this.#core.full();
  }

  /**
   * Puts an item, waiting without blocking the thread while the queue is
   * full.
   *
   * @param item The item, copied through the wire codec.
   * @param block Whether to wait while the queue is full (Python's
   * positional `block`), or the options: `block`, `timeout` in seconds, and
   * a `signal`.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @throws {Full} If the queue stays full (or is full and `block` is
   * false).
   * @throws {ShutDown} If the queue is shut down, also while waiting.
   * @throws {TypeError} If the item cannot cross to another thread,
   * naming the part that cannot, or (for a PriorityQueue) cannot be ordered
   * against the items queued.
   */
  put(
    item: T,
    block?: boolean | PutOptions,
    timeout?: number | null,
  ): Promise<void> {
    let options;
    try {
      options = blockOptions("put item", block, timeout);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#core.put("put item", item, options);
  }

  /**
   * Puts an item, blocking the thread while the queue is full (on the main
   * thread, its event loop too).
   *
   * @param item The item.
   * @param block Whether to wait while the queue is full (Python's
   * positional `block`), or the options: `block` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @throws {Full} If the queue stays full.
   * @throws {ShutDown} If the queue is shut down.
   */
  putSync(
    item: T,
    block?: boolean | Omit<PutOptions, "signal">,
    timeout?: number | null,
  ): void {
    this.#core.putSync(
      "put item",
      item,
      blockOptions("put item", block, timeout),
    );
  }

  /**
   * Puts an item if there is room at once: `putSync(item, { block: false })`.
   *
   * @param item The item.
   * @throws {Full} If the queue is full.
   * @throws {ShutDown} If the queue is shut down.
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
   * @throws {ShutDown} If the queue is shut down and empty, also while
   * waiting.
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
   * An item holding a function or a shareable whose module this thread has
   * not loaded yet cannot be decoded without waiting: `getSync` then throws
   * a `TypeError` and leaves it queued (`get()` loads the module).
   *
   * @param block Whether to wait while the queue is empty (Python's
   * positional `block`), or the options: `block` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns The item.
   * @throws {Empty} If the queue stays empty.
   * @throws {ShutDown} If the queue is shut down and empty.
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
   * Takes the next item if there is one: `getSync({ block: false })`.
   *
   * @returns The item.
   * @throws {Empty} If the queue is empty.
   * @throws {ShutDown} If the queue is shut down and empty.
   */
  getNowait(): T {
    return this.#core.getSync("get item", { block: false }) as T;
  }

  /**
   * Marks one item taken with `get` as processed, for `join`. The count of
   * unfinished tasks is an int32: more than 2^31 - 1 items put and never
   * marked done wrap it (Python's is unbounded).
   *
   * @throws {ValueError} If called more times than items were put.
   */
  taskDone(): void {
    this.#core.taskDone();
  }

  /**
   * Waits without blocking the thread until every item put has been
   * marked done with `taskDone`.
   *
   * @param options A `signal`.
   */
  join(options: JoinOptions = {}): Promise<void> {
    try {
      checkOptionKeys("join queue", options, ["signal"]);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#core.join(options.signal);
  }

  /** Blocks the thread until every item put has been marked done. */
  joinSync(): void {
    this.#core.joinSync();
  }

  /**
   * Shuts the queue down, as Python 3.13's: `put` throws
   * {@linkcode ShutDown} from now on, in every thread; `get` returns the
   * items left, then throws it. Waiting `put`s and `get`s wake up to throw.
   * With `immediate`, the items left are dropped too, counted as done.
   *
   * @param options `immediate`.
   */
  shutdown(options: ShutdownOptions = {}): void {
    checkOptionKeys("shut down queue", options, ["immediate"]);
    const { immediate = false } = options;
    if (typeof immediate !== "boolean") {
      throw new TypeError(
        `Cannot shut down queue as 'immediate' must be a boolean: received ${
          describe(immediate)
        }`,
      );
    }
    this.#core.shutdown(immediate);
  }

  /**
   * Takes items with `get()` until the queue is shut down and empty.
   * It does not call `taskDone`.
   *
   * @returns An async iterator of the items.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      let item: T;
      try {
        item = await this.get();
      } catch (error) {
        if (error instanceof ShutDown) return;
        throw error;
      }
      yield item;
    }
  }

  /**
   * The shared state that makes the queue cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return {
      tag: tagOf(this.constructor) ?? "queue.Queue",
      buffers: this.#core.buffers,
    };
  }
}

registerQueueClass("queue.Queue", Queue, FIFO);

function checkMaxsize(what: string, maxsize: unknown): void {
  if (typeof maxsize !== "number") {
    throw new TypeError(
      `Cannot ${what} as 'maxsize' must be an integer: received ${
        describe(maxsize)
      }`,
    );
  }
  if (!Number.isInteger(maxsize) && Math.abs(maxsize) !== Infinity) {
    throw new ValueError(
      `Cannot ${what} as 'maxsize' must be an integer: current value is ${maxsize}`,
    );
  }
}
