// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a worker does with each job BullMQ gives it: check its shape and
// signature, drop it when its executor is gone, give a job of several
// calls that lost its worker back as one job per call, read the calls'
// function records, and run the calls on the local pool.
import type { HmacSha256 } from "../../_internal/hmac.ts";
import {
  type Job,
  type Queue,
  type Redis,
  UnrecoverableError,
} from "./_deps.ts";
import {
  aliveKey,
  type CallData,
  cancelledKey,
  fnKey,
  isJobData,
  JOB_NAME,
  JOB_OPTIONS,
  type JobData,
  jobMac,
  namedCalls,
  recordHash,
  splitJobId,
  verifyJob,
} from "./_protocol.ts";
import type { LocalRunner } from "./_local_runner.ts";
import type { ResultSender } from "./_result_sender.ts";
import { encodeFailure } from "./_run.ts";
import { TaskRefusedError, WorkerLostError } from "./errors.ts";

/** Handles the jobs of one worker (see {@linkcode JobHandler.handle}). */
export class JobHandler {
  readonly #hmac: HmacSha256;
  readonly #conn: Redis;
  readonly #queue: Queue;
  readonly #runner: LocalRunner;
  readonly #results: ResultSender;
  readonly #alive: AliveCheck;
  readonly #records: RecordCache;

  constructor(
    hmac: HmacSha256,
    conn: Redis,
    queue: Queue,
    runner: LocalRunner,
    results: ResultSender,
  ) {
    this.#hmac = hmac;
    this.#conn = conn;
    this.#queue = queue;
    this.#runner = runner;
    this.#results = results;
    this.#alive = new AliveCheck(conn, queue.name);
    this.#records = new RecordCache(conn, queue.name);
  }

  /**
   * BullMQ's processor: returns once every call of the job has sent its
   * result; throws UnrecoverableError for a job it refuses (BullMQ then
   * drops it as failed, with the reason).
   */
  async handle(job: Job): Promise<void> {
    const data = job.data as JobData;
    if (job.name !== JOB_NAME || !isJobData(data)) {
      const why = "not a RedisExecutor job of this version, or not signed";
      const named = job.name === JOB_NAME ? namedCalls(data) : undefined;
      if (named !== undefined) {
        // Unsigned: its TTL kept short.
        const t = Number.isInteger(data.t) && data.t > 0
          ? Math.min(data.t, 3600)
          : 3600;
        this.#refuse(
          named.n.map((n) => ({ x: named.x, n, f: "", a: "", c: 0, t, l: "" })),
          `its job is ${why}`,
        );
      }
      throw new UnrecoverableError(`refused: ${why}`);
    }
    try {
      await this.#handle(job, data);
    } catch (error) {
      if (error instanceof UnrecoverableError) throw error;
      // Reading Redis or sending the calls again failed: BullMQ drops a
      // failed job (one attempt), so its calls fail with the error rather
      // than wait for results that will not come.
      const bytes = encodeFailure(error);
      this.#results.sendAll(
        this.#calls(data).map((call) => ({ data: call, ok: false, bytes })),
      );
      throw error;
    }
  }

  #calls(data: JobData): CallData[] {
    return data.p.map(([n, f, a, c, l]): CallData => ({
      x: data.x,
      n,
      f,
      a,
      c,
      t: data.t,
      l,
    }));
  }

  async #handle(job: Job, data: JobData): Promise<void> {
    const calls = this.#calls(data);
    const signed = verifyJob(this.#hmac, data);
    if (signed !== true) {
      const why = `its job is not signed with this worker's authkey${
        signed === false
          ? ""
          : " (its signature is not one of this version's: no signature, or an executor of another version)"
      }`;
      this.#refuse(calls, why);
      throw new UnrecoverableError(`refused: ${why}`);
    }
    if (!await this.#alive.check(data.x)) return; // its executor is gone
    const lost = data.d + job.stalledCounter;
    if (lost > data.m) {
      return this.#fail(
        calls,
        (call) =>
          new WorkerLostError(
            `Task '${call.l}' lost its worker ${lost} time${
              lost === 1 ? "" : "s"
            } (maxRetries: ${data.m})`,
          ),
      );
    }
    if (job.stalledCounter > 0 && calls.length > 1) {
      // One of these calls may be what ended the worker: each goes on
      // alone, so that only that one fails after maxRetries.
      return await this.#split(data, lost);
    }
    const hashes = [...new Set(calls.map((call) => call.f))];
    const found = await Promise.all(
      hashes.map((hash) => this.#records.get(data.x, hash)),
    );
    const records = new Map(hashes.map((hash, i) => [hash, found[i]]));
    const runnable: CallData[] = [];
    const refused: CallData[] = [];
    for (const call of calls) {
      const record = records.get(call.f);
      if (record === undefined) refused.push(call);
      else runnable.push({ ...call, f: record });
    }
    if (refused.length > 0) {
      this.#refuse(
        refused,
        "its function's record is not in Redis, or not the one signed",
      );
    }
    await Promise.all(runnable.map((call) => this.#runner.run(call)));
    if (runnable.length === 0) {
      throw new UnrecoverableError(
        "refused: the function's record is not in Redis, or not the one signed",
      );
    }
  }

  #refuse(calls: readonly CallData[], why: string): void {
    this.#fail(
      calls,
      (call) => new TaskRefusedError(`Worker refused task '${call.l}': ${why}`),
    );
  }

  // Sends each call's own exception, which names it.
  #fail(calls: readonly CallData[], error: (call: CallData) => Error): void {
    this.#results.sendAll(calls.map((call) => ({
      data: call,
      ok: false,
      bytes: encodeFailure(error(call)),
    })));
  }

  // Adds a job per call, signed as the executor would, before this one
  // completes. Each has the id splitJobId(): a worker that dies in
  // between leaves this job to split again, and BullMQ adds no job whose
  // id exists, so the calls and their counts of lost workers stay as the
  // first split made them (the executor drops duplicate results). The
  // executor's cancel() removes such a job by that id, and the calls it
  // cancelled before the split are left out.
  async #split(data: JobData, lost: number): Promise<void> {
    const cancelled = new Set(
      (await this.#conn.smembers(cancelledKey(this.#queue.name, data.x)))
        .map(Number),
    );
    const calls = data.p.filter((call) => !cancelled.has(call[0]));
    if (calls.length === 0) return;
    await this.#queue.addBulk(calls.map((call) => {
      const one = { x: data.x, p: [call], m: data.m, d: lost, t: data.t };
      return {
        name: JOB_NAME,
        data: { ...one, s: jobMac(this.#hmac, one) },
        opts: { ...JOB_OPTIONS, jobId: splitJobId(data.x, call[0]) },
      };
    }));
  }
}

// The function records jobs name by hash (see JobCall), read once per
// hash and kept only when the hash matches: the hash is signed, so a
// record someone else wrote under the key is refused, not run.
class RecordCache {
  readonly #conn: Redis;
  readonly #queue: string;
  readonly #known = new Map<string, Promise<string | undefined>>();

  constructor(conn: Redis, queue: string) {
    this.#conn = conn;
    this.#queue = queue;
  }

  get(id: string, hash: string): Promise<string | undefined> {
    let known = this.#known.get(hash);
    if (known === undefined) {
      if (this.#known.size > 1000) this.#known.clear();
      known = this.#conn.get(fnKey(this.#queue, id, hash)).then((record) =>
        record !== null && recordHash(record) === hash ? record : undefined
      );
      this.#known.set(hash, known);
      // A failed read is not remembered: the next job reads again.
      known.then(
        (record) => record === undefined && this.#known.delete(hash),
        () => this.#known.delete(hash),
      );
    }
    return known;
  }
}

// Whether a job's executor is still alive (it refreshes its key), cached
// for a second per executor: an abandoned executor's jobs are dropped.
class AliveCheck {
  readonly #conn: Redis;
  readonly #queue: string;
  readonly #known = new Map<
    string,
    { until: number; alive: Promise<boolean> }
  >();

  constructor(conn: Redis, queue: string) {
    this.#conn = conn;
    this.#queue = queue;
  }

  check(id: string): Promise<boolean> {
    const now = performance.now();
    let known = this.#known.get(id);
    if (known === undefined || known.until < now) {
      if (this.#known.size > 10_000) this.#known.clear();
      known = {
        until: now + 1000,
        alive: this.#conn.exists(aliveKey(this.#queue, id)).then((n) => n > 0),
      };
      this.#known.set(id, known);
    }
    return known.alive;
  }
}
