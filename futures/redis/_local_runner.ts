// Copyright 2026 the @skein/concurrent authors. MIT license.
import { setImmediate } from "node:timers";
import type { Executor } from "../executor.ts";
import type { JobData } from "./_protocol.ts";
import type { ResultSender } from "./_result_sender.ts";
import { runCalls } from "./_run.ts";

// Sends calls to the local pool, in batches: while each of its workers is
// busy, the calls that arrive wait and then go together, a fair share of
// them to each worker that frees up. A batch's results are sent together,
// before any of its jobs' processors returns.
export class LocalRunner {
  readonly #pool: Executor;
  readonly #slots: number;
  readonly #allow: readonly string[] | null;
  readonly #results: ResultSender;
  #busy = 0;
  #scheduled = false;
  #waiting: { data: JobData; done: PromiseWithResolvers<void> }[] = [];

  constructor(
    pool: Executor,
    slots: number,
    allow: readonly string[] | null,
    results: ResultSender,
  ) {
    this.#pool = pool;
    this.#slots = slots;
    this.#allow = allow;
    this.#results = results;
  }

  /** Runs the call of `data` and sends its result. */
  run(data: JobData): Promise<void> {
    const done = Promise.withResolvers<void>();
    this.#waiting.push({ data, done });
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

  #pump(): void {
    while (this.#busy < this.#slots && this.#waiting.length > 0) {
      const size = Math.ceil(
        this.#waiting.length / (this.#slots - this.#busy),
      );
      const batch = this.#waiting.splice(0, size);
      this.#busy++;
      const flat = batch.flatMap(({ data }) => [data.f, data.a, data.c === 1]);
      this.#pool.submit(runCalls, flat, this.#allow).then(
        (out) => {
          this.#results.sendAll(batch.map(({ data }, i) => ({
            data,
            ok: out[2 * i] as boolean,
            bytes: out[2 * i + 1] as string,
          })));
          for (const { done } of batch) done.resolve();
        },
        (error) => batch.forEach(({ done }) => done.reject(error)),
      ).finally(() => {
        this.#busy--;
        this.#pump();
      });
    }
  }
}
