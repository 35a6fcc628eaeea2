// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkOptionKeys } from "../_internal/keywords.ts";
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { Fifo } from "../_internal/fifo.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import type { Future } from "./future.ts";

/** Options for {@linkcode Executor.prototype.map}. */
export interface MapOptions {
  /**
   * Seconds, from the call, for all results; a result not ready by then
   * throws `TimeoutError` from the iterator. None when omitted or `null`
   * (Python's None).
   */
  timeout?: number | null;
  /**
   * How many calls go to a worker in one task. Python's thread pool ignores
   * it; here it cuts the cost per call when calls are tiny.
   *
   * @default {1}
   */
  chunksize?: number;
  /**
   * How many calls (or chunks) may be submitted ahead of the consumer, as
   * Python 3.14's `buffersize`; all at once when omitted or `null`
   * (Python's None).
   */
  buffersize?: number | null;
}

/** Options for {@linkcode Executor.prototype.shutdown}. */
export interface ShutdownOptions {
  /**
   * Wait until every submitted call has finished.
   *
   * @default {true}
   */
  wait?: boolean;
  /**
   * Cancel the calls that have not started.
   *
   * @default {false}
   */
  cancelFutures?: boolean;
}

/**
 * Options for `submitWith()` of {@linkcode ThreadPoolExecutor} and
 * {@linkcode ProcessPoolExecutor}: stopping a call from outside.
 */
export interface SubmitWithOptions {
  /**
   * Stops the call when it aborts: a call that has not started is
   * cancelled (its future's `cancelled()` is true); a running one is
   * stopped (its worker thread is terminated, or its worker process
   * killed, and replaced) and its future fails at once with
   * `signal.reason` (an `AbortError` `DOMException` unless the signal
   * gave another). Other calls are untouched.
   */
  signal?: AbortSignal;
  /**
   * Seconds from the submission: a call not finished by then is stopped as
   * by `signal`, its future failing with `TimeoutError`. None when
   * omitted or `null` (Python's None).
   */
  timeout?: number | null;
}

/**
 * How {@linkcode ThreadPoolExecutor} and {@linkcode ProcessPoolExecutor}
 * treat a worker that dies (not one the pool ends itself).
 */
export interface HealingOptions {
  /**
   * Replace a worker that dies instead of breaking the pool: only the call
   * it was running fails (with `BrokenThreadPool`/`BrokenProcessPool`),
   * the calls sent ahead to it go to other workers, and the pool goes on,
   * as `multiprocessing.Pool` does. When `false`, Python's rule: the pool
   * is broken, pending calls fail and later ones throw.
   *
   * @default {false}
   */
  replaceDeadWorkers?: boolean;
  /**
   * With `replaceDeadWorkers`, how many workers may die in a row, with no
   * call finishing in between, before the pool breaks after all (with the
   * last death as the cause): a call that kills every worker it reaches
   * is not retried forever. A stopped call (`signal`, `timeout`) is no
   * death.
   *
   * @default {5}
   */
  maxConsecutiveDeaths?: number;
}

/** An iterable or async iterable of arguments for {@linkcode Executor.prototype.map}. */
export type MapIterable<T> = Iterable<T> | AsyncIterable<T>;

/**
 * The base of executors, as Python's `concurrent.futures.Executor`:
 * `submit()` schedules a call and returns a {@linkcode Future}; `map()` runs
 * a function over iterables; `shutdown()` stops it. `await using ex = new
 * ThreadPoolExecutor()` shuts it down (waiting) at the end of the block, as
 * Python's `with`.
 *
 * @example A custom executor that runs calls on this thread
 * ```ts
 * import { Executor, Future } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * class InlineExecutor extends Executor {
 *   submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A) {
 *     const future = new Future<Awaited<R>>();
 *     future.setRunningOrNotifyCancel();
 *     Promise.resolve().then(() => fn(...args)).then(
 *       (value) => future.setResult(value as Awaited<R>),
 *       (error) => future.setException(error),
 *     );
 *     return future;
 *   }
 *   async shutdown(): Promise<void> {}
 * }
 * await using ex = new InlineExecutor();
 * const squares: number[] = [];
 * for await (const n of ex.map((x: number) => x * x, [1, 2, 3])) squares.push(n);
 * assert.deepEqual(squares, [1, 4, 9]);
 * ```
 */
export abstract class Executor implements AsyncDisposable {
  /**
   * Schedules `fn(...args)` and returns its future.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type (a promise is awaited).
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   */
  abstract submit<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>>;

  /**
   * Stops the executor, as Python's `shutdown()`: later `submit()` calls
   * throw `RuntimeError`.
   *
   * @param options Whether to wait, by position (Python's `shutdown(False)`)
   * or in the options, and whether to cancel calls not started.
   */
  abstract shutdown(options?: boolean | ShutdownOptions): Promise<void>;

  /**
   * Runs `fn` over the iterables (zipped: the i-th call gets the i-th item
   * of each), as Python's `Executor.map()`: calls are submitted at once (or
   * `buffersize` ahead), and the iterator yields the results in order. A
   * call that raised throws its exception at its position; the calls after
   * it are cancelled when the iteration stops.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type.
   * @param fn The function.
   * @param iterablesAndOptions One iterable (or async iterable) per
   * argument, then optionally the options.
   * @returns An async iterator of the results, in order.
   * @throws {TimeoutError} From the iterator, when `timeout` passes.
   */
  map<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...iterablesAndOptions: [
      ...{ [K in keyof A]: MapIterable<A[K]> },
      MapOptions?,
    ]
  ): AsyncIterableIterator<Awaited<R>> {
    return mapResults(
      (f, ...args) => this.submit(f, ...args),
      (f, chunk) => this.submitChunk(f, chunk),
      fn as (...args: unknown[]) => R,
      iterablesAndOptions as unknown[],
    );
  }

  /** Shuts down, waiting, as Python's `with` exit. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown({ wait: true });
  }

  /**
   * Submits a chunk of calls as one task (see `chunksize`); executors that
   * cannot ship a chunk runner run each call on its own.
   *
   * @param fn The function.
   * @param chunk The argument lists.
   * @returns The future of the results.
   */
  protected submitChunk<R>(
    fn: (...args: unknown[]) => R,
    chunk: unknown[][],
  ): Future<Awaited<R>[]> {
    return this.submit(
      async (f: typeof fn, c: unknown[][]) => {
        const results: Awaited<R>[] = [];
        for (const args of c) results.push(await f(...args));
        return results;
      },
      fn,
      chunk,
    );
  }
}

function isOptions(value: unknown): value is MapOptions {
  return typeof value === "object" && value !== null &&
    !(Symbol.iterator in value) && !(Symbol.asyncIterator in value);
}

type Submit = <R>(
  fn: (...args: unknown[]) => R,
  ...args: unknown[]
) => Future<Awaited<R>>;
type SubmitChunk = <R>(
  fn: (...args: unknown[]) => R,
  chunk: unknown[][],
) => Future<Awaited<R>[]>;

function mapResults<R>(
  submit: Submit,
  submitChunk: SubmitChunk,
  fn: (...args: never[]) => R,
  parts: unknown[],
): AsyncIterableIterator<Awaited<R>> {
  const last = parts.at(-1);
  const options: MapOptions = isOptions(last) ? last : {};
  checkOptionKeys("map", options, ["timeout", "chunksize", "buffersize"]);
  const iterables =
    (isOptions(last) ? parts.slice(0, -1) : parts) as MapIterable<unknown>[];
  const { chunksize = 1 } = options;
  const buffersize = options.buffersize ?? undefined;
  if (!Number.isInteger(chunksize) || chunksize < 1) {
    throw new ValueError(
      `Cannot map as 'chunksize' must be an integer >= 1: current value is ${chunksize}`,
    );
  }
  if (buffersize !== undefined) {
    if (!Number.isInteger(buffersize)) {
      throw new TypeError(
        `Cannot map as 'buffersize' must be an integer: received ${
          describe(buffersize)
        }`,
      );
    }
    if (buffersize < 1) {
      throw new ValueError(
        `Cannot map as 'buffersize' must be >= 1: current value is ${buffersize}`,
      );
    }
  }
  const timeout = checkTimeout("map", options.timeout, ValueError);
  for (const [i, iterable] of iterables.entries()) {
    if (
      typeof iterable !== "object" || iterable === null ||
      !(Symbol.iterator in iterable || Symbol.asyncIterator in iterable)
    ) {
      throw new TypeError(
        `Cannot map as argument ${i + 1} must be an iterable: received ${
          describe(iterable)
        }`,
      );
    }
  }
  const end = timeout === undefined
    ? undefined
    : performance.now() + timeout * 1000;
  const call = fn as (...args: unknown[]) => R;
  // Sync iterables are read at the call, as Python's map() submits then;
  // async ones as their items come.
  const allSync = iterables.every((iterable) =>
    !(Symbol.asyncIterator in iterable)
  );
  const syncChunks = allSync
    ? zipChunksSync(iterables as Iterable<unknown>[], chunksize)
    : undefined;
  const chunks = allSync ? undefined : zipChunks(iterables, chunksize);
  let failure: { error: unknown } | undefined;
  // Futures of chunks (arrays of results) or of single results.
  const pending = new Fifo<Future<unknown>>();
  let source: Promise<void>;
  let exhausted = false;
  const push = (chunk: unknown[][]): void => {
    pending.push(
      chunksize === 1 ? submit(call, ...chunk[0]!) : submitChunk(call, chunk),
    );
  };
  const submitNext = async (): Promise<boolean> => {
    const next = await chunks!.next();
    if (next.done) {
      exhausted = true;
      return false;
    }
    push(next.value);
    return true;
  };
  // The sync source: an iterable that throws fails the iteration (at its
  // first step), never the call or the process.
  const fillSync = (): Promise<void> => {
    while (
      !exhausted && (buffersize === undefined || pending.length < buffersize)
    ) {
      let next: IteratorResult<unknown[][]>;
      try {
        next = syncChunks!.next();
      } catch (error) {
        exhausted = true;
        failure = { error };
        break;
      }
      if (next.done) exhausted = true;
      else push(next.value);
    }
    return Promise.resolve();
  };
  const fillNow = async (): Promise<void> => {
    while (
      !exhausted && (buffersize === undefined || pending.length < buffersize)
    ) {
      if (!await submitNext()) break;
    }
  };
  // An iterable that throws fails next(), not the process, if nobody reads.
  const fill = (): Promise<void> => {
    if (allSync) return fillSync();
    const filling = fillNow();
    filling.catch(() => {});
    return filling;
  };
  // Submit now, as Python does at the call (async sources as they come).
  source = fill();
  let buffered: unknown[] = [];
  let stopped = false;
  const cancelRest = (): void => {
    stopped = true;
    for (const future of pending.drain()) future.cancel();
  };
  const iterator: AsyncIterableIterator<Awaited<R>> = {
    async next(): Promise<IteratorResult<Awaited<R>>> {
      if (buffered.length > 0) {
        return { value: buffered.shift() as Awaited<R>, done: false };
      }
      if (stopped) return { value: undefined, done: true };
      try {
        await source;
        if (failure !== undefined) throw failure.error;
        const future = pending.shift();
        if (future === undefined) {
          stopped = true;
          return { value: undefined, done: true };
        }
        if (buffersize !== undefined) source = fill();
        const left = end === undefined
          ? undefined
          : Math.max(0, (end - performance.now()) / 1000);
        let value: unknown;
        try {
          value = await future.result(
            left === undefined ? {} : { timeout: left },
          );
        } catch (error) {
          future.cancel();
          throw error;
        }
        if (chunksize === 1) return { value: value as Awaited<R>, done: false };
        buffered = [...(value as unknown[])];
        return await iterator.next();
      } catch (error) {
        cancelRest();
        throw error;
      }
    },
    async return(): Promise<IteratorResult<Awaited<R>>> {
      cancelRest();
      syncChunks?.return();
      await source.catch(() => {});
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator](): AsyncIterableIterator<Awaited<R>> {
      return this;
    },
  };
  return iterator;
}

/** zipChunks() of sync iterables, read synchronously. */
function* zipChunksSync(
  iterables: Iterable<unknown>[],
  size: number,
): Generator<unknown[][], void, undefined> {
  const iterators = iterables.map((iterable) => iterable[Symbol.iterator]());
  let chunk: unknown[][] = [];
  try {
    while (true) {
      const args: unknown[] = [];
      for (const iterator of iterators) {
        const step = iterator.next();
        if (step.done) {
          if (chunk.length > 0) yield chunk;
          return;
        }
        args.push(step.value);
      }
      chunk.push(args);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  } finally {
    for (const iterator of iterators) iterator.return?.();
  }
}

/** The zipped argument lists, `size` at a time; stops at the shortest. */
async function* zipChunks(
  iterables: MapIterable<unknown>[],
  size: number,
): AsyncGenerator<unknown[][], void, undefined> {
  const iterators = iterables.map((iterable) =>
    Symbol.asyncIterator in iterable
      ? (iterable as AsyncIterable<unknown>)[Symbol.asyncIterator]()
      : (iterable as Iterable<unknown>)[Symbol.iterator]()
  );
  let chunk: unknown[][] = [];
  try {
    while (true) {
      const args: unknown[] = [];
      for (const iterator of iterators) {
        const step = await iterator.next();
        if (step.done) {
          if (chunk.length > 0) yield chunk;
          return;
        }
        args.push(step.value);
      }
      chunk.push(args);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  } finally {
    for (const iterator of iterators) await iterator.return?.();
  }
}
