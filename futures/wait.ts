// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import { positionalOptions } from "../_internal/keywords.ts";
import type { Future } from "./future.ts";
import { futureInternals } from "./_future_internals.ts";

/** `wait()` returns when any future finishes or is cancelled. */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/** `wait()` returns when any future raises, or all are done. */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/** `wait()` returns when all futures are done. */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** Options for {@linkcode wait}. */
export interface WaitOptions {
  /** Seconds to wait at most; forever when omitted or `null` (Python's None). */
  timeout?: number | null;
  /**
   * When to return: `FIRST_COMPLETED`, `FIRST_EXCEPTION` or
   * `ALL_COMPLETED`.
   *
   * @default {ALL_COMPLETED}
   */
  returnWhen?:
    | typeof FIRST_COMPLETED
    | typeof FIRST_EXCEPTION
    | typeof ALL_COMPLETED;
}

/** What {@linkcode wait} returns, as Python's `DoneAndNotDoneFutures`. */
export interface DoneAndNotDoneFutures<T> {
  /** The futures that finished or were cancelled. */
  done: Set<Future<T>>;
  /** The others. */
  notDone: Set<Future<T>>;
}

/**
 * Waits for futures, as Python's `concurrent.futures.wait()`: until the
 * first completes, the first raises, or all are done (`returnWhen`), or
 * `timeout` seconds pass. It does not throw on timeout: the futures not done
 * are in `notDone`. Duplicates count once.
 *
 * @typeParam T The futures' result type.
 * @param fs The futures.
 * @param options `timeout` in seconds, by position (Python's) or in the
 * options, with `returnWhen`.
 * @param returnWhen Python's positional `return_when`.
 * @returns The done and the not-done futures, as Sets.
 *
 * @example Waiting for the first
 * ```ts
 * import {
 *   FIRST_COMPLETED,
 *   Future,
 *   wait,
 * } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const a = new Future<string>();
 * const b = new Future<string>();
 * setTimeout(() => a.setResult("a"), 1);
 * const { done, notDone } = await wait([a, b], {
 *   returnWhen: FIRST_COMPLETED,
 * });
 * assert.deepEqual([...done], [a]);
 * assert.deepEqual([...notDone], [b]);
 * ```
 */
export function wait<T>(
  fs: Iterable<Future<T>>,
  options?: number | null | WaitOptions,
  returnWhen?: WaitOptions["returnWhen"],
): Promise<DoneAndNotDoneFutures<T>> {
  let given: Partial<WaitOptions>;
  try {
    given = positionalOptions<WaitOptions>("wait for futures", [
      "timeout",
      "returnWhen",
    ], [options, returnWhen]) ?? {};
  } catch (error) {
    return Promise.reject(error);
  }
  return waitFor(fs, given);
}

function waitFor<T>(
  fs: Iterable<Future<T>>,
  options: Partial<WaitOptions>,
): Promise<DoneAndNotDoneFutures<T>> {
  const { returnWhen = ALL_COMPLETED } = options;
  if (
    returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION &&
    returnWhen !== ALL_COMPLETED
  ) {
    return Promise.reject(
      new ValueError(
        `Cannot wait for futures as 'returnWhen' must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED: received ${
          JSON.stringify(returnWhen)
        }`,
      ),
    );
  }
  let timeout: number | undefined;
  try {
    timeout = checkTimeout("wait for futures", options.timeout, ValueError);
  } catch (error) {
    return Promise.reject(error);
  }
  const all = new Set(fs);
  const done = new Set<Future<T>>();
  const notDone = new Set<Future<T>>();
  for (const f of all) {
    (futureInternals.isDoneForWaiters(f) ? done : notDone).add(f);
  }
  const failed = (f: Future<T>): boolean =>
    !f.cancelled() && futureInternals.failed(f);
  const satisfied = (): boolean =>
    notDone.size === 0 ||
    (returnWhen === FIRST_COMPLETED && done.size > 0) ||
    (returnWhen === FIRST_EXCEPTION && [...done].some(failed));
  if (satisfied()) return Promise.resolve({ done, notDone });
  return new Promise((resolve) => {
    let over = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      resolve({ done, notDone });
    };
    for (const f of [...notDone]) {
      futureInternals.onNotified(f, () => {
        if (over) return;
        notDone.delete(f);
        done.add(f);
        if (
          notDone.size === 0 || returnWhen === FIRST_COMPLETED ||
          (returnWhen === FIRST_EXCEPTION && failed(f))
        ) finish();
      });
    }
    if (timeout !== undefined) {
      timer = setTimeout(finish, Math.max(0, timeout) * 1000);
    }
  });
}
