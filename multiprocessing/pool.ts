// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkSeconds } from "../_internal/seconds.ts";
import { TimeoutError, ValueError } from "../errors.ts";
import {
  BrokenProcessPool,
  type Future,
  ProcessPoolExecutor,
} from "../futures/mod.ts";
import type { ProcessPermissions } from "../_internal/child_permissions.ts";
import { processCpuCount } from "./context.ts";
import { ChunkFeed } from "./_chunk_feed.ts";
import { replaceDeadWorkers, startWorkers } from "../futures/_pool_hooks.ts";
import { customInspect } from "../_internal/py_repr.ts";

/** Options of {@linkcode Pool}, as Python's keyword arguments. */
export interface PoolOptions<I extends unknown[] = unknown[]> {
  /** Called in each worker process before its first task. */
  initializer?: (...args: I) => unknown;
  /** The arguments for `initializer`. */
  initargs?: I;
  /** Tasks a worker runs before it is replaced; unlimited when omitted. */
  maxtasksperchild?: number;
  /** The workers' Deno permissions: by default this process's, never more. */
  permissions?: ProcessPermissions;
}

/** Options of the `...Async` methods: Python's callbacks. */
export interface AsyncOptions<R> {
  /** Called with the result when it is ready. */
  callback?: (result: R) => void;
  /** Called with the exception when the task failed. */
  errorCallback?: (error: unknown) => void;
}

/** Options of the map methods. */
export interface ChunkOptions {
  /**
   * Items per task sent to a worker; by default, as Python, the items
   * split in about four chunks per worker.
   */
  chunksize?: number;
}

/** Options of {@linkcode AsyncResult.prototype.get} and `wait`. */
export interface ResultWaitOptions {
  /** Seconds to wait at most; forever when omitted. */
  timeout?: number;
}

/**
 * The result of a task started with an `...Async` method of
 * {@linkcode Pool}, as Python's `AsyncResult`.
 *
 * @example Usage
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(1);
 * const result = pool.applyAsync((x: number) => x + 1, [41]);
 * assert.equal(await result.get({ timeout: 30 }), 42);
 * assert.equal(result.ready(), true);
 * assert.equal(result.successful(), true);
 * ```
 *
 * @typeParam R The result type.
 */
export class AsyncResult<R> {
  #promise: Promise<R>;
  #settled: { ok: boolean; value: unknown } | undefined;

  /**
   * Not for use: results come from a {@linkcode Pool}.
   *
   * @param promise The task's outcome.
   * @param options The callbacks.
   * @ignore
   */
  constructor(promise: Promise<R>, options: AsyncOptions<R>) {
    this.#promise = promise;
    promise.then((value) => {
      this.#settled = { ok: true, value };
      options.callback?.(value);
    }, (error) => {
      this.#settled = { ok: false, value: error };
      options.errorCallback?.(error);
    });
  }

  /**
   * The result, waiting up to `timeout` seconds for it.
   *
   * @param options A `timeout` in seconds.
   * @returns The result.
   * @throws {TimeoutError} If it is not ready in time.
   * @throws {unknown} The task's exception, if it failed.
   */
  async get(options: ResultWaitOptions = {}): Promise<R> {
    if (!await this.wait(options)) {
      throw new TimeoutError("The result is not ready in time");
    }
    return this.#promise;
  }

  /**
   * Waits up to `timeout` seconds for the result.
   *
   * @param options A `timeout` in seconds.
   * @returns Whether it is ready.
   */
  async wait(options: ResultWaitOptions = {}): Promise<boolean> {
    const timeout = checkSeconds(
      "wait for result",
      "timeout",
      options.timeout,
      ValueError,
    );
    if (this.#settled !== undefined) return true;
    if (timeout === undefined) {
      await this.#promise.catch(() => {});
      return true;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#promise.catch(() => {}),
      new Promise((resolve) =>
        timer = setTimeout(resolve, Math.max(0, timeout) * 1000)
      ),
    ]);
    clearTimeout(timer);
    return this.#settled !== undefined;
  }

  /**
   * Whether the task has finished.
   *
   * @returns `true` once it succeeded or failed.
   */
  ready(): boolean {
    return this.#settled !== undefined;
  }

  /**
   * Whether the task finished without an exception.
   *
   * @returns `true` if it succeeded.
   * @throws {ValueError} If it has not finished.
   */
  successful(): boolean {
    if (this.#settled === undefined) {
      throw new ValueError("AsyncResult is not ready");
    }
    return this.#settled.ok;
  }
}

const RUN = 0;
const CLOSE = 1;
const TERMINATE = 2;

/**
 * A pool of worker processes, as Python's `multiprocessing.Pool` (spawn):
 * `apply`, `map`, `starmap` and their `...Async` forms, and `imap` /
 * `imapUnordered` as async iterators. Each waiting call returns a
 * promise. It runs on `futures.ProcessPoolExecutor`'s workers; functions
 * and arguments cross as there.
 *
 * `await using pool = new Pool()` terminates it on exit, as Python's
 * `with Pool() as pool:`.
 *
 * A worker that dies (`Deno.exit()`, a signal) fails the task it was
 * running with `BrokenProcessPool`, where Python's would wait forever;
 * the pool replaces it, and the other tasks carry on.
 *
 * @example Map over worker processes
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(2);
 * const square = (x: number) => x * x;
 * assert.deepEqual(await pool.map(square, [1, 2, 3, 4]), [1, 4, 9, 16]);
 * const max = (...xs: number[]) => Math.max(...xs);
 * assert.equal(await pool.apply(max, [3, 9, 4]), 9);
 * ```
 *
 * @typeParam I The initializer's argument types.
 */
export class Pool<I extends unknown[] = unknown[]> implements AsyncDisposable {
  #executor: ProcessPoolExecutor<I>;
  #makeExecutor: () => ProcessPoolExecutor<I>;
  #retired: Promise<void>[] = [];
  #processes: number;
  #state = RUN;

  /**
   * Starts a pool and its worker processes (each runs `initializer`
   * first, as Python's).
   *
   * @param processes The number of workers; `processCpuCount()` when
   * omitted.
   * @param options `initializer`, `initargs`, `maxtasksperchild`,
   * `permissions`.
   * @throws {ValueError} If `processes` is below 1.
   * @throws {RuntimeError} While a worker imports the main module to find
   * a function (an unguarded main module: Python's bootstrapping error).
   * @throws {Deno.errors.NotCapable} If `permissions` asks for more than
   * this process has.
   */
  constructor(processes?: number, options: PoolOptions<I> = {}) {
    const count = processes ?? processCpuCount();
    if (!Number.isInteger(count) || count < 1) {
      throw new ValueError(
        `Number of processes must be at least 1: current value is ${count}`,
      );
    }
    const { maxtasksperchild } = options;
    if (
      maxtasksperchild !== undefined &&
      (!Number.isInteger(maxtasksperchild) || maxtasksperchild < 1)
    ) {
      throw new ValueError(
        `Cannot create Pool as 'maxtasksperchild' must be a positive integer or undefined: current value is ${maxtasksperchild}`,
      );
    }
    this.#processes = count;
    this.#makeExecutor = () =>
      new ProcessPoolExecutor<I>({
        maxWorkers: count,
        ...(options.initializer ? { initializer: options.initializer } : {}),
        ...(options.initargs ? { initargs: options.initargs } : {}),
        ...(maxtasksperchild === undefined
          ? {}
          : { maxTasksPerChild: maxtasksperchild }),
        ...(options.permissions ? { permissions: options.permissions } : {}),
      });
    this.#executor = this.#makeExecutor();
    this.#executor[replaceDeadWorkers]();
    this.#executor[startWorkers]();
  }

  /**
   * Calls `fn(...args, kwds?)` in a worker and returns its result.
   *
   * @param fn The function.
   * @param args Its arguments.
   * @param kwds Passed as one more, last argument when given.
   * @returns The result.
   * @throws {ValueError} If the pool is not running (a rejection).
   */
  async apply<A extends unknown[], R>(
    fn: (...args: A) => R,
    args: A = [] as unknown[] as A,
    kwds?: Record<string, unknown>,
  ): Promise<Awaited<R>> {
    return await this.applyAsync(fn, args, kwds).get();
  }

  /**
   * `apply` that returns at once with an {@linkcode AsyncResult}.
   *
   * @param fn The function.
   * @param args Its arguments.
   * @param kwds Passed as one more, last argument when given.
   * @param options `callback` and `errorCallback`.
   * @returns The result to come.
   * @throws {ValueError} If the pool is not running.
   */
  applyAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    args: A = [] as unknown[] as A,
    kwds?: Record<string, unknown>,
    options: AsyncOptions<Awaited<R>> = {},
  ): AsyncResult<Awaited<R>> {
    this.#checkRunning();
    const all = (kwds === undefined ? args : [...args, kwds]) as A;
    return new AsyncResult(settle(this.#submit(fn, ...all)), options);
  }

  /**
   * Calls `fn` on each item, in workers, and returns the results in order.
   *
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize`.
   * @returns The results.
   * @throws {ValueError} If the pool is not running (a rejection, as is
   * every error of the call).
   */
  async map<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions = {},
  ): Promise<Awaited<R>[]> {
    return await this.mapAsync(fn, iterable, options).get();
  }

  /**
   * `map` that returns at once with an {@linkcode AsyncResult} of the list.
   *
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize`, `callback`, `errorCallback`.
   * @returns The list to come.
   */
  mapAsync<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions & AsyncOptions<Awaited<R>[]> = {},
  ): AsyncResult<Awaited<R>[]> {
    const all = [...iterable];
    return this.#mapItems(fn as (...args: unknown[]) => R, all, false, options);
  }

  /**
   * `map` for functions of several arguments: each item is an argument
   * list, as Python's `starmap`.
   *
   * @param fn The function.
   * @param iterable The argument lists.
   * @param options `chunksize`.
   * @returns The results.
   * @throws {ValueError} If the pool is not running (a rejection).
   */
  async starmap<A extends unknown[], R>(
    fn: (...args: A) => R,
    iterable: Iterable<A>,
    options: ChunkOptions = {},
  ): Promise<Awaited<R>[]> {
    return await this.starmapAsync(fn, iterable, options).get();
  }

  /**
   * `starmap` that returns at once with an {@linkcode AsyncResult}.
   *
   * @param fn The function.
   * @param iterable The argument lists.
   * @param options `chunksize`, `callback`, `errorCallback`.
   * @returns The list to come.
   */
  starmapAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    iterable: Iterable<A>,
    options: ChunkOptions & AsyncOptions<Awaited<R>[]> = {},
  ): AsyncResult<Awaited<R>[]> {
    const all = [...iterable];
    return this.#mapItems(fn as (...args: unknown[]) => R, all, true, options);
  }

  /**
   * Calls `fn` on each item, in workers, yielding the results in order as
   * they become available. The items are read and submitted from the call
   * on, a batch at a time, as Python's task handler reads them (an endless
   * iterable works); an error the iterable throws is thrown by the
   * iteration at its chunk's place.
   *
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize` (1 by default, as Python's).
   * @returns An async iterator of the results.
   * @throws {ValueError} If the pool is not running, or `chunksize` is
   * not a positive integer.
   */
  imap<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions = {},
  ): AsyncGenerator<Awaited<R>> {
    const feed = this.#feed(fn, iterable, options.chunksize ?? 1);
    return (async function* (): AsyncGenerator<Awaited<R>> {
      try {
        for (let i = 0;; i++) {
          while (i >= feed.chunks.length) {
            if (feed.ended) return;
            await feed.changed();
          }
          yield* await feed.chunks[i]!;
        }
      } finally {
        feed.stop();
      }
    })();
  }

  /**
   * `imap` that yields each result as soon as it is ready, in any order.
   *
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize` (1 by default).
   * @returns An async iterator of the results.
   * @throws {ValueError} If the pool is not running, or `chunksize` is
   * not a positive integer.
   */
  imapUnordered<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions = {},
  ): AsyncGenerator<Awaited<R>> {
    const feed = this.#feed(fn, iterable, options.chunksize ?? 1);
    return (async function* (): AsyncGenerator<Awaited<R>> {
      const pending = new Map<number, Promise<[number, Awaited<R>[]]>>();
      let seen = 0;
      try {
        for (;;) {
          for (; seen < feed.chunks.length; seen++) {
            const i = seen;
            const chunk = feed.chunks[i]!.then((
              results,
            ): [number, Awaited<R>[]] => [i, results]);
            chunk.catch(() => {}); // read by the race, or by nobody
            pending.set(i, chunk);
          }
          if (pending.size === 0) {
            if (feed.ended) return;
            await feed.changed();
            continue;
          }
          const next = await Promise.race([
            ...pending.values(),
            ...(feed.ended ? [] : [feed.changed().then(() => undefined)]),
          ]);
          if (next === undefined) continue;
          pending.delete(next[0]);
          yield* next[1];
        }
      } finally {
        feed.stop();
      }
    })();
  }

  /** Accepts no more tasks; the workers exit when the queued ones are done. */
  close(): void {
    if (this.#state === RUN) {
      this.#state = CLOSE;
      this.#executor.shutdown({ wait: false });
    }
  }

  /** Stops the workers at once; tasks not finished fail. */
  terminate(): void {
    if (this.#state !== TERMINATE) {
      this.#state = TERMINATE;
      this.#executor.terminateWorkers();
    }
  }

  /**
   * Waits for the workers to exit, after `close()` or `terminate()`.
   *
   * @throws {ValueError} If the pool is still running.
   */
  async join(): Promise<void> {
    if (this.#state === RUN) throw new ValueError("Pool is still running");
    await this.#executor.shutdown({ wait: true });
    await Promise.all(this.#retired);
  }

  // Submits to the workers. A worker that dies costs only the task it was
  // running (see _pool_hooks.ts); an initializer that fails breaks the
  // executor, and later calls go to a new set of workers.
  #submit<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    try {
      return this.#executor.submit(fn, ...args);
    } catch (error) {
      if (!(error instanceof BrokenProcessPool)) throw error;
      const broken = this.#executor;
      this.#retired.push(broken.shutdown({ wait: true }).catch(() => {}));
      this.#executor = this.#makeExecutor();
      this.#executor[replaceDeadWorkers]();
      this.#executor[startWorkers]();
      return this.#executor.submit(fn, ...args);
    }
  }

  /** Terminates the pool and waits for it, as Python's `with` exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.terminate();
    await this.join();
  }

  #checkRunning(): void {
    if (this.#state !== RUN) throw new ValueError("Pool not running");
  }

  #mapItems<R>(
    fn: (...args: unknown[]) => R,
    items: unknown[],
    star: boolean,
    options: ChunkOptions & AsyncOptions<Awaited<R>[]>,
  ): AsyncResult<Awaited<R>[]> {
    this.#checkRunning();
    let { chunksize } = options;
    if (chunksize === undefined) {
      // Python's default: about four chunks per worker.
      chunksize = Math.ceil(items.length / (this.#processes * 4)) || 1;
    }
    const chunks = this.#submitItems(fn, items, chunksize, star);
    return new AsyncResult(
      Promise.all(chunks).then((parts) => parts.flat() as Awaited<R>[]),
      options,
    );
  }

  // The chunks of an imap, submitted as they are read (see ChunkFeed).
  #feed<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    chunksize: number,
  ): ChunkFeed<Awaited<R>> {
    this.#checkRunning();
    checkChunksize(chunksize);
    return new ChunkFeed<Awaited<R>>(
      iterable,
      chunksize,
      (items) =>
        settle(
          this.#submit(runChunk, fn as (...args: unknown[]) => R, items, false),
        ) as Promise<
          Awaited<R>[]
        >,
    );
  }

  // Submits the items in chunks of `chunksize`, each one call of
  // runChunk(); `star` items are argument lists.
  #submitItems<R>(
    fn: (...args: unknown[]) => R,
    items: unknown[],
    chunksize: number,
    star: boolean,
  ): Promise<Awaited<R>[]>[] {
    checkChunksize(chunksize);
    const chunks: Promise<Awaited<R>[]>[] = [];
    for (let i = 0; i < items.length; i += chunksize) {
      const chunk = settle(this.#submit(
        runChunk,
        fn,
        items.slice(i, i + chunksize),
        star,
      )) as Promise<Awaited<R>[]>;
      // Handled where it is awaited; an iteration stopped early leaves the
      // rest unawaited, which must not count as unhandled.
      chunk.catch(() => {});
      chunks.push(chunk);
    }
    return chunks;
  }
  /**
   * Python's repr, without its module path: `<Pool state=RUN
   * pool_size=4>`, `state=CLOSE` after `close()`, `state=TERMINATE` after
   * `terminate()`.
   *
   * @returns The repr.
   */
  toString(): string {
    const state = ["RUN", "CLOSE", "TERMINATE"][this.#state];
    return `<${this.constructor.name} state=${state} pool_size=${this.#processes}>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}

function checkChunksize(chunksize: number): void {
  if (!Number.isInteger(chunksize) || chunksize < 1) {
    throw new ValueError(`Chunksize must be 1+, not ${chunksize}`);
  }
}

/**
 * Runs a chunk of calls in a worker: `fn(item)` for each item, or
 * `fn(...item)` when `star`. A result is awaited only if it is a promise
 * (awaiting each would cost a microtask per item, more than most calls).
 * It crosses as source text, so it uses nothing from outside its body.
 */
async function runChunk(
  fn: (...args: unknown[]) => unknown,
  items: unknown[],
  star: boolean,
): Promise<unknown[]> {
  const results = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const result = star ? fn(...items[i] as unknown[]) : fn(items[i]);
    const then = typeof result === "object" || typeof result === "function"
      ? (result as { then?: unknown } | null)?.then
      : undefined;
    results[i] = typeof then === "function" ? await result : result;
  }
  return results;
}

// A future as a plain promise (a failure nobody awaits is handled by the
// AsyncResult or the caller).
function settle<T>(future: Future<T>): Promise<T> {
  return Promise.resolve(future);
}
