// Copyright 2026 the @skein/concurrent authors. MIT license.
import { positionalOptions } from "../_internal/keywords.ts";
import { withoutNone } from "../_internal/none.ts";
import { ValueError } from "../errors.ts";
import { decode, encode } from "../_internal/codec.ts";
import { describe } from "../_internal/describe.ts";
import { identCounters, nextIdent } from "../_internal/ident.ts";
import {
  exportRef,
  functionRef,
  programMainModule,
} from "../_internal/ship.ts";
import { TaskWorker, THREAD_LIMIT_KINDS } from "../_internal/worker_pool.ts";
import {
  checkLimits,
  LimitBreach,
  type ResourceLimits,
} from "../_internal/limits.ts";
import type { HealingOptions, SubmitWithOptions } from "./executor.ts";
import type { Future } from "./future.ts";
import { PoolExecutor } from "./pool_executor.ts";
import * as hooks from "./_worker_pool.ts";
import type { PoolItem, PoolWorker, WorkerPool } from "./_worker_pool.ts";
import type { CallOutcome } from "../_internal/call_shipped.ts";
import type { PoolTask } from "./_pool_worker.ts";

const POOL_WORKER = new URL("./_pool_worker.ts", import.meta.url).href;
// A busy pool sends several tasks per message; this caps a batch so one
// slow task does not hold many others back.
const MAX_BATCH = 64;

/** Options for {@linkcode ThreadPoolExecutor}, as Python's keywords. */
export interface ThreadPoolExecutorOptions<I extends unknown[] = unknown[]>
  extends HealingOptions {
  /**
   * The most threads (workers) to use.
   *
   * @default {min(32, navigator.hardwareConcurrency + 4)}, also for `null`
   * (Python's None)
   */
  maxWorkers?: number | null;
  /**
   * A prefix for the pool's thread names (Python's `thread_name_prefix`):
   * in a task, `currentThread().name` is `PREFIX_0`, `PREFIX_1`, ...
   *
   * @default {"ThreadPoolExecutor-N"}
   */
  threadNamePrefix?: string;
  /**
   * Called in each worker before its first task, shipped as any task is.
   * If it throws, the pool is broken: pending and later calls fail with
   * `BrokenThreadPool`. None when omitted or `null` (Python's None).
   */
  initializer?: ((...args: I) => unknown) | null;
  /** The arguments for `initializer`. */
  initargs?: I;
  /**
   * Limits on each call: `heapMb`, the JavaScript heap of each worker
   * thread (workers with a heap limit are never shared with other pools),
   * and `wallSeconds`, how long one call may run. A call that exceeds one
   * fails with {@linkcode ResourceLimitError}, its worker is replaced and
   * the pool goes on. A thread has no resident memory or CPU time of its
   * own: `memoryMb` and `cpuSeconds` are a `ValueError` (use a
   * `ProcessPoolExecutor`). None when omitted or `null`.
   */
  limits?: ResourceLimits | null;
}

interface Call {
  readonly task: PoolTask;
  readonly transfer: Transferable[];
}

/** Options for {@linkcode ThreadPoolExecutor.prototype.submitWith}. */
export interface SubmitOptions extends SubmitWithOptions {
  /**
   * Buffers among the arguments to move to the worker instead of copying
   * them (zero-copy); this thread can no longer use them.
   */
  transfer?: Transferable[];
}

interface Slot extends PoolWorker<Call> {
  readonly worker: TaskWorker;
  /** The ids of the functions this worker already has. */
  readonly sent: Set<string>;
  readonly ident: number;
  readonly name: string;
  initialized: boolean;
}

let poolCount = 0;

const SUBMIT_KEYS = ["signal", "timeout", "transfer"] as const;

/**
 * A pool of threads (workers) that run calls, as Python's
 * `concurrent.futures.ThreadPoolExecutor`: `submit(fn, ...args)` returns a
 * {@linkcode Future}; workers start when needed, up to `maxWorkers`, and are
 * reused. The function crosses as a `Thread` target does (by module and
 * name when exported, else as source text), and arguments and results
 * through the wire codec: a `Lock`, `Event` or `Queue` argument is shared,
 * other values are copied. `fn` may be async.
 *
 * When a worker dies, or the initializer throws, the pool is broken, as in
 * Python: the affected and pending futures fail with
 * {@linkcode BrokenThreadPool}, and later `submit()` calls throw it; with
 * `replaceDeadWorkers`, only the call it was running fails and the worker
 * is replaced. `submitWith()` takes a `signal` and a `timeout` that stop a
 * running call (its worker is terminated and replaced). Idle workers never
 * keep the process alive; busy ones do.
 *
 * @example Submitting calls
 * ```ts
 * import { ThreadPoolExecutor } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const square = (x: number) => x * x;
 * const futures = [1, 2, 3].map((x) => pool.submit(square, x));
 * assert.deepEqual(await Promise.all(futures), [1, 4, 9]);
 * const results: number[] = [];
 * for await (const y of pool.map(square, [4, 5])) results.push(y);
 * assert.deepEqual(results, [16, 25]);
 * ```
 */
export class ThreadPoolExecutor<I extends unknown[] = unknown[]>
  extends PoolExecutor {
  #prefix: string;
  #initializer: PoolTask | undefined;
  #limits: ResourceLimits | undefined;
  #started = 0;
  #ending = new Set<Promise<void>>();

  /**
   * Makes a pool; no worker starts until the first `submit()`. Python's
   * `ThreadPoolExecutor(max_workers, thread_name_prefix, initializer,
   * initargs)` come by position or in an options object.
   *
   * @param options `maxWorkers`, or the options: `maxWorkers`,
   * `threadNamePrefix`, `initializer`, `initargs`, `replaceDeadWorkers`,
   * `maxConsecutiveDeaths`, `limits`.
   * @param threadNamePrefix Python's positional `thread_name_prefix`.
   * @param initializer Python's positional `initializer`.
   * @param initargs Python's positional `initargs`.
   * @throws {ValueError} If `maxWorkers` or `maxConsecutiveDeaths` is not a
   * positive integer, or a limit is not a number > 0 or cannot be enforced
   * for a thread.
   * @throws {TypeError} If `initializer` or `initargs` cannot cross, or
   * `replaceDeadWorkers` is not a boolean.
   */
  constructor(
    options?: number | null | ThreadPoolExecutorOptions<I>,
    threadNamePrefix?: string,
    initializer?: ((...args: I) => unknown) | null,
    initargs?: I,
  ) {
    const given = positionalOptions<ThreadPoolExecutorOptions<I>>(
      "create ThreadPoolExecutor",
      ["maxWorkers", "threadNamePrefix", "initializer", "initargs"],
      [options, threadNamePrefix, initializer, initargs],
      [
        "maxWorkers",
        "threadNamePrefix",
        "initializer",
        "initargs",
        "limits",
        "replaceDeadWorkers",
        "maxConsecutiveDeaths",
      ],
    ) ?? {};
    const {
      maxWorkers = Math.min(32, (navigator.hardwareConcurrency ?? 1) + 4),
      threadNamePrefix: prefix,
      initializer: init,
      initargs: initArgs = [] as unknown[] as I,
      limits: limitsOption,
      ...healing
    } = withoutNone(given, ["maxWorkers", "initializer"]);
    hooks.checkPoolOptions("ThreadPoolExecutor", { maxWorkers }, init);
    const limits = checkLimits(
      "create ThreadPoolExecutor",
      limitsOption,
      THREAD_LIMIT_KINDS,
      "a thread (use a ProcessPoolExecutor)",
      ValueError,
    );
    super(hooks.POOLS.thread, maxWorkers, healing, limits?.wallSeconds);
    this.#limits = limits;
    this.#prefix = prefix ?? `ThreadPoolExecutor-${poolCount++}`;
    this.#initializer = init === undefined ? undefined : {
      fn: functionRef(init, "initializer"),
      args: encode(initArgs, "initargs"),
    };
  }

  /** The prefix of the pool's thread names. */
  get threadNamePrefix(): string {
    return this.#prefix;
  }

  /**
   * `submit()` with options: an `AbortSignal` and a `timeout` (seconds)
   * that cancel the call while it waits and stop it while it runs (its
   * worker thread is terminated and replaced; the future fails at once
   * with the signal's reason or `TimeoutError`), and buffers to `transfer`
   * (move) to the worker rather than copy. A call with a `signal` or a
   * `timeout` runs alone on its worker, so stopping it stops no other.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type.
   * @param options The `signal`, `timeout` and `transfer` list.
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`, or while a worker imports
   * the main module to find a function (an unguarded main module: the
   * worker's import fails instead of making pools without end, and the
   * future of the call that made it import fails with this error).
   * @throws {BrokenThreadPool} If the pool is broken.
   * @throws {TypeError} If an option has the wrong type.
   * @throws {ValueError} If `timeout` is negative.
   *
   * @example Moving a buffer to a worker
   * ```ts
   * import { ThreadPoolExecutor } from "@skein/concurrent/futures";
   * import assert from "node:assert/strict";
   *
   * await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
   * const data = new Uint8Array(1024).fill(1);
   * const sum = (bytes: Uint8Array) => bytes.reduce((a, b) => a + b, 0);
   * const future = pool.submitWith({ transfer: [data.buffer] }, sum, data);
   * assert.equal(data.byteLength, 0); // moved, not copied
   * assert.equal(await future, 1024);
   * ```
   *
   * @example Stopping a running call
   * ```ts
   * import { ThreadPoolExecutor } from "@skein/concurrent/futures";
   * import assert from "node:assert/strict";
   *
   * await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
   * const spin = () => {
   *   while (true) Math.random(); // never returns
   * };
   * const spinning = pool.submitWith({ timeout: 0.2 }, spin);
   * await assert.rejects(spinning.result(), { name: "TimeoutError" });
   * assert.equal(await pool.submit((x: number) => x + 1, 1), 2);
   * ```
   */
  override submitWith<A extends unknown[], R>(
    options: SubmitOptions,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    const { transfer = [] } = options ?? {};
    if (!Array.isArray(transfer)) {
      throw new TypeError(
        `Cannot submit as 'transfer' must be an array: received ${
          describe(transfer)
        }`,
      );
    }
    return super.submitWith(options, fn, ...args);
  }

  /**
   * The options `submitWith()` takes: `signal`, `timeout` and `transfer`.
   *
   * @ignore
   */
  protected override get [hooks.submitKeys](): readonly string[] {
    return SUBMIT_KEYS;
  }

  /**
   * The call sent to a worker thread: the function's reference, the
   * arguments encoded, and the buffers to move.
   *
   * @ignore
   */
  protected override [hooks.newCall](
    options: SubmitOptions,
    fn: (...args: never[]) => unknown,
    args: unknown[],
  ): Call {
    return {
      task: { fn: functionRef(fn, "fn"), args: encode(args, "args") },
      transfer: options.transfer ?? [],
    };
  }

  /**
   * One task at a time while the queue is short (tasks may be long and
   * should spread over the workers); batches when it is long. When a dead
   * worker is replaced, one at a time, so that its death costs one call.
   *
   * @ignore
   */
  protected override [hooks.batch](queued: number): number {
    if (this.#pool.healing || this.#limits !== undefined) return 1;
    return Math.min(
      MAX_BATCH,
      Math.max(1, Math.floor(queued / (2 * this.#pool.maxWorkers))),
    );
  }

  get #pool(): WorkerPool<Call, Slot> {
    return this[hooks.workerPool] as unknown as WorkerPool<Call, Slot>;
  }

  /**
   * Takes a worker thread from the shared cache of idle ones, or starts
   * one (a new one with a heap limit).
   *
   * @ignore
   */
  protected override [hooks.startWorker](): Slot {
    return {
      worker: TaskWorker.acquire(
        this.#limits?.heapMb === undefined
          ? undefined
          : { heapMb: this.#limits.heapMb },
      ),
      items: new Set(),
      closing: false,
      sent: new Set(),
      ident: nextIdent(),
      name: `${this.#prefix}_${this.#started++}`,
      initialized: this.#initializer === undefined,
    };
  }

  /**
   * Gives a worker back to the cache ("close"), or terminates it.
   *
   * @ignore
   */
  protected override [hooks.endWorker](
    slot: Slot,
    how: "close" | "terminate" | "kill",
  ): void {
    if (how === "close") {
      slot.worker.release();
      return;
    }
    const ended = slot.worker.terminate();
    this.#ending.add(ended);
    ended.then(() => this.#ending.delete(ended));
  }

  /**
   * Settles when the terminated workers have ended.
   *
   * @ignore
   */
  protected override [hooks.workersEnded](): Promise<void> {
    return Promise.all(this.#ending).then(() => {});
  }

  /**
   * Runs calls on a worker thread, in one message.
   *
   * @ignore
   */
  protected override [hooks.sendItems](
    slot: Slot,
    items: PoolItem<Call>[],
  ): void {
    this.#run(slot, items);
  }

  async #run(slot: Slot, batch: PoolItem<Call>[]): Promise<void> {
    slot.worker.ref();
    try {
      if (!slot.initialized) {
        const [outcome] = await this.#send(slot, [this.#initializer!]);
        if (outcome instanceof Error || !outcome!.ok) {
          const cause = outcome instanceof Error
            ? outcome
            : await decode(outcome!.value);
          this.#pool.breakPool(
            "A thread initializer failed, the thread pool is not usable anymore",
            cause,
          );
          return;
        }
        slot.initialized = true;
      }
      const outcomes = await this.#send(
        slot,
        batch.map((item) => item.task.task),
        batch.flatMap((item) => item.task.transfer),
      );
      if (outcomes[0] instanceof Error) {
        const error = outcomes[0];
        const names = [...new Set(batch.map((item) => item.name))].join("', '");
        const died = `A thread running task '${names}' died: ${error.message}`;
        this.#pool.workerDied(slot, {
          broken: died,
          replaced: `${died}; the pool replaced it`,
          cause: error,
          breach: error instanceof LimitBreach ? error.breach : undefined,
        });
        return;
      }
      for (const [i, item] of batch.entries()) {
        const outcome = outcomes[i] as CallOutcome;
        let ok = outcome.ok;
        let value: unknown;
        try {
          value = outcome.value.marked
            ? await decode(outcome.value)
            : outcome.value.value;
        } catch (error) {
          ok = false;
          value = error;
        }
        this.#pool.itemDone(slot, item, ok, value);
      }
    } finally {
      slot.worker.unref();
    }
  }

  async #send(
    slot: Slot,
    tasks: PoolTask[],
    transfer: Transferable[] = [],
  ): Promise<(CallOutcome | Error)[]> {
    const refs = [];
    const flat: unknown[] = [];
    for (const task of tasks) {
      if (!slot.sent.has(task.fn.id)) {
        slot.sent.add(task.fn.id);
        refs.push(task.fn);
      }
      flat.push(task.fn.id, task.args.marked, task.args.value);
    }
    const reply = await slot.worker.run({
      fn: exportRef("runBatch", POOL_WORKER),
      args: { value: [refs, flat, slot.name], marked: false },
      ident: slot.ident,
      counters: identCounters(),
      mainModule: programMainModule(),
    }, transfer);
    if (reply instanceof Error) return [reply];
    if (!reply.ok) {
      // runBatch itself failed (its module could not load): all tasks fail.
      const error = await decode(reply.value);
      return tasks.map(() => ({ ok: false, value: encode(error, "error") }));
    }
    const out = await decode(reply.value) as unknown[];
    const outcomes: CallOutcome[] = [];
    for (let i = 0; i < out.length; i += 3) {
      outcomes.push({
        ok: out[i] as boolean,
        value: { marked: out[i + 1] as boolean, value: out[i + 2] },
      });
    }
    return outcomes;
  }
}
