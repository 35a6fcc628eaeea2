// Copyright 2026 the @skein/concurrent authors. MIT license.
import { withoutNone } from "../_internal/none.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import { decode, encode } from "../_internal/codec.ts";
import { describe } from "../_internal/describe.ts";
import { identCounters, nextIdent } from "../_internal/ident.ts";
import {
  exportRef,
  functionRef,
  isImportingForShipping,
  programMainModule,
  THREAD_BOOTSTRAPPING,
} from "../_internal/ship.ts";
import { Fifo } from "../_internal/fifo.ts";
import { TaskWorker } from "../_internal/worker_pool.ts";
import { BrokenThreadPool } from "./errors.ts";
import { Executor, type ShutdownOptions } from "./executor.ts";
import { Future } from "./future.ts";
import type { CallOutcome } from "../_internal/call_shipped.ts";
import type { PoolTask } from "./_pool_worker.ts";

const POOL_WORKER = new URL("./_pool_worker.ts", import.meta.url).href;
// A busy pool sends several tasks per message; this caps a batch so one
// slow task does not hold many others back.
const MAX_BATCH = 64;

/** Options for {@linkcode ThreadPoolExecutor}, as Python's keywords. */
export interface ThreadPoolExecutorOptions<I extends unknown[] = unknown[]> {
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
}

interface WorkItem {
  readonly future: Future<unknown>;
  readonly task: PoolTask;
  readonly name: string;
  readonly transfer: Transferable[];
}

/** Options for {@linkcode ThreadPoolExecutor.prototype.submitWith}. */
export interface SubmitOptions {
  /**
   * Cancels the call if it has not started when the signal aborts (a
   * running call goes on, as `Future.cancel()` leaves it).
   */
  signal?: AbortSignal;
  /**
   * Buffers among the arguments to move to the worker instead of copying
   * them (zero-copy); this thread can no longer use them.
   */
  transfer?: Transferable[];
}

interface Slot {
  readonly worker: TaskWorker;
  /** The ids of the functions this worker already has. */
  readonly sent: Set<string>;
  readonly ident: number;
  readonly name: string;
  busy: boolean;
  initialized: boolean;
}

let poolCount = 0;

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
 * {@linkcode BrokenThreadPool}, and later `submit()` calls throw it. Idle
 * workers never keep the process alive; busy ones do.
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
  extends Executor {
  #maxWorkers: number;
  #prefix: string;
  #initializer: PoolTask | undefined;
  #slots: Slot[] = [];
  #queue = new Fifo<WorkItem>();
  #shutdown = false;
  #broken: string | undefined;
  #idle = Promise.withResolvers<void>();
  #running = 0;
  #started = 0;

  /**
   * Makes a pool; no worker starts until the first `submit()`.
   *
   * @param options `maxWorkers`, `threadNamePrefix`, `initializer`,
   * `initargs`.
   * @throws {ValueError} If `maxWorkers` is not a positive integer.
   * @throws {TypeError} If `initializer` or `initargs` cannot cross.
   */
  constructor(options: ThreadPoolExecutorOptions<I> = {}) {
    super();
    const {
      maxWorkers = Math.min(32, (navigator.hardwareConcurrency ?? 1) + 4),
      threadNamePrefix,
      initializer,
      initargs = [] as unknown[] as I,
    } = withoutNone(options, ["maxWorkers", "initializer"]);
    if (!Number.isInteger(maxWorkers) || maxWorkers <= 0) {
      throw new ValueError(
        `Cannot create ThreadPoolExecutor as 'maxWorkers' must be an integer > 0: current value is ${maxWorkers}`,
      );
    }
    if (initializer !== undefined && typeof initializer !== "function") {
      throw new TypeError(
        `Cannot create ThreadPoolExecutor as 'initializer' must be a function: received ${
          describe(initializer)
        }`,
      );
    }
    this.#maxWorkers = maxWorkers;
    this.#prefix = threadNamePrefix ?? `ThreadPoolExecutor-${poolCount++}`;
    this.#initializer = initializer === undefined ? undefined : {
      fn: functionRef(initializer, "initializer"),
      args: encode(initargs, "initargs"),
    };
    this.#idle.resolve();
  }

  /** The most workers the pool uses. */
  get maxWorkers(): number {
    return this.#maxWorkers;
  }

  /** The prefix of the pool's thread names. */
  get threadNamePrefix(): string {
    return this.#prefix;
  }

  /**
   * Schedules `fn(...args)` on a worker.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type (a promise is awaited in the worker).
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`, or while a worker imports
   * the main module to find a function (an unguarded main module: the
   * worker's import fails instead of making pools without end, and the
   * future of the call that made it import fails with this error).
   * @throws {BrokenThreadPool} If the pool is broken.
   * @throws {TypeError} If `fn` or an argument cannot cross (the path is in
   * the message).
   */
  submit<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    return this.submitWith({}, fn, ...args);
  }

  /**
   * `submit()` with options: an `AbortSignal` that cancels the call while it
   * waits, and buffers to `transfer` (move) to the worker rather than copy.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type.
   * @param options The `signal` and `transfer` list.
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`, or while a worker imports
   * the main module to find a function (an unguarded main module: the
   * worker's import fails instead of making pools without end, and the
   * future of the call that made it import fails with this error).
   * @throws {BrokenThreadPool} If the pool is broken.
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
   */
  submitWith<A extends unknown[], R>(
    options: SubmitOptions,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    const { signal, transfer = [] } = options;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(
        `Cannot submit as 'signal' must be an AbortSignal: received ${
          describe(signal)
        }`,
      );
    }
    if (!Array.isArray(transfer)) {
      throw new TypeError(
        `Cannot submit as 'transfer' must be an array: received ${
          describe(transfer)
        }`,
      );
    }
    if (this.#broken !== undefined) throw new BrokenThreadPool(this.#broken);
    if (this.#shutdown) {
      throw new RuntimeError("cannot schedule new futures after shutdown");
    }
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot submit as 'fn' must be a function: received ${describe(fn)}`,
      );
    }
    // A worker importing an unguarded main module to find a function must
    // not make pools of its own: the import fails, and the caller's future
    // with it.
    if (isImportingForShipping()) throw new RuntimeError(THREAD_BOOTSTRAPPING);
    const task: PoolTask = {
      fn: functionRef(fn, "fn"),
      args: encode(args, "args"),
    };
    const future = new Future<Awaited<R>>();
    this.#queue.push({
      future: future as Future<unknown>,
      task,
      name: fn.name || "anonymous function",
      transfer,
    });
    if (signal !== undefined) {
      const onAbort = (): void => {
        future.cancel();
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        future.addDoneCallback(() =>
          signal.removeEventListener("abort", onAbort)
        );
      }
    }
    if (this.#running++ === 0) this.#idle = Promise.withResolvers();
    future.addDoneCallback(() => {
      if (--this.#running === 0) this.#idle.resolve();
    });
    this.#dispatch();
    return future;
  }

  /**
   * Stops the pool, as Python's `shutdown()`: later `submit()` calls throw
   * `RuntimeError`; with `cancelFutures`, calls not started are cancelled;
   * with `wait`, it resolves when every call has finished. Then the workers
   * go back to the shared cache of idle workers (or end).
   *
   * @param options `wait` and `cancelFutures`.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    this.#shutdown = true;
    if (cancelFutures) {
      for (const item of this.#queue.drain()) {
        if (item.future.cancel()) item.future.setRunningOrNotifyCancel();
      }
    }
    if (wait) await this.#idle.promise;
    this.#releaseIdle();
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.busy);
      if (slot === undefined && this.#slots.length < this.#maxWorkers) {
        slot = this.#start();
      }
      if (slot === undefined) return;
      // One task at a time while the queue is short (tasks may be long and
      // should spread over the workers); batches when it is long.
      const share = Math.min(
        MAX_BATCH,
        Math.max(1, Math.floor(this.#queue.length / (2 * this.#maxWorkers))),
      );
      const batch: WorkItem[] = [];
      while (batch.length < share && this.#queue.length > 0) {
        const item = this.#queue.shift()!;
        if (item.future.setRunningOrNotifyCancel()) batch.push(item);
      }
      if (batch.length > 0) this.#run(slot, batch);
    }
  }

  #start(): Slot {
    const slot: Slot = {
      worker: TaskWorker.acquire(),
      sent: new Set(),
      ident: nextIdent(),
      name: `${this.#prefix}_${this.#started++}`,
      busy: false,
      initialized: this.#initializer === undefined,
    };
    this.#slots.push(slot);
    return slot;
  }

  async #run(slot: Slot, batch: WorkItem[]): Promise<void> {
    slot.busy = true;
    slot.worker.ref();
    try {
      if (!slot.initialized) {
        const [outcome] = await this.#send(slot, [this.#initializer!]);
        if (outcome instanceof Error || !outcome!.ok) {
          const cause = outcome instanceof Error
            ? outcome
            : await decode(outcome!.value);
          this.#break(
            "A thread initializer failed, the thread pool is not usable anymore",
            batch,
            cause,
          );
          return;
        }
        slot.initialized = true;
      }
      const outcomes = await this.#send(
        slot,
        batch.map((item) => item.task),
        batch.flatMap((item) => item.transfer),
      );
      if (outcomes[0] instanceof Error) {
        const names = [...new Set(batch.map((item) => item.name))].join("', '");
        this.#break(
          `A thread running task '${names}' died: ${outcomes[0].message}`,
          batch,
          outcomes[0],
        );
        return;
      }
      for (const [i, item] of batch.entries()) {
        const outcome = outcomes[i] as CallOutcome;
        try {
          const value = outcome.value.marked
            ? await decode(outcome.value)
            : outcome.value.value;
          if (outcome.ok) item.future.setResult(value);
          else item.future.setException(value);
        } catch (error) {
          item.future.setException(error);
        }
      }
    } finally {
      slot.busy = false;
      slot.worker.unref();
    }
    if (this.#broken === undefined) this.#dispatch();
    if (this.#shutdown && this.#running === 0) this.#releaseIdle();
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

  #break(message: string, batch: WorkItem[], cause: unknown): void {
    this.#broken = message;
    for (const item of [...batch, ...this.#queue.drain()]) {
      if (item.future.done()) continue;
      if (!item.future.running()) item.future.setRunningOrNotifyCancel();
      if (!item.future.done()) {
        item.future.setException(new BrokenThreadPool(message, { cause }));
      }
    }
    for (const slot of this.#slots.splice(0)) slot.worker.terminate();
  }

  #releaseIdle(): void {
    for (const slot of [...this.#slots]) {
      if (slot.busy) continue;
      this.#slots.splice(this.#slots.indexOf(slot), 1);
      slot.worker.release();
    }
  }
}
