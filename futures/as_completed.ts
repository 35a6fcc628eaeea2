// Copyright 2026 the @skein/concurrent authors. MIT license.
import { TimeoutError, ValueError } from "../errors.ts";
import { Fifo } from "../_internal/fifo.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import { timeoutOptions } from "../_internal/keywords.ts";
import type { Future } from "./future.ts";
import { futureInternals } from "./_future_internals.ts";

/** Options for {@linkcode asCompleted}. */
export interface AsCompletedOptions {
  /**
   * Seconds, from the first `next()`, for all futures to complete; then the
   * iteration throws `TimeoutError`. None when omitted or `null` (Python's
   * None).
   */
  timeout?: number | null;
}

/**
 * A future as {@linkcode asCompleted} yields it: the very `Future` that was
 * given (so `===`, `Map` and `Set` lookups find it), typed without `then`.
 *
 * TypeScript types the variable of a `for await` loop as its value awaited
 * (for a `Future<T>`, the `T`), while JavaScript hands the loop the value
 * itself. Without `then` in its type the loop variable stays a future, with
 * every method of one and assignable to `Future<T>`. Read its outcome with
 * `await f.result()` or `await f.exception()`: `await f` still gives the
 * result at run time, but TypeScript would type it as the future.
 *
 * @typeParam T The future's result type.
 *
 * @example A completed future is the future given
 * ```ts
 * import {
 *   asCompleted,
 *   type CompletedFuture,
 *   Future,
 * } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const given = new Future<number>();
 * given.setResult(4);
 * for await (const f of asCompleted([given])) {
 *   const completed: CompletedFuture<number> = f;
 *   const same: Future<number> = completed;
 *   assert.equal(same, given);
 *   assert.equal(await f.result(), 4);
 * }
 * ```
 */
export type CompletedFuture<T> = Future<T> & { readonly then: never };

/**
 * Yields futures as they complete (finish or are cancelled), as Python's
 * `concurrent.futures.as_completed()`: first those already done, then the
 * others in the order they complete. Duplicates are yielded once. Each is
 * the future given, typed as a {@linkcode CompletedFuture} so that
 * `for await (const f of asCompleted(fs))` types `f` as a future.
 *
 * @typeParam T The futures' result type.
 * @param fs The futures.
 * @param options A `timeout` in seconds, by position (Python's) or in the
 * options.
 * @returns An async iterator of the futures.
 * @throws {TimeoutError} If `timeout` passes with futures unfinished:
 * `"2 (of 3) futures unfinished"`.
 *
 * @example In completion order
 * ```ts
 * import { asCompleted, Future } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const slow = new Future<string>();
 * const fast = new Future<string>();
 * setTimeout(() => slow.setResult("slow"), 20);
 * setTimeout(() => fast.setResult("fast"), 1);
 * const order: string[] = [];
 * for await (const f of asCompleted([slow, fast])) {
 *   order.push(await f.result());
 * }
 * assert.deepEqual(order, ["fast", "slow"]);
 * ```
 *
 * @example Each is the future given
 * ```ts
 * import { asCompleted, Future } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const urls = new Map<Future<number>, string>();
 * for (const url of ["a", "bb"]) {
 *   const f = new Future<number>();
 *   f.setResult(url.length);
 *   urls.set(f, url);
 * }
 * const lengths: Record<string, number> = {};
 * for await (const f of asCompleted(urls.keys())) {
 *   assert.ok(f instanceof Future);
 *   lengths[urls.get(f)!] = await f.result();
 * }
 * assert.deepEqual(lengths, { a: 1, bb: 2 });
 * ```
 */
export function asCompleted<T>(
  fs: Iterable<Future<T>>,
  options?: number | null | AsCompletedOptions,
): AsyncIterableIterator<CompletedFuture<T>> {
  const timeout = checkTimeout(
    "iterate futures",
    timeoutOptions("iterate futures", options).timeout,
    ValueError,
  );
  // Not an async generator: it would await each yielded future (they are
  // PromiseLike) and yield its result instead of the future.
  const all = new Set(fs);
  const total = all.size;
  const pending = new Set<Future<T>>();
  const finished = new Fifo<Future<T>>();
  let wake: (() => void) | undefined;
  let end: number | undefined;
  for (const f of all) {
    if (futureInternals.isDoneForWaiters(f)) {
      finished.push(f);
    } else {
      pending.add(f);
      futureInternals.onNotified(f, () => {
        finished.push(f);
        wake?.();
      });
    }
  }
  const next = async (): Promise<
    IteratorResult<CompletedFuture<T>, undefined>
  > => {
    end ??= timeout === undefined
      ? Infinity
      : performance.now() + timeout * 1000;
    while (true) {
      const f = finished.shift();
      if (f !== undefined) {
        pending.delete(f);
        // (Only the type changes: see CompletedFuture.)
        return { value: f as CompletedFuture<T>, done: false };
      }
      if (pending.size === 0) return { value: undefined, done: true };
      const left = end - performance.now();
      if (left <= 0) {
        throw new TimeoutError(
          `${pending.size} (of ${total}) futures unfinished`,
        );
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (end !== Infinity) timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
      wake = undefined;
    }
  };
  return {
    next,
    [Symbol.asyncIterator](): AsyncIterableIterator<CompletedFuture<T>> {
      return this;
    },
  };
}
