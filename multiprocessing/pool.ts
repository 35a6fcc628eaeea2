// Copyright 2026 the @skein/concurrent authors. MIT license.
import { describe } from "../_internal/describe.ts";
import { ValueError } from "../errors.ts";
import {
  BrokenProcessPool,
  type Future,
  ProcessPoolExecutor,
  ResourceLimitError as FuturesResourceLimitError,
} from "../futures/mod.ts";
import { permissionFlags } from "../_internal/child_permissions.ts";
import { checkLimits } from "../_internal/limits.ts";
import {
  checkEnforceable,
  CHILD_LIMIT_KINDS,
} from "../_internal/limit_watch.ts";
import { ResourceLimitError } from "./errors.ts";
import { processCpuCount } from "./context.ts";
import { startMethodOf } from "../_internal/start_method.ts";
import { ChunkFeed } from "./_chunk_feed.ts";
import { type AsyncOptions, AsyncResult } from "./async_result.ts";
import { IMapIterator, IMapUnorderedIterator } from "./imap_iterator.ts";
import { CallStop, checkStop } from "./_pool_stop.ts";
import { gather, runChunk } from "./_pool_chunks.ts";
import {
  checkArgs,
  checkArgumentCount,
  checkChunksize,
  checkFunction,
  checkIterable,
  checkOptions,
} from "./_pool_args.ts";
import {
  brokenByDeaths,
  poolWorkerNames,
  replaceDeadWorkers,
  startWorkers,
} from "../futures/_pool_hooks.ts";
import { customInspect } from "../_internal/py_repr.ts";
import type {
  ApplyOptions,
  ChunkOptions,
  PoolOptions,
  StopOptions,
} from "./pool_options.ts";

const RUN = 0;
const CLOSE = 1;
const TERMINATE = 2;

const POOL_KEYS = [
  "initializer",
  "initargs",
  "maxtasksperchild",
  "permissions",
  "maxConsecutiveDeaths",
  "limits",
] as const;
const APPLY_KEYS = ["kwds", "signal", "timeout"] as const;
const APPLY_ASYNC_KEYS = [
  "kwds",
  "callback",
  "errorCallback",
  "signal",
  "timeout",
] as const;
const MAP_KEYS = ["chunksize", "signal", "timeout"] as const;
const MAP_ASYNC_KEYS = [
  "chunksize",
  "callback",
  "errorCallback",
  "signal",
  "timeout",
] as const;

/**
 * A pool of worker processes, as Python's `multiprocessing.Pool` (spawn):
 * `apply`, `map`, `starmap` and their `...Async` forms, and `imap` /
 * `imapUnordered` as async iterators. Each waiting call returns a
 * promise. It runs on `futures.ProcessPoolExecutor`'s workers; functions
 * and arguments cross as there.
 *
 * Python's positional arguments stay positional and its keyword arguments
 * go in one trailing options object: `pool.apply(fn, args, { kwds })`,
 * `pool.applyAsync(fn, args, { callback, errorCallback })`,
 * `pool.map(fn, iterable, { chunksize })`. A call of another shape (an
 * options object in the place of `args`, a chunksize in the place of the
 * options, a key no option has) is a `TypeError`.
 *
 * `await using pool = new Pool()` terminates it on exit, as Python's
 * `with Pool() as pool:`.
 *
 * A worker that dies (`Deno.exit()`, a signal) fails the task it was
 * running with `BrokenProcessPool`, where Python's would wait forever;
 * the pool replaces it, and the other tasks carry on. After
 * `maxConsecutiveDeaths` (5) deaths in a row with no task finishing, the
 * pool is broken: pending and later calls fail with `BrokenProcessPool`.
 *
 * Every method that runs tasks also takes a `signal` and a `timeout` in
 * seconds ({@linkcode StopOptions}), which Python's lacks: the call's
 * tasks that wait are cancelled, a worker running one is killed and
 * replaced, and the call fails at once with the signal's reason or a
 * `TimeoutError`. `limits` bound each worker (`heapMb`, `memoryMb`,
 * `cpuSeconds`) and each task (`wallSeconds`): the task past one fails
 * with {@linkcode ResourceLimitError} and its worker is replaced.
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
 * @example Python's keyword form, and a callback
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool({ processes: 2 });
 * const seen: number[][] = [];
 * const result = pool.mapAsync((x: number) => x + 1, [1, 2, 3], {
 *   chunksize: 2,
 *   callback: (values) => seen.push(values),
 * });
 * assert.deepEqual(await result.get(), [2, 3, 4]);
 * assert.deepEqual(seen, [[2, 3, 4]]);
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
  // The imaps still reading their iterables; closing waits for them.
  #feeds = new Set<{ stop(): void }>();
  #fed = Promise.withResolvers<void>();

  /**
   * Starts a pool of `processes` workers (each runs `initializer` first,
   * as Python's).
   *
   * @param processes The number of workers; `processCpuCount()` when
   * omitted or `null`.
   * @param options `initializer`, `initargs`, `maxtasksperchild`,
   * `permissions`, `maxConsecutiveDeaths`, `limits`.
   * @throws {ValueError} If `processes`, `maxtasksperchild` or
   * `maxConsecutiveDeaths` is not an integer >= 1, or a limit is not a
   * finite number > 0.
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has (`processes` among them: it is the first
   * argument here).
   * @throws {RuntimeError} While a worker imports the main module to find
   * a function (an unguarded main module: Python's bootstrapping error).
   * @throws {Deno.errors.NotCapable} If `permissions` asks for more than
   * this process has.
   */
  constructor(
    processes?: number | null,
    options?: Omit<PoolOptions<I>, "processes">,
  );
  /**
   * Starts a pool, with Python's keyword arguments all in `options`:
   * `new Pool({ processes: 4, initializer })`.
   *
   * @param options `processes`, `initializer`, `initargs`,
   * `maxtasksperchild`, `permissions`, `maxConsecutiveDeaths`, `limits`.
   * @throws {ValueError} If `processes`, `maxtasksperchild` or
   * `maxConsecutiveDeaths` is not an integer >= 1, or a limit is not a
   * finite number > 0.
   * @throws {TypeError} If an option has the wrong type, `options` has a
   * key no option has, or a second argument follows.
   * @throws {RuntimeError} While a worker imports the main module to find
   * a function (an unguarded main module: Python's bootstrapping error).
   * @throws {Deno.errors.NotCapable} If `permissions` asks for more than
   * this process has.
   */
  constructor(options: PoolOptions<I>);
  constructor(
    first?: number | null | PoolOptions<I>,
    second?: Omit<PoolOptions<I>, "processes">,
  ) {
    const what = "create Pool";
    checkArgumentCount(what, arguments.length, ["processes", "options"]);
    let processes: unknown;
    let options: PoolOptions<I>;
    if (typeof first === "object" && first !== null) {
      if (arguments.length > 1) {
        throw new TypeError(
          `Cannot ${what} as 'options' must be the only argument when the first one is an object: received ${arguments.length} arguments`,
        );
      }
      options = checkOptions(what, first, ["processes", ...POOL_KEYS]);
      processes = options.processes;
    } else {
      if (
        second !== null && typeof second === "object" && "processes" in second
      ) {
        throw new TypeError(
          `Cannot ${what} as 'processes' is given twice: as the first argument and in 'options'`,
        );
      }
      options = checkOptions(what, second, POOL_KEYS);
      processes = first;
    }
    processes ??= processCpuCount();
    if (typeof processes !== "number") {
      throw new TypeError(
        `Cannot ${what} as 'processes' must be a number or null: received ${
          describe(processes)
        }`,
      );
    }
    if (!Number.isInteger(processes) || processes < 1) {
      throw new ValueError(
        `Cannot ${what} as 'processes' must be an integer >= 1: current value is ${processes}`,
      );
    }
    const maxtasksperchild = options.maxtasksperchild ?? undefined;
    if (
      maxtasksperchild !== undefined &&
      (!Number.isInteger(maxtasksperchild) || maxtasksperchild < 1)
    ) {
      throw new ValueError(
        `Cannot ${what} as 'maxtasksperchild' must be an integer >= 1 or null: current value is ${maxtasksperchild}`,
      );
    }
    const { maxConsecutiveDeaths = 5 } = options;
    if (typeof maxConsecutiveDeaths !== "number") {
      throw new TypeError(
        `Cannot ${what} as 'maxConsecutiveDeaths' must be a number: received ${
          describe(maxConsecutiveDeaths)
        }`,
      );
    }
    if (!Number.isInteger(maxConsecutiveDeaths) || maxConsecutiveDeaths < 1) {
      throw new ValueError(
        `Cannot ${what} as 'maxConsecutiveDeaths' must be an integer >= 1: current value is ${maxConsecutiveDeaths}`,
      );
    }
    const limits = checkLimits(
      what,
      options.limits,
      CHILD_LIMIT_KINDS,
      "a worker process",
      ValueError,
    );
    checkEnforceable(what, limits, ValueError);
    // Checked as Process checks it ("inherit", "none" or an object), with
    // this call's name in the message.
    permissionFlags(what, options.permissions);
    const count = processes;
    this.#processes = count;
    const method = startMethodOf(new.target);
    // Python's Pool: workers start now, a dead one is replaced, and they
    // are named SpawnPoolWorker-N (see _pool_hooks.ts).
    this.#makeExecutor = () => {
      const executor = new ProcessPoolExecutor<I>({
        maxWorkers: count,
        ...(options.initializer ? { initializer: options.initializer } : {}),
        ...(options.initargs ? { initargs: options.initargs } : {}),
        ...(maxtasksperchild === undefined
          ? {}
          : { maxTasksPerChild: maxtasksperchild }),
        ...(options.permissions ? { permissions: options.permissions } : {}),
        maxConsecutiveDeaths,
        ...(limits === undefined ? {} : { limits }),
        mpContext: { getStartMethod: () => method },
      });
      executor[replaceDeadWorkers]();
      executor[poolWorkerNames]();
      executor[startWorkers]();
      return executor;
    };
    this.#executor = this.#makeExecutor();
  }

  /**
   * Calls `fn(...args)` in a worker and returns its result, as Python's
   * `apply(func, args, kwds)`; `kwds` is passed as one more, last
   * argument.
   *
   * @typeParam A The arguments' types.
   * @typeParam K The keyword arguments' type.
   * @typeParam R The result type.
   * @param fn The function.
   * @param args Its arguments.
   * @param options `kwds`, and `signal` and `timeout` (see
   * {@linkcode StopOptions}).
   * @returns The result.
   * @throws {ValueError} If the pool is not running (a rejection, as is
   * every error of the call).
   * @throws {TypeError} If `fn` is not a function, `args` not an array, or
   * `options` not an object of the options above.
   */
  apply<A extends unknown[], K extends Record<string, unknown>, R>(
    fn: (...args: [...A, K]) => R,
    args: A,
    options: ApplyOptions<K> & { kwds: K } & StopOptions,
  ): Promise<Awaited<R>>;
  /**
   * Calls `fn(...args)` in a worker and returns its result, as Python's
   * `apply(func, args)`.
   *
   * @typeParam A The arguments' types.
   * @typeParam R The result type.
   * @param fn The function.
   * @param args Its arguments.
   * @param options `signal` and `timeout` (see {@linkcode StopOptions});
   * no `kwds` here (see the other form).
   * @returns The result.
   * @throws {ValueError} If the pool is not running (a rejection, as is
   * every error of the call).
   * @throws {TypeError} If `fn` is not a function, `args` not an array, or
   * `options` not an object of the options above.
   */
  apply<A extends unknown[], R>(
    fn: (...args: A) => R,
    args?: A,
    options?: ApplyOptions<never> & StopOptions,
  ): Promise<Awaited<R>>;
  async apply(
    fn: (...args: never) => unknown,
    args: unknown[] = [],
    options: ApplyOptions<Record<string, unknown>> & StopOptions = {},
  ): Promise<unknown> {
    const checked = this.#checkApply(
      "call Pool.apply()",
      arguments.length,
      [fn, args, options],
      APPLY_KEYS,
    );
    return await this.#apply(fn, args, checked);
  }

  /**
   * `apply` that returns at once with an {@linkcode AsyncResult}, as
   * Python's `apply_async(func, args, kwds, callback, error_callback)`.
   *
   * @typeParam A The arguments' types.
   * @typeParam K The keyword arguments' type.
   * @typeParam R The result type.
   * @param fn The function.
   * @param args Its arguments.
   * @param options `kwds` (passed as one more, last argument),
   * `callback`, `errorCallback`, `signal`, `timeout`.
   * @returns The result to come.
   * @throws {ValueError} If the pool is not running.
   * @throws {TypeError} If `fn` is not a function, `args` not an array, or
   * `options` not an object of the options above.
   */
  applyAsync<A extends unknown[], K extends Record<string, unknown>, R>(
    fn: (...args: [...A, K]) => R,
    args: A,
    options:
      & ApplyOptions<K>
      & { kwds: K }
      & AsyncOptions<Awaited<R>>
      & StopOptions,
  ): AsyncResult<Awaited<R>>;
  /**
   * `apply` that returns at once with an {@linkcode AsyncResult}, as
   * Python's `apply_async(func, args, callback, error_callback)`.
   *
   * @typeParam A The arguments' types.
   * @typeParam R The result type.
   * @param fn The function.
   * @param args Its arguments.
   * @param options `callback`, `errorCallback`, `signal`, `timeout`.
   * @returns The result to come.
   * @throws {ValueError} If the pool is not running.
   * @throws {TypeError} If `fn` is not a function, `args` not an array, or
   * `options` not an object of the options above.
   */
  applyAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    args?: A,
    options?: ApplyOptions<never> & AsyncOptions<Awaited<R>> & StopOptions,
  ): AsyncResult<Awaited<R>>;
  applyAsync(
    fn: (...args: never) => unknown,
    args: unknown[] = [],
    options:
      & ApplyOptions<Record<string, unknown>>
      & AsyncOptions<unknown>
      & StopOptions = {},
  ): AsyncResult<unknown> {
    const checked = this.#checkApply<AsyncOptions<unknown>>(
      "call Pool.applyAsync()",
      arguments.length,
      [fn, args, options],
      APPLY_ASYNC_KEYS,
    );
    const { callback, errorCallback } = checked;
    return new AsyncResult<unknown>(this.#apply(fn, args, checked), {
      ...(callback ? { callback } : {}),
      ...(errorCallback ? { errorCallback } : {}),
    });
  }

  /**
   * Calls `fn` on each item, in workers, and returns the results in order,
   * as Python's `map(func, iterable, chunksize)`.
   *
   * @typeParam T The items' type.
   * @typeParam R The result type.
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize`, `signal`, `timeout` (see
   * {@linkcode StopOptions}).
   * @returns The results.
   * @throws {ValueError} If the pool is not running, or `chunksize` is not
   * an integer >= 1 (a rejection, as is every error of the call).
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has.
   */
  async map<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions & StopOptions = {},
  ): Promise<Awaited<R>[]> {
    const checked = this.#checkMap(
      "call Pool.map()",
      arguments.length,
      [fn, iterable, options],
      MAP_KEYS,
    );
    return await this.#mapItems(fn, iterable, false, checked).get();
  }

  /**
   * `map` that returns at once with an {@linkcode AsyncResult} of the
   * list, as Python's `map_async(func, iterable, chunksize, callback,
   * error_callback)`: ready when every chunk is done.
   *
   * @typeParam T The items' type.
   * @typeParam R The result type.
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize`, `callback`, `errorCallback`, `signal`,
   * `timeout`.
   * @returns The list to come.
   * @throws {ValueError} If the pool is not running, or `chunksize` is not
   * an integer >= 1.
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has.
   */
  mapAsync<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions & AsyncOptions<Awaited<R>[]> & StopOptions = {},
  ): AsyncResult<Awaited<R>[]> {
    const checked = this.#checkMap(
      "call Pool.mapAsync()",
      arguments.length,
      [fn, iterable, options],
      MAP_ASYNC_KEYS,
    );
    return this.#mapItems(fn, iterable, false, checked);
  }

  /**
   * `map` for functions of several arguments: each item is an argument
   * list, as Python's `starmap(func, iterable, chunksize)`.
   *
   * @typeParam A The arguments' types.
   * @typeParam R The result type.
   * @param fn The function.
   * @param iterable The argument lists.
   * @param options `chunksize`, `signal`, `timeout` (see
   * {@linkcode StopOptions}).
   * @returns The results.
   * @throws {ValueError} If the pool is not running, or `chunksize` is not
   * an integer >= 1 (a rejection, as is every error of the call).
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has.
   */
  async starmap<A extends unknown[], R>(
    fn: (...args: A) => R,
    iterable: Iterable<A>,
    options: ChunkOptions & StopOptions = {},
  ): Promise<Awaited<R>[]> {
    const checked = this.#checkMap(
      "call Pool.starmap()",
      arguments.length,
      [fn, iterable, options],
      MAP_KEYS,
    );
    return await this.#mapItems(fn, iterable, true, checked).get();
  }

  /**
   * `starmap` that returns at once with an {@linkcode AsyncResult}, as
   * Python's `starmap_async`.
   *
   * @typeParam A The arguments' types.
   * @typeParam R The result type.
   * @param fn The function.
   * @param iterable The argument lists.
   * @param options `chunksize`, `callback`, `errorCallback`, `signal`,
   * `timeout`.
   * @returns The list to come.
   * @throws {ValueError} If the pool is not running, or `chunksize` is not
   * an integer >= 1.
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has.
   */
  starmapAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    iterable: Iterable<A>,
    options: ChunkOptions & AsyncOptions<Awaited<R>[]> & StopOptions = {},
  ): AsyncResult<Awaited<R>[]> {
    const checked = this.#checkMap(
      "call Pool.starmapAsync()",
      arguments.length,
      [fn, iterable, options],
      MAP_ASYNC_KEYS,
    );
    return this.#mapItems(fn, iterable, true, checked);
  }

  /**
   * Calls `fn` on each item, in workers, giving the results in order as
   * they become available, as Python's `imap(func, iterable, chunksize)`.
   * The items are read and submitted from the call on, a batch at a time,
   * as Python's task handler reads them (an endless iterable works); an
   * error the iterable throws comes at its chunk's place and ends the
   * iteration.
   *
   * A failed task rejects one `next()` and the iterator goes on to the
   * next result, as Python's (see {@linkcode IMapIterator}, also for
   * `next({ timeout })` and resuming a `for await` loop).
   *
   * @typeParam T The items' type.
   * @typeParam R The result type.
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize` (1 by default, as Python's), `signal`,
   * `timeout`.
   * @returns An async iterator of the results.
   * @throws {ValueError} If the pool is not running, or `chunksize` is
   * not an integer >= 1.
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has.
   */
  imap<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions & StopOptions = {},
  ): IMapIterator<Awaited<R>> {
    const checked = this.#checkMap(
      "call Pool.imap()",
      arguments.length,
      [fn, iterable, options],
      MAP_KEYS,
    );
    const { chunksize = 1 } = checked;
    const stop = new CallStop(checked);
    return new IMapIterator(this.#feed(fn, iterable, chunksize, stop), {
      ordered: true,
      endOnError: () => chunksize > 1 || stop.stopped,
    });
  }

  /**
   * `imap` that gives each result as soon as it is ready, in any order, as
   * Python's `imap_unordered` (see {@linkcode IMapUnorderedIterator}).
   *
   * @typeParam T The items' type.
   * @typeParam R The result type.
   * @param fn The function.
   * @param iterable The items.
   * @param options `chunksize` (1 by default), `signal`, `timeout`.
   * @returns An async iterator of the results.
   * @throws {ValueError} If the pool is not running, or `chunksize` is
   * not an integer >= 1.
   * @throws {TypeError} If an argument has the wrong type, or `options`
   * has a key no option has.
   */
  imapUnordered<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    options: ChunkOptions & StopOptions = {},
  ): IMapUnorderedIterator<Awaited<R>> {
    const checked = this.#checkMap(
      "call Pool.imapUnordered()",
      arguments.length,
      [fn, iterable, options],
      MAP_KEYS,
    );
    const { chunksize = 1 } = checked;
    const stop = new CallStop(checked);
    return new IMapUnorderedIterator(
      this.#feed(fn, iterable, chunksize, stop),
      { endOnError: () => chunksize > 1 || stop.stopped },
    );
  }

  /**
   * Accepts no more tasks; the workers exit when the queued ones are done.
   * An `imap` still reading its iterable reads it to its end first, as
   * Python's task handler does.
   */
  close(): void {
    if (this.#state === RUN) {
      this.#state = CLOSE;
      this.#shutDownWhenFed();
    }
  }

  /**
   * Stops the workers at once; tasks not finished fail, and an `imap`
   * reads its iterable no further.
   */
  terminate(): void {
    if (this.#state !== TERMINATE) {
      this.#state = TERMINATE;
      for (const feed of [...this.#feeds]) feed.stop();
      this.#fed.resolve();
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
    await this.#fed.promise;
    await this.#executor.shutdown({ wait: true });
    await Promise.all(this.#retired);
  }

  /** Terminates the pool and waits for it, as Python's `with` exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.terminate();
    await this.join();
  }

  // Submits to the workers. A worker that dies costs only the task it was
  // running (see _pool_hooks.ts); an initializer that fails breaks the
  // executor, and later calls go to a new set of workers; workers that
  // die maxConsecutiveDeaths times in a row break the pool for good.
  #submit<A extends unknown[], R>(
    signal: AbortSignal | undefined,
    fn: (...args: A) => R,
    ...args: A
  ): Promise<Awaited<R>> {
    const options = signal === undefined ? {} : { signal };
    let future: Future<Awaited<R>>;
    try {
      future = this.#executor.submitWith(options, fn, ...args);
    } catch (error) {
      if (!(error instanceof BrokenProcessPool)) throw error;
      const broken = this.#executor;
      if (broken[brokenByDeaths]) throw error;
      this.#retired.push(broken.shutdown({ wait: true }).catch(() => {}));
      this.#executor = this.#makeExecutor();
      future = this.#executor.submitWith(options, fn, ...args);
    }
    return Promise.resolve(future).catch(asProcessError);
  }

  // After close(), once no imap is reading: the executor's shutdown.
  #shutDownWhenFed(): void {
    if (this.#state === CLOSE && this.#feeds.size === 0) {
      this.#executor.shutdown({ wait: false });
      this.#fed.resolve();
    }
  }

  #checkRunning(): void {
    if (this.#state !== RUN) throw new ValueError("Pool not running");
  }

  // The checks of apply and applyAsync, before anything is sent.
  #checkApply<O extends object>(
    what: string,
    count: number,
    [fn, args, options]: [unknown, unknown, unknown],
    keys: readonly string[],
  ): O & { kwds?: Record<string, unknown> } & StopOptions {
    checkArgumentCount(what, count, ["fn", "args", "options"]);
    checkFunction(what, fn);
    checkArgs(what, args);
    const checked = checkOptions<O & StopOptions>(what, options, keys);
    checkStop(what, checked);
    return checked;
  }

  // Starts fn(...args, kwds?).
  #apply(
    fn: (...args: never) => unknown,
    args: unknown[],
    options: { kwds?: Record<string, unknown> } & StopOptions,
  ): Promise<unknown> {
    this.#checkRunning();
    const { kwds } = options;
    const all = kwds === undefined ? args : [...args, kwds];
    const stop = new CallStop(options);
    const result = stop.run((signal) =>
      this.#submit(signal, fn as (...args: unknown[]) => unknown, ...all)
    );
    stop.end();
    return result;
  }

  // The checks of the map methods, before anything is sent.
  #checkMap<O extends ChunkOptions & StopOptions>(
    what: string,
    count: number,
    [fn, iterable, options]: [unknown, unknown, O],
    keys: readonly string[],
  ): O {
    checkArgumentCount(what, count, ["fn", "iterable", "options"]);
    checkFunction(what, fn);
    checkIterable(what, iterable);
    const checked = checkOptions<O & StopOptions>(what, options, keys);
    checkChunksize(what, checked.chunksize);
    checkStop(what, checked);
    this.#checkRunning();
    return checked;
  }

  // Python's _map_async: the items in chunks, each one call of runChunk();
  // the list is ready when every chunk is done, and fails with the first
  // error that came (Python's MapResult), after its callbacks.
  #mapItems<R>(
    fn: (...args: never) => R,
    iterable: Iterable<unknown>,
    star: boolean,
    options: ChunkOptions & AsyncOptions<Awaited<R>[]> & StopOptions,
  ): AsyncResult<Awaited<R>[]> {
    const items = [...iterable];
    // Python's default: about four chunks per worker.
    const chunksize = options.chunksize ??
      (Math.ceil(items.length / (this.#processes * 4)) || 1);
    const stop = new CallStop(options);
    // (A signal aborted already: nothing is sent, and the list fails.)
    const chunks: Promise<Awaited<R>[]>[] = stop.stopped
      ? [stop.rejection()]
      : [];
    for (let i = 0; i < items.length && !stop.stopped; i += chunksize) {
      chunks.push(stop.run((signal) =>
        this.#submit(
          signal,
          runChunk,
          fn as (...args: unknown[]) => R,
          items.slice(i, i + chunksize),
          star,
        )
      ) as Promise<Awaited<R>[]>);
    }
    stop.end();
    const { callback, errorCallback } = options;
    return new AsyncResult(gather(chunks), {
      ...(callback ? { callback } : {}),
      ...(errorCallback ? { errorCallback } : {}),
    });
  }

  // Starts the chunks of an imap as they are read (see ChunkFeed), for an
  // IMapIterator.
  #feed<T, R>(
    fn: (item: T) => R,
    iterable: Iterable<T>,
    chunksize: number,
    stop: CallStop,
  ): (
    chunk: (index: number, results: Promise<Awaited<R>[]>) => void,
    end: (count: number) => void,
  ) => () => void {
    return (chunk, end) => {
      const reading = { stop: (): void => {} };
      this.#feeds.add(reading);
      const feed = new ChunkFeed<Awaited<R>>(
        iterable,
        chunksize,
        (items) => {
          // A stopped call's first chunk fails with the reason, and the
          // reading ends there (see ChunkFeed).
          stop.throwIfStopped();
          return stop.run((signal) =>
            this.#submit(
              signal,
              runChunk,
              fn as (...args: unknown[]) => R,
              items,
              false,
            )
          ) as Promise<Awaited<R>[]>;
        },
        {
          chunk,
          end: (count) => {
            this.#feeds.delete(reading);
            stop.end();
            end(count);
            this.#shutDownWhenFed();
          },
        },
      );
      reading.stop = () => feed.stop();
      stop.onStop = reading.stop;
      return reading.stop;
    };
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

// The executor's breach, as this module's error (a ProcessError).
function asProcessError(error: unknown): never {
  if (error instanceof FuturesResourceLimitError) {
    throw new ResourceLimitError(error, { cause: error });
  }
  throw error;
}
