// Copyright 2026 the @skein/concurrent authors. MIT license.
import { positionalOptions } from "../_internal/keywords.ts";
import {
  ahead,
  batch,
  endWorker,
  newCall,
  type PoolItem,
  type PoolSettings,
  type PoolWorker,
  sendItems,
  startWorker,
  submitKeys,
  WorkerPool,
  workerPool,
  workersEnded,
} from "./_worker_pool.ts";
import {
  Executor,
  type HealingOptions,
  type ShutdownOptions,
  type SubmitWithOptions,
} from "./executor.ts";
import type { Future } from "./future.ts";

const SUBMIT_KEYS = ["signal", "timeout"] as const;

/**
 * The base of {@linkcode ThreadPoolExecutor} and
 * {@linkcode ProcessPoolExecutor}: one pool of workers (threads or
 * processes) that run calls, as Python's two executors feed one `Future`.
 * Workers start when needed, up to `maxWorkers`, and are reused;
 * `submitWith()` takes a `signal` and a `timeout` that stop a call (a
 * running one with its worker, which is replaced); `shutdown()` stops the
 * pool. The subclasses differ only in what a worker is and how a call
 * crosses to it; this class cannot be made on its own.
 *
 * @example Either pool behind one type
 * ```ts
 * import {
 *   type PoolExecutor,
 *   ProcessPoolExecutor,
 *   ThreadPoolExecutor,
 * } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const double = (x: number) => 2 * x;
 * const pools: PoolExecutor[] = [
 *   new ThreadPoolExecutor({ maxWorkers: 1 }),
 *   new ProcessPoolExecutor({ maxWorkers: 1 }),
 * ];
 * for (const pool of pools) {
 *   assert.equal(pool.maxWorkers, 1);
 *   assert.equal(await pool.submitWith({ timeout: 60 }, double, 21), 42);
 *   await pool.shutdown();
 * }
 * ```
 */
export abstract class PoolExecutor extends Executor {
  #pool: WorkerPool<unknown, PoolWorker<unknown>>;

  /**
   * Makes the pool, once the subclass has checked its options.
   *
   * @ignore
   */
  protected constructor(
    settings: PoolSettings,
    maxWorkers: number,
    healing: HealingOptions,
    wallSeconds: number | undefined,
  ) {
    super();
    const { what, broken, bootstrapping, dispatchAtOnce } = settings;
    this.#pool = new WorkerPool(what, maxWorkers, healing, {
      startWorker: () => this[startWorker](),
      sendItems: (worker, items) => this[sendItems](worker, items),
      endWorker: (worker, how) => this[endWorker](worker, how),
      workersEnded: () => this[workersEnded](),
      brokenError: (message, options) => new broken(message, options),
      bootstrapping,
      ahead: (queued) => this[ahead](queued),
      batch: (queued) => this[batch](queued),
      dispatchAtOnce,
    }, wallSeconds);
  }

  /** The most workers the pool uses. */
  get maxWorkers(): number {
    return this[workerPool].maxWorkers;
  }

  /**
   * Stops the pool, as Python's `shutdown()`: later `submit()` calls throw
   * `RuntimeError`; with `cancelFutures`, calls not started are cancelled;
   * with `wait`, it resolves when every call has finished (and, in a
   * process pool, every worker process has exited; a thread pool's
   * workers go back to the shared cache of idle workers, or end).
   *
   * @param options `wait`, by position (Python's) or in the options, with
   * `cancelFutures`.
   */
  async shutdown(options?: boolean | ShutdownOptions): Promise<void> {
    await this[workerPool].shutdown(
      positionalOptions<ShutdownOptions>(
        "shut down executor",
        ["wait"],
        [options],
        ["wait", "cancelFutures"],
      ) ?? {},
    );
  }

  /**
   * Schedules `fn(...args)` on a worker: `submitWith({}, fn, ...args)`.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type (a promise is awaited in the worker).
   * @param fn The function: it crosses as a `Thread` target does (by
   * module and name when exported; to a process, found by its module and
   * name in the worker).
   * @param args Its arguments, through the wire codec.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`, or while a worker imports
   * the main module to find a function (an unguarded main module: the
   * worker's import fails instead of making pools without end, and the
   * future of the call that made it import fails with this error).
   * @throws {BrokenExecutor} If the pool is broken
   * (`BrokenThreadPool`/`BrokenProcessPool`).
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
   * `submit()` with a `signal` and a `timeout` (seconds): a call that has
   * not started is cancelled (its future's `cancelled()` is true); a
   * running one is stopped (its worker thread terminated, or its worker
   * process killed, and replaced) and its future fails at once with the
   * signal's reason or `TimeoutError`. A call with a `signal` or a
   * `timeout` runs alone on its worker, so stopping it stops no other.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type.
   * @param options The `signal` and `timeout`.
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`, or while a worker imports
   * the main module to find a function.
   * @throws {BrokenExecutor} If the pool is broken.
   * @throws {TypeError} If an option has the wrong type, or `fn` or an
   * argument cannot cross.
   * @throws {ValueError} If `timeout` is negative.
   *
   * @example Aborting a running call
   * ```ts
   * import { ProcessPoolExecutor } from "@skein/concurrent/futures";
   * import assert from "node:assert/strict";
   *
   * await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
   * const spin = () => {
   *   while (true) Math.random(); // never returns
   * };
   * const controller = new AbortController();
   * const spinning = pool.submitWith({ signal: controller.signal }, spin);
   * setTimeout(() => controller.abort(), 500);
   * await assert.rejects(spinning.result(), { name: "AbortError" });
   * assert.equal(await pool.submit((x: number) => x + 1, 1), 2);
   * ```
   */
  submitWith<A extends unknown[], R>(
    options: SubmitWithOptions,
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    const pool = this[workerPool];
    const timeout = pool.checkSubmit(options, fn, this[submitKeys]);
    return pool.enqueue(
      this[newCall](options, fn, args),
      fn.name || "anonymous function",
      options.signal,
      timeout,
    );
  }

  /**
   * The options `submitWith()` takes: `signal` and `timeout`.
   *
   * @ignore
   */
  protected get [submitKeys](): readonly string[] {
    return SUBMIT_KEYS;
  }

  /**
   * The pool the calls run on.
   *
   * @ignore
   */
  protected get [workerPool](): WorkerPool<unknown, PoolWorker<unknown>> {
    return this.#pool;
  }

  /**
   * The call sent for `fn(...args)`, encoded for a worker.
   *
   * @ignore
   */
  protected abstract [newCall](
    options: SubmitWithOptions,
    fn: (...args: never[]) => unknown,
    args: unknown[],
  ): unknown;

  /**
   * Starts a worker (the pool adds it to its list).
   *
   * @ignore
   */
  protected abstract [startWorker](): PoolWorker<unknown>;

  /**
   * Sends calls to a worker; it answers through the pool's itemDone() and
   * workerDied().
   *
   * @ignore
   */
  protected abstract [sendItems](
    worker: PoolWorker<unknown>,
    items: PoolItem<unknown>[],
  ): void;

  /**
   * Ends a worker: "close" lets an idle one finish, "terminate" ends it
   * (gently where that differs), "kill" at once.
   *
   * @ignore
   */
  protected abstract [endWorker](
    worker: PoolWorker<unknown>,
    how: "close" | "terminate" | "kill",
  ): void;

  /**
   * Settles when every worker ever started has ended.
   *
   * @ignore
   */
  protected abstract [workersEnded](): Promise<void>;

  /**
   * Calls a worker may hold (running and sent ahead), by queue length.
   *
   * @ignore
   */
  protected [ahead](_queued: number): number {
    return 1;
  }

  /**
   * Calls sent to a worker in one message, by queue length.
   *
   * @ignore
   */
  protected [batch](_queued: number): number {
    return 1;
  }
}
