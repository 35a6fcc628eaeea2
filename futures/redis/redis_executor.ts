// Copyright 2026 the @skein/concurrent authors. MIT license.
import {
  checkOptionKeys,
  positionalOptions,
} from "../../_internal/keywords.ts";
import { RuntimeError, ValueError } from "../../errors.ts";
import { checkAuthkey, HmacSha256 } from "../../_internal/hmac.ts";
import { checkSeconds } from "../../_internal/seconds.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { Executor, type ShutdownOptions } from "../executor.ts";
import { Future } from "../future.ts";
import { Queue, type Redis } from "./_deps.ts";
import { connect, watchConnection } from "./_connection.ts";
import {
  aliveKey,
  cancelledKey,
  checkQueue,
  checkRedisUrl,
  fnKey,
  fromBase64,
  JOB_NAME,
  JOB_OPTIONS,
  type JobCall,
  jobMac,
  newExecutorId,
  parseResult,
  recordHash,
  resultsKey,
  splitJobId,
  toBase64,
} from "./_protocol.ts";
import type { RedisConnectionError } from "./errors.ts";
import { checkExecutorOptions } from "./_options.ts";

/** Options for {@linkcode RedisExecutor}. */
export interface RedisExecutorOptions {
  /** The Redis server: `redis://user:pass@host:port/db`, or `rediss://` for TLS. */
  url: string | URL;
  /** The BullMQ queue the workers serve. */
  queue: string;
  /**
   * The key shared with the workers: every job is signed with it, and a
   * worker refuses jobs signed with another (a string is its UTF-8 bytes).
   */
  authkey: string | Uint8Array;
  /**
   * How many times a call runs again after the worker running it died
   * (killed, crashed, lost); when it dies once more, the future fails with
   * `WorkerLostError`.
   *
   * @default {2}
   */
  maxRetries?: number;
  /**
   * Seconds to wait for Redis: a submit while it is down waits this long
   * for it to come back, and when it stays down this long every waiting
   * future fails with `RedisConnectionError`.
   *
   * @default {10}
   */
  connectTimeout?: number;
  /**
   * Seconds a result no one reads stays in Redis (an executor that ended
   * without `shutdown()`); its jobs are dropped unrun by the workers.
   *
   * @default {3600}
   */
  resultTtl?: number;
  /**
   * The most calls one job carries. While few calls wait, each is a job
   * of its own, so that every worker gets some; when many wait (128 or
   * more), calls sent together share jobs, as many to a job as still
   * leaves 64 jobs or more, up to this many, and up to 64 KiB of
   * arguments. A job costs the worker, Redis and the executor more than a
   * short call does, so this multiplies the throughput of short calls.
   * `1` sends every call as a job of its own.
   *
   * @default {32}
   */
  maxCallsPerJob?: number;
}

/** Options for {@linkcode RedisExecutor.prototype.submitWith}. */
export interface RedisSubmitOptions {
  /** Cancels the call (removing its job) when it aborts before a result. */
  signal?: AbortSignal;
}

interface Call {
  readonly future: Future<unknown>;
  readonly call: JobCall;
  job?: SentJob | undefined;
  /** A worker said it took the call (counted in #taken). */
  taken?: boolean;
}

// A job as sent: its BullMQ id once added, and whether a cancel took it
// back.
interface SentJob {
  readonly calls: readonly Call[];
  id?: string | undefined;
  /** Whether a cancel() removed it, once one tried. */
  removed?: Promise<boolean>;
}

const ALIVE_SECONDS = 30;
const BATCH = 1000;
// Calls share jobs only when there are more than this many jobs' worth
// waiting: below it, each call is a job, and spreads over the workers.
const SPREAD = 64;
const PACK_BYTES = 64 * 1024;
// Sets the alive key (KEYS[1]) for ARGV[1] seconds; returns 1 if it was
// there (SET's GET option would say so too, but only from Redis 6.2).
const BEAT = `
local was = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return was`;

/**
 * A {@linkcode Executor} whose calls run on other machines: each call is a
 * BullMQ job in a Redis queue, run by the workers that serve it (see
 * `serve()` and the `worker` module). Functions travel by module URL and
 * export name, so the module must be importable where the workers run;
 * arguments, results and exceptions use the package's wire codec.
 *
 * Each job is signed with `authkey` (HMAC-SHA-256-128) and names its
 * function by the SHA-256 (128 bits) of its record, which the executor
 * stores once in Redis; results come back on one Redis list per executor,
 * read in batches, each deleted when read. A job carries one call, or,
 * while many wait, several submitted together (see `maxCallsPerJob`). A
 * call runs at least once: if its worker dies, BullMQ's stall check gives
 * it to another worker (a job of several calls comes back as one job per
 * call), up to `maxRetries` times, and its future settles once. A worker
 * tells the executor when it takes a call: from then on the future is
 * `running()` and `cancel()` returns false, as Python's does for a running
 * call. `cancel()` before that removes the job (the job's other calls go
 * out again in a new one); in the moment between a worker taking it and
 * the executor hearing so, the call may still run, and its result is
 * dropped.
 *
 * @example Run a function on the workers
 * ```ts ignore
 * import { RedisExecutor } from "@skein/concurrent/futures/redis";
 * import { fib } from "./tasks.ts";
 *
 * await using ex = new RedisExecutor({
 *   url: "redis://127.0.0.1:6379",
 *   queue: "work",
 *   authkey: Deno.env.get("SKEIN_AUTHKEY")!,
 * });
 * console.log(await ex.submit(fib, 30));
 * ```
 */
export class RedisExecutor extends Executor {
  readonly #queueName: string;
  readonly #url: URL;
  readonly #maxRetries: number;
  readonly #resultTtl: number;
  readonly #maxCallsPerJob: number;
  readonly #id = newExecutorId();
  readonly #hmac: HmacSha256;
  readonly #conn: Redis;
  readonly #reader: Redis;
  readonly #queue: Queue;
  readonly #watch: ReturnType<typeof watchConnection>;
  readonly #calls = new Map<number, Call>();
  // Each function's record and its hash (a job's `f`); the records this
  // executor keeps in Redis, and those it has yet to store.
  readonly #fnRecords = new WeakMap<object, { record: string; hash: string }>();
  readonly #fnStored = new Map<string, string>();
  readonly #fnNew = new Map<string, string>();
  #outbox: Call[] = [];
  #flushing: Promise<void> | undefined;
  #reading: Promise<void> | undefined;
  #alive: ReturnType<typeof setInterval> | undefined;
  #seq = 0;
  // How many of #calls a worker said it took (see #deliver).
  #taken = 0;
  #shutdown = false;
  #closed: Promise<void> | undefined;
  #idle: PromiseWithResolvers<void> | undefined;

  /**
   * Makes an executor; it connects at once (lazily for the results).
   *
   * @param options The server, queue, key and limits.
   * @throws {TypeError} If an option has the wrong type, or is not one of
   * the executor's (a worker's option, such as `lockDuration`, says so).
   * @throws {ValueError} If `url` is not a Redis URL, or a number is out
   * of range.
   */
  constructor(options: RedisExecutorOptions) {
    super();
    const what = "create RedisExecutor";
    const make = (message: string) => new ValueError(message);
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`Cannot ${what} as 'options' must be an object`);
    }
    checkExecutorOptions(what, options);
    const url = checkRedisUrl(what, options.url, make);
    const queue = checkQueue(what, options.queue, make);
    const authkey = checkAuthkey(what, options.authkey);
    if (authkey === undefined || authkey.length === 0) {
      throw new TypeError(
        `Cannot ${what} as 'authkey' must be a non-empty string or Uint8Array: received ${
          authkey === undefined ? "undefined" : "an empty key"
        }`,
      );
    }
    const {
      maxRetries = 2,
      resultTtl = 3600,
      connectTimeout = 10,
      maxCallsPerJob = 32,
    } = options;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new ValueError(
        `Cannot ${what} as 'maxRetries' must be an integer >= 0: current value is ${maxRetries}`,
      );
    }
    if (!Number.isInteger(resultTtl) || resultTtl < 1) {
      throw new ValueError(
        `Cannot ${what} as 'resultTtl' must be an integer >= 1: current value is ${resultTtl}`,
      );
    }
    if (!Number.isInteger(maxCallsPerJob) || maxCallsPerJob < 1) {
      throw new ValueError(
        `Cannot ${what} as 'maxCallsPerJob' must be an integer >= 1: current value is ${maxCallsPerJob}`,
      );
    }
    const wait = checkSeconds(
      what,
      "connectTimeout",
      connectTimeout,
      ValueError,
    )!;
    if (!(wait > 0)) {
      throw new ValueError(
        `Cannot ${what} as 'connectTimeout' must be > 0: current value is ${wait}`,
      );
    }
    this.#url = url;
    this.#queueName = queue;
    this.#maxRetries = maxRetries;
    this.#resultTtl = resultTtl;
    this.#maxCallsPerJob = maxCallsPerJob;
    this.#hmac = new HmacSha256(authkey);
    this.#conn = connect(url, `skein-executor-${this.#id}`);
    this.#reader = this.#conn.duplicate();
    this.#reader.on("error", () => {}); // the main connection reports
    this.#queue = new Queue(queue, { connection: this.#conn });
    this.#queue.on("error", () => {}); // reported through the futures
    this.#watch = watchConnection(
      this.#conn,
      url,
      wait,
      (error) => this.#failAll(error),
    );
  }

  /**
   * Schedules `fn(...args)` on a worker and returns its future.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type (a promise is awaited).
   * @param fn The function: exported from a module the workers can import.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`.
   * @throws {TypeError} If the function or an argument cannot cross.
   */
  submit<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    return this.submitWith({}, fn, ...args);
  }

  /**
   * `submit()` with an `AbortSignal` that cancels the call while it waits.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type.
   * @param options The `signal`.
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`.
   */
  submitWith<A extends unknown[], R>(
    options: RedisSubmitOptions,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    checkOptionKeys("submit", options, ["signal"]);
    return this.#enqueue(fn, args, 0, options.signal) as Future<Awaited<R>>;
  }

  /**
   * Submits a chunk of calls as one job (see `map()`'s `chunksize`).
   *
   * @param fn The function.
   * @param chunk The argument lists.
   * @returns The future of the results.
   */
  protected override submitChunk<R>(
    fn: (...args: unknown[]) => R,
    chunk: unknown[][],
  ): Future<Awaited<R>[]> {
    return this.#enqueue(fn, chunk, 1, undefined) as Future<Awaited<R>[]>;
  }

  /**
   * Stops the executor, as Python's `shutdown()`: later submits throw
   * `RuntimeError`; with `cancelFutures` the calls no worker took yet are
   * cancelled (their jobs removed); with `wait` (the default) it returns
   * when every call has settled and its keys are gone from Redis.
   *
   * @param options Whether to wait, by position (Python's `shutdown(False)`)
   * or in the options, and whether to cancel calls not started.
   */
  async shutdown(options?: boolean | ShutdownOptions): Promise<void> {
    const { wait = true, cancelFutures = false } =
      positionalOptions<ShutdownOptions>(
        "shut down executor",
        ["wait"],
        [options],
        ["wait", "cancelFutures"],
      ) ?? {};
    this.#shutdown = true;
    if (cancelFutures) {
      for (const call of [...this.#calls.values()]) call.future.cancel();
    }
    this.#closed ??= this.#close();
    if (wait) await this.#closed;
  }

  #enqueue(
    fn: (...args: never[]) => unknown,
    args: unknown,
    chunk: 0 | 1,
    signal: AbortSignal | undefined,
  ): Future<unknown> {
    if (this.#shutdown) {
      throw new RuntimeError("cannot schedule new futures after shutdown");
    }
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot submit as 'fn' must be a function: received ${typeof fn}`,
      );
    }
    signal?.throwIfAborted();
    let fnRecord = this.#fnRecords.get(fn);
    if (fnRecord === undefined) {
      const record = toBase64(encodeBytes(fn, "fn", true));
      fnRecord = { record, hash: recordHash(record) };
      this.#fnRecords.set(fn, fnRecord);
    }
    const f = fnRecord.hash;
    if (!this.#fnStored.has(f)) this.#fnNew.set(f, fnRecord.record);
    const a = toBase64(encodeBytes(args, "args", true));
    const future = new Future<unknown>();
    const n = ++this.#seq;
    const call: Call = {
      future,
      call: [n, f, a, chunk, fn.name || "anonymous function"],
    };
    this.#calls.set(n, call);
    future.addDoneCallback(() => this.#settled(n));
    if (signal !== undefined) {
      const abort = (): void => void future.cancel();
      signal.addEventListener("abort", abort, { once: true });
      future.addDoneCallback(() => signal.removeEventListener("abort", abort));
    }
    this.#outbox.push(call);
    this.#scheduleFlush();
    this.#reading ??= this.#read();
    return future;
  }

  // Sends what was submitted since the last flush, BATCH calls per
  // addBulk: a call per job, or, while many wait, several (see
  // maxCallsPerJob).
  async #flush(): Promise<void> {
    try {
      this.#heartbeat();
      while (this.#outbox.length > 0) {
        const calls = this.#outbox.splice(0, BATCH).filter((call) =>
          !call.future.done()
        );
        // The records of new functions go first: a worker reads a job's
        // record when it takes the job.
        const records = [...this.#fnNew];
        this.#fnNew.clear();
        // The calls no worker has said it took: those running stay as
        // they were sent, and share no job with new ones.
        const waiting = this.#calls.size - this.#taken;
        const size = Math.min(
          this.#maxCallsPerJob,
          Math.max(1, Math.floor(waiting / SPREAD)),
        );
        const sent: SentJob[] = [];
        for (let i = 0; i < calls.length;) {
          // Up to `size` calls, and no more arguments than PACK_BYTES
          // unless alone: big arguments gain nothing from sharing a job.
          let end = i + 1;
          let bytes = calls[i]!.call[2].length;
          while (end < calls.length && end - i < size) {
            bytes += calls[end]!.call[2].length;
            if (bytes > PACK_BYTES) break;
            end++;
          }
          const job: SentJob = { calls: calls.slice(i, end) };
          for (const call of job.calls) call.job = job;
          sent.push(job);
          i = end;
        }
        const jobs = sent.map((job) => {
          const data = {
            x: this.#id,
            p: job.calls.map((call) => call.call),
            m: this.#maxRetries,
            d: 0,
            t: this.#resultTtl,
          };
          return {
            name: JOB_NAME,
            data: { ...data, s: jobMac(this.#hmac, data) },
            opts: JOB_OPTIONS,
          };
        });
        try {
          if (records.length > 0) {
            for (const [hash, record] of records) {
              this.#fnStored.set(hash, record);
            }
            await Promise.all(
              records.map(([hash, record]) => this.#store(hash, record)),
            );
          }
          const added = await this.#queue.addBulk(jobs);
          added.forEach((added, i) => sent[i]!.id = added.id);
          // Cancelled while being added: take it back now that it has an id.
          for (const job of sent) {
            for (const call of job.calls) {
              if (call.future.cancelled()) void this.#recall(job, call);
            }
          }
        } catch (error) {
          for (const call of calls) fail(call.future, error);
        }
      }
    } finally {
      this.#flushing = undefined;
      if (this.#outbox.length > 0) this.#scheduleFlush();
    }
  }

  // One #flush at a time, from the next microtask: the calls submitted
  // meanwhile go together.
  #scheduleFlush(): void {
    this.#flushing ??= Promise.resolve().then(() => this.#flush());
  }

  // Keeps the key that tells workers this executor still wants results.
  #heartbeat(): void {
    if (this.#alive !== undefined) return;
    const beat = (): void => {
      this.#conn.eval(
        BEAT,
        1,
        aliveKey(this.#queueName, this.#id),
        ALIVE_SECONDS,
      )
        .then((was) => was === 0 && this.#resend(), () => {});
      // The function records live as long as the executor (and, abandoned,
      // as long as its results); after a restart that lost them, again.
      for (const [hash, record] of this.#fnStored) {
        this.#store(hash, record).catch(() => {});
      }
    };
    beat();
    this.#alive = setInterval(beat, (ALIVE_SECONDS / 3) * 1000);
    // A server that restarted lost the key: set it again at once, or the
    // workers would drop this executor's jobs as abandoned.
    this.#conn.on("ready", beat);
    this.#unbeat = () => this.#conn.off("ready", beat);
  }

  #unbeat: () => void = () => {};

  // The alive key was gone: the server restarted without its data (the
  // jobs went with it), or this executor's event loop was held so long
  // that the key expired and the workers dropped its jobs and results.
  // The calls sent and not settled go again (a duplicate result is
  // dropped); none of them then waits for a job that is gone.
  #resend(): void {
    const lost = [...this.#calls.values()].filter((call) =>
      call.job?.id !== undefined && !call.future.done()
    );
    if (lost.length === 0) return;
    for (const call of lost) call.job = undefined;
    this.#outbox.unshift(...lost);
    this.#scheduleFlush();
  }

  #store(hash: string, record: string): Promise<unknown> {
    return this.#conn.set(
      fnKey(this.#queueName, this.#id, hash),
      record,
      "EX",
      this.#resultTtl + ALIVE_SECONDS,
    );
  }

  // Reads results in batches until no call waits; restarted by #enqueue.
  async #read(): Promise<void> {
    const key = resultsKey(this.#queueName, this.#id);
    try {
      while (this.#calls.size > 0 && !this.#closing) {
        // A command waits while Redis is down: shutdown() stops waiting.
        const pop = this.#reader.blpop(key, 1);
        pop.catch(() => {});
        const first = await Promise.race([pop, this.#stopReading.promise]);
        if (first === null) continue;
        await this.#deliver(first[1]);
        if (this.#closing) break;
        const more = await this.#reader.lpop(key, BATCH);
        for (const entry of more ?? []) await this.#deliver(entry);
      }
    } catch {
      // The reader was closed: shutdown() ends the calls.
    } finally {
      this.#reading = undefined;
      if (this.#calls.size > 0 && !this.#closing) {
        this.#reading = this.#read();
      }
    }
  }

  #closing = false;
  readonly #stopReading = Promise.withResolvers<null>();

  async #deliver(entry: string): Promise<void> {
    const { n, started, ok, bytes } = parseResult(entry);
    const call = this.#calls.get(n);
    if (call === undefined || call.future.done()) return; // a duplicate
    if (started) {
      // A worker took it: from now on cancel() says false, as for a
      // running call in Python (a re-run after a worker died says so again).
      if (!call.future.running()) {
        call.future.setRunningOrNotifyCancel();
        call.taken = true;
        this.#taken++;
      }
      return;
    }
    let value: unknown;
    let failed = !ok;
    try {
      const record = fromBase64(bytes);
      const needs = readNeeds(record);
      if (needs !== undefined) await load(needs);
      value = decodeBytes(record);
    } catch (error) {
      value = error;
      failed = true;
    }
    if (call.future.done()) return;
    if (!call.future.running()) call.future.setRunningOrNotifyCancel();
    if (failed) call.future.setException(value);
    else call.future.setResult(value);
  }

  #settled(n: number): void {
    const call = this.#calls.get(n);
    if (call === undefined) return;
    this.#calls.delete(n);
    if (call.taken) this.#taken--;
    if (call.future.cancelled()) {
      call.future.setRunningOrNotifyCancel();
      if (call.job !== undefined) void this.#recall(call.job, call);
    }
    if (this.#calls.size === 0) this.#idle?.resolve();
  }

  // Takes cancelled `call` back. Its job, when no worker has it yet, is
  // removed, and the job's other calls not done go out again in a new
  // one. A shared job a worker holds may lose that worker and come back
  // as a job per call (see JobHandler): the worker leaves out the calls
  // named in the executor's cancelled set, and a job already split is
  // removed by its id. A job not sent yet: #flush comes back here.
  async #recall(job: SentJob, call: Call): Promise<void> {
    if (job.id === undefined) return;
    if (job.calls.length === 1) {
      await this.#queue.remove(job.id).catch(() => 0);
      return;
    }
    const first = job.removed === undefined;
    job.removed ??= this.#takeBack(job.id);
    if (await job.removed) {
      if (!first) return;
      const rest = job.calls.filter((call) => !call.future.done());
      if (rest.length === 0) return;
      for (const call of rest) call.job = undefined;
      this.#outbox.unshift(...rest);
      this.#scheduleFlush();
    } else {
      // Named before the split job is removed: a split in between either
      // reads the name or made the job removed here.
      const cancelled = cancelledKey(this.#queueName, this.#id);
      await this.#conn.multi().sadd(cancelled, call.call[0]).expire(
        cancelled,
        this.#resultTtl + ALIVE_SECONDS,
      ).exec().catch(() => {});
      const id = splitJobId(this.#id, call.call[0]);
      await this.#queue.remove(id).catch(() => {});
    }
  }

  // Removes job `id` if it is waiting: BullMQ's remove() also says 1 for
  // a job that is gone (done, or split), whose calls must not go again.
  async #takeBack(id: string): Promise<boolean> {
    const state = await this.#queue.getJobState(id).catch(() => "unknown");
    if (state !== "waiting" && state !== "paused" && state !== "prioritized") {
      return false;
    }
    return await this.#queue.remove(id).catch(() => 0) === 1;
  }

  #failAll(error: RedisConnectionError): void {
    for (const call of [...this.#calls.values()]) fail(call.future, error);
  }

  async #close(): Promise<void> {
    // Every call, sent or not, is in #calls: while Redis is down they fail
    // after connectTimeout, so this never hangs.
    if (this.#calls.size > 0) {
      this.#idle = Promise.withResolvers();
      await this.#idle.promise;
    }
    this.#closing = true;
    clearInterval(this.#alive);
    this.#unbeat();
    this.#watch.stop();
    this.#stopReading.resolve(null);
    this.#reader.disconnect();
    await this.#reading;
    if (this.#conn.status === "ready") {
      await this.#conn.del(
        resultsKey(this.#queueName, this.#id),
        aliveKey(this.#queueName, this.#id),
        cancelledKey(this.#queueName, this.#id),
        ...[...this.#fnStored.keys()].map((hash) =>
          fnKey(this.#queueName, this.#id, hash)
        ),
      ).catch(() => {});
    }
    await this.#queue.close().catch(() => {});
    this.#conn.disconnect();
  }
}

function fail(future: Future<unknown>, error: unknown): void {
  if (future.done()) return;
  if (!future.running()) future.setRunningOrNotifyCancel();
  future.setException(error);
}
