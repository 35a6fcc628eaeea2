// Copyright 2026 the @skein/concurrent authors. MIT license.
import type { Redis } from "./_deps.ts";
import {
  aliveKey,
  type CallData,
  resultEntry,
  resultsKey,
  startedEntry,
} from "./_protocol.ts";

/** A call's outcome, as a worker sends it back. */
export interface Outcome {
  data: CallData;
  ok: boolean;
  bytes: string;
}

// Results: RPUSH to the executor's list, and EXPIRE it, so an abandoned
// executor's results go away; both in one script call per executor for a
// batch (one write to the socket, and no moment where the list has no
// TTL). They are not awaited: BullMQ completes the job on the same
// connection after the processor returns, and Redis runs one connection's
// commands in order, so a job is never completed without its result (a
// worker that dies in between leaves the job to run again: a duplicate
// result, which the executor drops).
// KEYS[1]: the list; KEYS[2]: the executor's alive key (see aliveKey()):
// gone, the executor has shut down or was abandoned, and nothing is
// written (a call that ran again after its executor's shutdown would
// otherwise leave a list behind). ARGV[1]: the list's TTL; the rest: the
// entries, pushed in slices (Lua's unpack() has a limit of a few thousand
// values). EVAL, not EVALSHA: after a NOSCRIPT reply ioredis would send it
// again, behind the job's completion.
const PUSH_RESULTS = `
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
for i = 2, #ARGV, 1000 do
  redis.call('RPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
return redis.call('EXPIRE', KEYS[1], ARGV[1])`;

export class ResultSender {
  readonly #conn: Redis;
  readonly #queue: string;
  #inFlight = 0;
  #drained: PromiseWithResolvers<void> | undefined;

  constructor(conn: Redis, queue: string) {
    this.#conn = conn;
    this.#queue = queue;
  }

  sendAll(outcomes: readonly Outcome[]): void {
    this.#push(
      outcomes.map(({ data }) => data),
      (i) =>
        resultEntry(outcomes[i]!.data.n, outcomes[i]!.ok, outcomes[i]!.bytes),
    );
  }

  /** Tells the executors of `calls` that this worker has taken them. */
  sendStarted(calls: readonly CallData[]): void {
    this.#push(calls, (i) => startedEntry(calls[i]!.n));
  }

  #push(calls: readonly CallData[], entry: (i: number) => string): void {
    const byExecutor = new Map<string, { entries: string[]; ttl: number }>();
    for (const [i, data] of calls.entries()) {
      let to = byExecutor.get(data.x);
      if (to === undefined) {
        to = { entries: [], ttl: data.t };
        byExecutor.set(data.x, to);
      }
      to.entries.push(entry(i));
      to.ttl = Math.max(to.ttl, data.t);
    }
    for (const [id, { entries, ttl }] of byExecutor) {
      const key = resultsKey(this.#queue, id);
      const alive = aliveKey(this.#queue, id);
      this.#inFlight++;
      this.#conn.eval(PUSH_RESULTS, 2, key, alive, ttl, ...entries)
        .catch(() => {})
        .finally(() => {
          if (--this.#inFlight === 0) this.#drained?.resolve();
        });
    }
  }

  async idle(): Promise<void> {
    if (this.#inFlight === 0) return;
    this.#drained = Promise.withResolvers();
    await this.#drained.promise;
  }
}
