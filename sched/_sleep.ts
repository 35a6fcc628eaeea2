// Copyright 2026 the @skein/concurrent authors. MIT license.
// The scheduler's default delayfunc, and the blocking sleep runSync() uses in
// its place.

// setTimeout fires at once past this; the run loop sleeps again if early.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Sleeps `seconds`, abortably. For `seconds <= 0` it returns at once without
 * a promise, so running due events costs no timer and no microtask.
 */
export function sleep(
  seconds: number,
  signal?: AbortSignal,
): Promise<void> | undefined {
  if (!(seconds > 0)) return undefined;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(seconds * 1000, MAX_TIMEOUT_MS));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

let cell: Int32Array | undefined;

/** Blocks the thread for `seconds` with `Atomics.wait`. */
export function sleepSync(seconds: number): void {
  if (!(seconds > 0)) return;
  cell ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, seconds * 1000);
}
