// Copyright 2026 the @skein/concurrent authors. MIT license.
import { timeoutOptions } from "../_internal/keywords.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { settles } from "../_internal/settle.ts";
import { Fifo } from "../_internal/fifo.ts";
import { TimeoutError, ValueError } from "../errors.ts";
import type { ResultWaitOptions } from "./async_result.ts";

// One result, or one failed task (a chunk fails as a whole).
type Entry<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * The iterator {@linkcode Pool.prototype.imap} returns, as Python's
 * `multiprocessing.pool.IMapIterator`: an async iterator of the results in
 * the order of the items, whose {@linkcode IMapIterator.prototype.next}
 * takes a `timeout`, as Python's `next(timeout)`.
 *
 * A task that failed rejects the one `next()` call at its place, and the
 * iterator goes on: the following call gives the next result, as Python's
 * `next()` does after raising. A `for await` loop ends when `next()`
 * rejects (the error propagates out of the loop) without closing the
 * iterator, so a loop over the same iterator continues after the failed
 * item; `break`, `return` or an error in the loop's body closes it
 * (`return()`), as leaving any JavaScript iteration does.
 *
 * With `chunksize` above 1 an error ends the iteration, as Python's (there
 * a generator over the chunks): the failed chunk's `next()` rejects and
 * later calls are done. An error of the iterable itself also ends it,
 * at its place, as Python's.
 *
 * The iterable is read, and its chunks sent to the workers, from the
 * `imap` call on, without waiting for the results; closing the iterator
 * (`return()`) stops the reading, so an endless iterable can be left.
 *
 * @example Results go on after a failed item
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(2);
 * const failOnTwo = (x: number) => {
 *   if (x === 2) throw new RangeError("two");
 *   return x;
 * };
 * const it = pool.imap(failOnTwo, [0, 1, 2, 3, 4]);
 * const seen: (number | string)[] = [];
 * for (;;) {
 *   try {
 *     const result = await it.next({ timeout: 30 });
 *     if (result.done) break;
 *     seen.push(result.value);
 *   } catch (error) {
 *     seen.push((error as Error).message);
 *   }
 * }
 * assert.deepEqual(seen, [0, 1, "two", 3, 4]);
 * ```
 *
 * @example A `for await` loop resumed after an error
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(2);
 * const failOnTwo = (x: number) => {
 *   if (x === 2) throw new RangeError("two");
 *   return x * 10;
 * };
 * const it = pool.imap(failOnTwo, [0, 1, 2, 3]);
 * const results: number[] = [];
 * const errors: unknown[] = [];
 * for (;;) {
 *   try {
 *     for await (const value of it) results.push(value);
 *     break;
 *   } catch (error) {
 *     errors.push(error);
 *   }
 * }
 * assert.deepEqual(results, [0, 10, 30]);
 * assert.equal(errors.length, 1);
 * ```
 *
 * @typeParam R The result type.
 */
export class IMapIterator<R>
  implements
    AsyncIterableIterator<R, undefined, ResultWaitOptions | undefined> {
  #items = new Fifo<Entry<R>>();
  #unsorted = new Map<number, Entry<R[]>>();
  // Chunks moved to #items; all of them once it equals #length.
  #index = 0;
  #length: number | undefined;
  #ordered: boolean;
  #endOnError: () => boolean;
  #closed = false;
  #stop: () => void;
  // Resolved and replaced when a result comes or the iterator ends; the
  // next() calls waiting wake in the order they were made.
  #changed = Promise.withResolvers<void>();

  /**
   * Not for use: iterators come from {@linkcode Pool.prototype.imap} and
   * `imapUnordered`.
   *
   * @param start Starts the tasks, telling this iterator of each chunk
   * (its index and its results) and of their count; returns what stops
   * them.
   * @param options Whether the results come in order, and whether an
   * error ends the iteration (asked when it comes: a stopped call's does).
   * @ignore
   */
  constructor(
    start: (
      chunk: (index: number, results: Promise<R[]>) => void,
      end: (count: number) => void,
    ) => () => void,
    options: { ordered: boolean; endOnError: () => boolean },
  ) {
    this.#ordered = options.ordered;
    this.#endOnError = options.endOnError;
    this.#stop = () => {};
    this.#stop = start(
      (index, results) =>
        results.then(
          (value) => this.#set(index, { ok: true, value }),
          (error) => this.#set(index, { ok: false, error }),
        ),
      (count) => {
        this.#length = count;
        this.#notify();
      },
    );
  }

  /**
   * The next result, waiting up to `timeout` seconds for it, as Python's
   * `IMapIterator.next(timeout)`. Calls made while others wait get the
   * results in the order they were made, each waiting up to its own
   * `timeout`.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in
   * the options (`undefined` or `null`: no limit; 0 or less: only a result
   * that is already here).
   * @returns The next result, or `{ done: true }` after the last one.
   * @throws {TimeoutError} If no result comes in time; the iterator
   * stays usable, and a later call gets that result.
   * @throws {unknown} The error of the task at this place; the iterator
   * goes on (with `chunksize` 1).
   * @throws {TypeError} If `timeout` is not a number.
   */
  async next(
    options?: number | null | ResultWaitOptions,
  ): Promise<IteratorResult<R, undefined>> {
    const timeout = checkWaitSeconds(
      "get the next result",
      timeoutOptions("get the next result", options).timeout ?? undefined,
      ValueError,
    );
    const deadline = timeout === undefined
      ? undefined
      : performance.now() + timeout * 1000;
    for (;;) {
      if (this.#closed) return { done: true, value: undefined };
      const entry = this.#items.shift();
      if (entry !== undefined) {
        if (entry.ok) return { done: false, value: entry.value };
        if (this.#endOnError()) this.#close();
        throw entry.error;
      }
      if (this.#index === this.#length) {
        return { done: true, value: undefined };
      }
      const left = deadline === undefined
        ? undefined
        : Math.max(0, deadline - performance.now()) / 1000;
      if (
        left === 0 || !await settles(this.#changed.promise, { timeout: left })
      ) {
        throw new TimeoutError(
          `No result came within the timeout of ${timeout} seconds`,
        );
      }
    }
  }

  /**
   * Closes the iterator: the iterable is read no further, and `next()`
   * is done from now on. `break` in a `for await` loop calls it.
   *
   * @returns `{ done: true }`.
   */
  return(): Promise<IteratorResult<R, undefined>> {
    this.#close();
    return Promise.resolve({ done: true, value: undefined });
  }

  /**
   * The iterator itself, so that `for await` works on it (and resumes it).
   *
   * @returns This iterator.
   */
  [Symbol.asyncIterator](): this {
    return this;
  }

  // A chunk settled: Python's _set(), with a chunk of results.
  #set(index: number, chunk: Entry<R[]>): void {
    if (this.#closed) return;
    if (!this.#ordered) {
      this.#deliver(chunk);
    } else if (index !== this.#index) {
      this.#unsorted.set(index, chunk);
      return;
    } else {
      this.#deliver(chunk);
      for (let next; (next = this.#unsorted.get(this.#index));) {
        this.#unsorted.delete(this.#index);
        this.#deliver(next);
      }
    }
    this.#notify();
  }

  #deliver(chunk: Entry<R[]>): void {
    this.#index++;
    if (!chunk.ok) {
      this.#items.push(chunk);
      return;
    }
    for (const value of chunk.value) this.#items.push({ ok: true, value });
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#items.drain();
    this.#unsorted.clear();
    this.#stop();
    this.#notify();
  }

  #notify(): void {
    this.#changed.resolve();
    this.#changed = Promise.withResolvers();
  }
}

/**
 * The iterator {@linkcode Pool.prototype.imapUnordered} returns, as
 * Python's `multiprocessing.pool.IMapUnorderedIterator`: an
 * {@linkcode IMapIterator} that gives each result as soon as it is ready,
 * in any order. A failed task rejects one `next()` call when it fails, and
 * the other results follow (with `chunksize` 1; above, as Python's, an
 * error ends the iteration).
 *
 * @example Results as they come
 * ```ts
 * import { IMapUnorderedIterator, Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(2);
 * const it = pool.imapUnordered((x: number) => x * x, [1, 2, 3]);
 * assert.ok(it instanceof IMapUnorderedIterator);
 * const squares: number[] = [];
 * for await (const square of it) squares.push(square);
 * assert.deepEqual(squares.toSorted((a, b) => a - b), [1, 4, 9]);
 * ```
 *
 * @typeParam R The result type.
 */
export class IMapUnorderedIterator<R> extends IMapIterator<R> {
  /**
   * Not for use: iterators come from
   * {@linkcode Pool.prototype.imapUnordered}.
   *
   * @param start As {@linkcode IMapIterator}'s.
   * @param options Whether an error ends the iteration.
   * @ignore
   */
  constructor(
    start: (
      chunk: (index: number, results: Promise<R[]>) => void,
      end: (count: number) => void,
    ) => () => void,
    options: { endOnError: () => boolean },
  ) {
    super(start, { ordered: false, endOnError: options.endOnError });
  }
}
