// Copyright 2026 the @skein/concurrent authors. MIT license.
// The one wait/notify layer every primitive uses: Atomics.wait for the sync
// forms, Atomics.waitAsync for the async ones, timeouts in seconds.
//
// Deno does not count a pending Atomics.waitAsync as work for its event loop
// (a script awaiting only that exits with "Promise resolution is still
// pending"), so while any async wait is pending this module holds one
// ref'd interval timer, and clears it when the last wait ends.

/** How a wait ended, as `Atomics.wait` reports it. */
export type WaitResult = "ok" | "not-equal" | "timed-out";

let pending = 0;
let keepAlive: ReturnType<typeof setInterval> | undefined;

/**
 * Keeps the event loop (and so the process) alive until the matching
 * release(): for waits Deno does not count as pending work.
 */
export function hold(): void {
  if (pending++ === 0) keepAlive = setInterval(() => {}, 2 ** 30);
}

/** Ends one hold(). */
export function release(): void {
  if (--pending === 0) {
    clearInterval(keepAlive);
    keepAlive = undefined;
  }
}

/**
 * Converts a timeout in seconds to `Atomics.wait`'s milliseconds:
 * `undefined` or `Infinity` waits forever; negative values are the
 * caller's to reject before calling.
 */
export function toMillis(timeout: number | undefined): number {
  return timeout === undefined ? Infinity : Math.max(0, timeout * 1000);
}

/**
 * Blocks until `cell[index]` is notified or `timeout` seconds pass, unless
 * it no longer holds `expected`. Blocks the whole thread, the main thread's
 * event loop included.
 */
export function waitSync(
  cell: Int32Array,
  index: number,
  expected: number,
  timeout?: number,
): WaitResult {
  return Atomics.wait(cell, index, expected, toMillis(timeout));
}

/**
 * Waits without blocking the thread until `cell[index]` is notified or
 * `timeout` seconds pass, unless it no longer holds `expected`.
 *
 * When `signal` aborts, the promise rejects with its reason. The abandoned
 * `Atomics.waitAsync` cannot be withdrawn; if a notify reaches it later, it
 * passes that wake-up on to another waiter so none is lost.
 */
export function waitAsync(
  cell: Int32Array,
  index: number,
  expected: number,
  timeout?: number,
  signal?: AbortSignal,
): Promise<WaitResult> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  const result = Atomics.waitAsync(cell, index, expected, toMillis(timeout));
  if (!result.async) return Promise.resolve(result.value);
  hold();
  if (signal === undefined) {
    return result.value.finally(release);
  }
  return new Promise((resolve, reject) => {
    let abandoned = false;
    const onAbort = (): void => {
      abandoned = true;
      release();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    result.value.then((value) => {
      if (abandoned) {
        if (value === "ok") Atomics.notify(cell, index, 1);
        return;
      }
      signal.removeEventListener("abort", onAbort);
      release();
      resolve(value);
    });
  });
}

/** Wakes up to `count` waiters on `cell[index]`; returns how many woke. */
export function notify(
  cell: Int32Array,
  index: number,
  count = Infinity,
): number {
  return Atomics.notify(cell, index, count);
}

/**
 * A deadline for loops that wait more than once: the seconds left of
 * `timeout` (undefined: forever), never negative.
 */
export class Deadline {
  #end: number;

  constructor(timeout: number | undefined) {
    this.#end = timeout === undefined
      ? Infinity
      : performance.now() + timeout * 1000;
  }

  /** Seconds left, or `undefined` for no deadline. */
  remaining(): number | undefined {
    if (this.#end === Infinity) return undefined;
    return Math.max(0, (this.#end - performance.now()) / 1000);
  }

  /** Whether the deadline has passed. */
  expired(): boolean {
    return performance.now() >= this.#end;
  }
}
