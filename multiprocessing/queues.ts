// Copyright 2026 the @skein/concurrent authors. MIT license.
import { describe } from "../_internal/describe.ts";
import { encodeBytes } from "../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../_internal/wire_decode.ts";
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import {
  deliver,
  type LinkMessage,
  onEndsGone,
  openEnd,
} from "../_internal/process_links.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import type { GetOptions, PutOptions, QueueOptions } from "../queue/mod.ts";
import { blockOptions, positionalOrKeyword } from "../_internal/keywords.ts";
import { SharedQueue } from "../queue/_shared_queue.ts";
import { FIFO } from "../queue/_layout.ts";
import type { Connection } from "./connection/connection.ts";
import { feedPair } from "./connection/_feed.ts";
import { feedsOverSharedMemory } from "./connection/_pipe_transport.ts";

type Kind = "queue" | "joinable" | "simple";

interface QueueData {
  readonly id: string;
  readonly maxsize: number;
  readonly kind: Kind;
  /**
   * In a child with FFI (not a daemon) of the owning process, where its
   * puts go: the sending end of a pipe over shared memory that the owner
   * reads for as long as the child lives.
   */
  readonly feed?: Connection | undefined;
}

const TAGS: Record<Kind, string> = {
  queue: "multiprocessing.Queue",
  joinable: "multiprocessing.JoinableQueue",
  simple: "multiprocessing.SimpleQueue",
};

// An unbounded queue's puts from other processes go to an end of their
// own, as the item's record itself: no request to wrap and unwrap, and no
// answer. They travel on the same channels as the requests, in order.
const PUTS = "#puts";
// What the errors of the shared queue say is being done.
const PUT = "put item";
const GET = "get item";

// The answers to this process's requests, on one end of its own.
let replyEnd: string | undefined;
const waiting = new Map<
  number,
  { resolve(value: unknown): void; reject(error: unknown): void }
>();
let requests = 0;

function answers(): string {
  if (replyEnd === undefined) {
    replyEnd = crypto.randomUUID();
    openEnd(replyEnd, (message) => {
      if (message === null) return;
      const [id, ok, value] = decodeBytes(message) as [
        number,
        boolean,
        unknown,
      ];
      const request = waiting.get(id);
      waiting.delete(id);
      if (ok) request?.resolve(value);
      else request?.reject(value);
    });
  }
  return replyEnd;
}

async function request(
  queue: string,
  op: string,
  args: unknown[],
): Promise<unknown> {
  const id = requests++;
  const answer = new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
  });
  const reply = answers();
  deliver(
    queue,
    encodeBytes([op, id, reply, ...args], "request", true).slice(),
    reply,
  );
  return await answer;
}

// Blocking operations served for an end, cancelled if its process exits.
const serving = new Map<string, Set<AbortController>>();
onEndsGone((ids) => {
  for (const id of ids) {
    for (const controller of serving.get(id) ?? []) controller.abort();
    serving.delete(id);
  }
});

/**
 * A queue between processes, as Python's `multiprocessing.Queue`: the
 * process that makes it holds the items (in a `queue.Queue`, so its
 * threads share it too); passed to a child process (as an argument, also
 * to a pool's call), it reaches that queue from there, through the
 * parent. Items are copies made by the wire codec; each is received
 * exactly once.
 *
 * Every method returns a promise, also `qsize`, `empty` and `full`: in a
 * child they ask the owning process. `Empty`, `Full` and the timeouts are
 * the `queue` module's.
 *
 * @example A child puts, the parent gets
 * ```ts
 * import { Process, Queue } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue<string>();
 * const p = new Process({
 *   target: async (q: Queue<string>) => {
 *     await q.put("hello from a child");
 *   },
 *   args: [q],
 * });
 * p.start();
 * assert.equal(await q.get({ timeout: 30 }), "hello from a child");
 * await p.join();
 * ```
 *
 * @typeParam T The type of the items.
 */
export class Queue<T = unknown> {
  #data: QueueData;
  // In the process that made the queue, its items: records of the wire
  // codec in process form, put as they came and decoded by get().
  #local: SharedQueue | undefined;
  #closed = false;

  /**
   * Makes a queue held by this process.
   *
   * @param maxsize The most items; zero or less for no limit. By position
   * or, as Python's keyword, in an options object (`{ maxsize: 10 }`).
   */
  constructor(maxsize: number | QueueOptions = 0) {
    maxsize = (positionalOrKeyword(
      `create ${new.target.name}`,
      "maxsize",
      maxsize,
      undefined,
    ).value ?? 0) as number;
    this.#data = adopting ?? {
      id: crypto.randomUUID(),
      maxsize,
      kind: kindOf(new.target),
    };
    if (adopting === undefined) {
      this.#local = new SharedQueue(FIFO, maxsize);
      serve(this.#data.id, this.#local);
    }
  }

  /**
   * The number of items now.
   *
   * @returns The count.
   */
  async qsize(): Promise<number> {
    return this.#local?.qsize() ?? await this.#ask("qsize") as number;
  }

  /**
   * Whether the queue is empty now.
   *
   * @returns `true` when it holds no item.
   */
  async empty(): Promise<boolean> {
    return await this.qsize() === 0;
  }

  /**
   * Whether the queue is full now.
   *
   * @returns `true` when it holds `maxsize` items.
   */
  async full(): Promise<boolean> {
    return this.#local?.full() ?? await this.#ask("full") as boolean;
  }

  /**
   * Puts a copy of `obj`, waiting while the queue is full.
   *
   * @param obj The item.
   * @param block Whether to wait while the queue is full (Python's
   * positional `block`), or the options: `block` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @throws {Full} If the queue stays full.
   * @throws {TypeError} If the item cannot cross to another process.
   */
  async put(
    obj: T,
    block?: boolean | Omit<PutOptions, "signal">,
    timeout?: number | null,
  ): Promise<void> {
    const options = blockOptions("put item", block, timeout);
    this.#checkOpen();
    const bytes = encodeBytes(obj, "obj", true).slice();
    if (this.#local !== undefined) {
      await this.#local.putRecord(PUT, bytes, options);
    } else if (this.#data.feed !== undefined) {
      this.#data.feed.sendBytes(bytes);
    } else if (this.#data.maxsize <= 0) {
      // An unbounded queue never refuses an item: no answer to wait for
      // (the channel keeps the order), as Python's feeder thread.
      deliver(this.#data.id + PUTS, bytes);
    } else await this.#ask("put", bytes, options);
  }

  /**
   * Puts `obj` if there is room at once.
   *
   * @param obj The item.
   * @throws {Full} If the queue is full.
   */
  putNowait(obj: T): Promise<void> {
    return this.put(obj, { block: false });
  }

  /**
   * Takes the next item, waiting while the queue is empty.
   *
   * @param block Whether to wait while the queue is empty (Python's
   * positional `block`), or the options: `block` and `timeout` in seconds.
   * @param timeout Seconds to wait at most (Python's positional `timeout`).
   * @returns The item.
   * @throws {Empty} If the queue stays empty.
   */
  async get(
    block?: boolean | Omit<GetOptions, "signal">,
    timeout?: number | null,
  ): Promise<T> {
    let options = blockOptions("get item", block, timeout);
    this.#checkOpen();
    // As Python's: a timeout below zero waits for nothing (not a ValueError).
    if (typeof options.timeout === "number" && options.timeout < 0) {
      options = { ...options, timeout: 0 };
    }
    if (this.#local !== undefined) {
      return await this.#local.get(GET, options) as T;
    }
    const bytes = await this.#ask("get", options) as Uint8Array;
    const needs = readNeeds(bytes);
    if (needs !== undefined) await load(needs);
    return decodeBytes(bytes) as T;
  }

  /**
   * Takes the next item if there is one.
   *
   * @returns The item.
   * @throws {Empty} If the queue is empty.
   */
  getNowait(): Promise<T> {
    return this.get({ block: false });
  }

  /**
   * Says this process will use the queue no more, as Python's `close()`:
   * `put` and `get` on this object then throw `ValueError`. Items already
   * put stay for the other processes. (There is no feeder thread to stop.)
   */
  close(): void {
    this.#closed = true;
    this.#data.feed?.close();
  }

  /**
   * Python's `join_thread()`: there is no feeder thread to join here. As
   * with Python's, an item a child puts on an unbounded queue leaves with
   * the child's next write (when its code pauses, and at its exit), after
   * `put` has settled.
   *
   * @throws {RuntimeError} If the queue is not closed (Python's
   * AssertionError).
   */
  joinThread(): void {
    if (!this.#closed) throw new RuntimeError("Queue is not closed");
  }

  /** Python's `cancel_join_thread()`: there is no feeder thread. */
  cancelJoinThread(): void {}

  #checkOpen(): void {
    if (this.#closed) throw new ValueError("Queue is closed");
  }

  /**
   * Marks one item taken with `get` as processed, for `join`
   * (a {@linkcode JoinableQueue}'s).
   *
   * @ignore
   */
  protected async done(): Promise<void> {
    if (this.#local !== undefined) this.#local.taskDone();
    else await this.#ask("taskDone");
  }

  /**
   * Waits until every item put has been marked done.
   *
   * @ignore
   */
  protected async joined(): Promise<void> {
    if (this.#local !== undefined) await this.#local.join(undefined);
    else await this.#ask("join");
  }

  #ask(op: string, ...args: unknown[]): Promise<unknown> {
    return request(this.#data.id, op, args);
  }

  /**
   * What makes a proxy of this queue in a child process (used by the
   * package when it is passed to one).
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    const tag = TAGS[this.#data.kind];
    // (A feed is the owner's to give: one for each child it passes to.)
    const data = { ...this.#data, feed: undefined };
    if (
      this.#local === undefined || this.#data.maxsize > 0 ||
      this.#data.kind === "joinable" || !feedsOverSharedMemory()
    ) return { tag, data };
    return { tag, data: { ...data, feed: openFeed(this.#local) } };
  }
}

/**
 * A {@linkcode Queue} whose items are marked done, as Python's
 * `multiprocessing.JoinableQueue`: `taskDone()` and `join()`, across
 * processes.
 *
 * @example Waiting for a child to process every item
 * ```ts
 * import { JoinableQueue, Process } from "@skein/concurrent/multiprocessing";
 *
 * const q = new JoinableQueue<number>();
 * const p = new Process({
 *   target: async (q: JoinableQueue<number>) => {
 *     for (let i = 0; i < 3; i++) {
 *       await q.get();
 *       await q.taskDone();
 *     }
 *   },
 *   args: [q],
 * });
 * p.start();
 * for (let i = 0; i < 3; i++) await q.put(i);
 * await q.join();
 * await p.join();
 * ```
 *
 * @typeParam T The type of the items.
 */
export class JoinableQueue<T = unknown> extends Queue<T> {
  /**
   * Marks one item taken with `get` as processed.
   *
   * @throws {ValueError} If called more times than items were put.
   */
  taskDone(): Promise<void> {
    return this.done();
  }

  /** Waits until every item put has been marked done. */
  join(): Promise<void> {
    return this.joined();
  }
}

/**
 * An unbounded queue between processes, as Python's
 * `multiprocessing.SimpleQueue`: `put`, `get`, `empty`, `close`.
 *
 * @example Usage
 * ```ts
 * import { SimpleQueue } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const q = new SimpleQueue<number>();
 * await q.put(1);
 * assert.equal(await q.empty(), false);
 * assert.equal(await q.get(), 1);
 * ```
 *
 * @typeParam T The type of the items.
 */
export class SimpleQueue<T = unknown> extends Queue<T> {
  /** Makes an unbounded queue held by this process. */
  constructor() {
    super(0);
  }
}

let adopting: QueueData | undefined;

function kindOf(cls: unknown): Kind {
  return cls === JoinableQueue
    ? "joinable"
    : cls === SimpleQueue
    ? "simple"
    : "queue";
}

// A feed of puts from one child: the owner reads it while the child
// lives, so its threads see the items too. An item's record goes as it
// was put, in order; unlike a request it needs no answer. (A JoinableQueue
// counts a put when it is made, which a request does at once, so it keeps
// to requests.) The sending end moves with the queue; if the child was
// not started after all, the end stays here and the feed is closed.
function openFeed(local: SharedQueue): Connection {
  const { reader, writer } = feedPair();
  queueMicrotask(() => {
    if (!writer.moved) {
      writer.close();
      reader.close();
      return;
    }
    reader.feed((message) => {
      // (Each record has sendBytes' mark in front.)
      if (message !== null) {
        local.putRecordSync(PUT, message.subarray(1), { block: false });
      } else reader.close(); // the child closed the queue or exited
    });
  });
  return writer;
}

// Answers the requests that other processes send to queue `id`.
function serve(id: string, local: SharedQueue): void {
  openEnd(id + PUTS, (message: LinkMessage) => {
    if (message !== null) local.putRecordSync(PUT, message, { block: false });
  });
  openEnd(id, async (message: LinkMessage) => {
    if (message === null) return;
    const [op, requestId, reply, ...args] = decodeBytes(message) as [
      string,
      number,
      string,
      ...unknown[],
    ];
    let answer: unknown;
    let ok = true;
    const controller = new AbortController();
    let set = serving.get(reply);
    if (set === undefined) serving.set(reply, set = new Set());
    set.add(controller);
    try {
      answer = await perform(local, op, args, controller.signal);
    } catch (error) {
      ok = false;
      answer = error;
    } finally {
      set.delete(controller);
    }
    if (controller.signal.aborted) {
      // The asker is gone: an item it took goes back, not lost.
      if (ok && op === "get") {
        await local.putRecord(PUT, answer as Uint8Array, {});
      }
      return;
    }
    deliver(
      reply,
      encodeBytes([requestId, ok, answer], "answer", true).slice(),
    );
  });
}

function perform(
  local: SharedQueue,
  op: string,
  args: unknown[],
  signal: AbortSignal,
): unknown {
  switch (op) {
    case "qsize":
      return local.qsize();
    case "full":
      return local.full();
    case "put":
      return local.putRecord(
        PUT,
        args[0] as Uint8Array,
        { ...args[1] as PutOptions, signal },
      );
    case "get":
      // As it was put: the asker decodes it, with the modules it needs.
      return local.getRecord(GET, { ...args[0] as GetOptions, signal });
    case "taskDone":
      return local.taskDone();
    case "join":
      return local.join(signal);
    default:
      throw new ValueError(`Unknown queue request ${describe(op)}`);
  }
}

for (const [kind, tag] of Object.entries(TAGS) as [Kind, string][]) {
  registerShareable(tag, import.meta.url, (state) => {
    adopting = state.data as QueueData;
    try {
      const cls = kind === "joinable"
        ? JoinableQueue
        : kind === "simple"
        ? SimpleQueue
        : Queue;
      return new cls();
    } finally {
      adopting = undefined;
    }
  });
}
