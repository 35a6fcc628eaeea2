// Copyright 2026 the @skein/concurrent authors. MIT license.
import { setImmediate } from "node:timers";
import type { Executor } from "../executor.ts";
import type { JobData } from "./_protocol.ts";
import type { Outcome, ResultSender } from "./_result_sender.ts";
import { runCalls } from "./_run.ts";
import {
  MAX_BATCH_BYTES,
  serveChannel,
  ThreadChannel,
} from "./_thread_channel.ts";

interface Waiting {
  data: JobData;
  done: PromiseWithResolvers<void>;
}

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
  readonly #serving: Promise<unknown>[] = [];
  #busy = 0;
  #scheduled = false;
  #waiting: Waiting[] = [];
  #arrived: JobData[] = [];

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
    for (let i = 0; i < slots; i++) {
      const channel = new ThreadChannel();
      this.#free.push(channel);
      // One long call per thread of the pool.
      this.#serving.push(
        Promise.resolve(pool.submit(serveChannel, channel.buffer, allow)).then(
          () => channel.died(new Error("the thread's channel was stopped")),
          (error) => channel.died(error),
        ),
      );
    }
  }

  /** Runs the call of `data` and sends its result. */
  run(data: JobData): Promise<void> {
    const done = Promise.withResolvers<void>();
    this.#waiting.push({ data, done });
    this.#arrived.push(data);
    // The jobs BullMQ hands over in one read of its socket go together:
    // their executors hear at once that they are taken, then they run.
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#results.sendStarted(this.#arrived);
        this.#arrived = [];
        this.#pump();
      });
    }
    return done.promise;
  }

  /** Ends the threads' channels (once no call runs). */
  async close(): Promise<void> {
    for (const channel of this.#free) channel.stop();
    await Promise.all(this.#serving);
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
          this.#results.sendAll(outcomes);
          for (const { done } of batch) done.resolve();
        },
        (error) => batch.forEach(({ done }) => done.reject(error)),
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
      this.#free.push(channel);
    }
  }
}
