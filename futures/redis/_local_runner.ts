// Copyright 2026 the @skein/concurrent authors. MIT license.
import { setImmediate } from "node:timers";
import type { Executor } from "../executor.ts";
import type { CallData } from "./_protocol.ts";
import type { Outcome, ResultSender } from "./_result_sender.ts";
import { encodeFailure, runCalls } from "./_run.ts";
import {
  MAX_BATCH_BYTES,
  serveChannel,
  ThreadChannel,
} from "./_thread_channel.ts";

interface Waiting {
  data: CallData;
  done: PromiseWithResolvers<void>;
}

// How long a taken call may wait before its executor hears that it is
// taken: a call whose result is ready by then is announced by its result
// alone (most short calls), which spares a Redis write per batch here and
// an entry for the executor to read.
const ANNOUNCE_MS = 5;

// Sends calls to the local pool, in batches: while each of its workers is
// busy, the calls that arrive wait and then go together, a fair share of
// them to each worker that frees up. A batch's results are sent together,
// before any of its jobs' processors returns. A pool of threads takes its
// batches through shared memory (see _thread_channel.ts); a pool of
// processes as one pool call each.
export class LocalRunner {
  readonly #pool: Executor;
  readonly #slots: number;
  readonly #allow: readonly string[] | null;
  readonly #results: ResultSender;
  readonly #free: ThreadChannel[] = [];
  // The threads' long calls still running (a replaced one leaves).
  readonly #serving = new Set<Promise<void>>();
  #busy = 0;
  #closing = false;
  #scheduled = false;
  #waiting: Waiting[] = [];
  // Taken calls their executors have not heard of yet (see ANNOUNCE_MS).
  #unannounced = new Set<CallData>();
  #announcing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    pool: Executor,
    slots: number,
    allow: readonly string[] | null,
    results: ResultSender,
    threads: boolean,
  ) {
    this.#pool = pool;
    this.#slots = slots;
    this.#allow = allow;
    this.#results = results;
    if (!threads) return;
    for (let i = 0; i < slots; i++) this.#openChannel();
  }

  // One long call per thread of the pool. A task that ends its thread
  // fails its batch; the pool replaces the thread, and a new channel
  // serves on it.
  #openChannel(): void {
    const channel = new ThreadChannel();
    let serving;
    try {
      serving = this.#pool.submit(serveChannel, channel.buffer, this.#allow);
    } catch {
      // The pool broke (its threads died again and again): calls then
      // fail with its error (see #send).
      return;
    }
    this.#free.push(channel);
    const ended: Promise<void> = Promise.resolve(serving).then(
      () => channel.died(new Error("the thread's channel was stopped")),
      (error) => {
        channel.died(error);
        const at = this.#free.indexOf(channel);
        if (at !== -1) this.#free.splice(at, 1);
        if (!this.#closing) this.#openChannel();
      },
    ).finally(() => this.#serving.delete(ended));
    this.#serving.add(ended);
  }

  /** Runs the call of `data` and sends its result. */
  run(data: CallData): Promise<void> {
    const done = Promise.withResolvers<void>();
    this.#waiting.push({ data, done });
    this.#unannounced.add(data);
    this.#announcing ??= setTimeout(() => this.#announce(), ANNOUNCE_MS);
    // The jobs BullMQ hands over in one read of its socket go together.
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#pump();
      });
    }
    return done.promise;
  }

  // Tells the executors of the calls still running or waiting that they
  // are taken.
  #announce(): void {
    this.#announcing = undefined;
    if (this.#unannounced.size === 0) return;
    this.#results.sendStarted([...this.#unannounced]);
    this.#unannounced.clear();
  }

  /** Ends the threads' channels (once no call runs). */
  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#announcing);
    this.#announcing = undefined;
    for (const channel of this.#free) channel.stop();
    await Promise.all([...this.#serving]);
  }

  #pump(): void {
    while (this.#busy < this.#slots && this.#waiting.length > 0) {
      const share = Math.ceil(
        this.#waiting.length / (this.#slots - this.#busy),
      );
      // At least one call, and not more text than a channel carries.
      let size = 1;
      let bytes = this.#waiting[0]!.data.a.length;
      while (size < share) {
        const { f, a } = this.#waiting[size]!.data;
        bytes += f.length + a.length + 3;
        if (bytes > MAX_BATCH_BYTES / 2) break;
        size++;
      }
      const batch = this.#waiting.splice(0, size);
      this.#busy++;
      this.#send(batch).then(
        (outcomes) => {
          // A result also tells its executor that the call was taken.
          for (const { data } of batch) this.#unannounced.delete(data);
          this.#results.sendAll(outcomes);
          for (const { done } of batch) done.resolve();
        },
        // The local pool failed the batch itself (it broke, or could not
        // ship runCalls): each call fails with its error, so that no
        // future waits for a job that BullMQ would drop as failed.
        (error) => {
          const bytes = encodeFailure(error);
          for (const { data } of batch) this.#unannounced.delete(data);
          this.#results.sendAll(
            batch.map(({ data }) => ({ data, ok: false, bytes })),
          );
          for (const { done } of batch) done.resolve();
        },
      ).finally(() => {
        this.#busy--;
        this.#pump();
      });
    }
  }

  async #send(batch: Waiting[]): Promise<Outcome[]> {
    const channel = this.#free.pop();
    if (channel === undefined) {
      const flat = batch.flatMap(({ data }) => [data.f, data.a, data.c === 1]);
      const out = await this.#pool.submit(runCalls, flat, this.#allow);
      return batch.map(({ data }, i) => ({
        data,
        ok: out[2 * i] as boolean,
        bytes: out[2 * i + 1] as string,
      }));
    }
    try {
      const lines = (await channel.run(
        batch.map(({ data }) => `${data.c} ${data.f} ${data.a}`).join("\n"),
      )).split("\n");
      return batch.map(({ data }, i) => ({
        data,
        ok: lines[i]![0] === "1",
        bytes: lines[i]!.slice(2),
      }));
    } finally {
      if (!channel.dead) this.#free.push(channel);
    }
  }
}
