// Copyright 2026 the @skein/concurrent authors. MIT license.
// Waiting for a promise with a timeout in seconds and an AbortSignal, the
// way every async `join`, `wait`, `result` and `communicate` here does.

/** Options for {@linkcode settles}. */
export interface SettleOptions {
  /** Seconds to wait at most; forever when undefined. */
  timeout?: number | undefined;
  /** Stops waiting and rejects with the reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Waits until `promise` settles (resolving `true`, whether it fulfilled or
 * rejected: the caller reads its outcome) or `timeout` seconds pass
 * (`false`). Rejects with `signal.reason` when the signal aborts first.
 * Leaves no timer or listener behind.
 */
export async function settles(
  promise: PromiseLike<unknown>,
  options: SettleOptions = {},
): Promise<boolean> {
  const { timeout, signal } = options;
  signal?.throwIfAborted();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<boolean>((resolve, reject) => {
      promise.then(() => resolve(true), () => resolve(true));
      if (timeout !== undefined) {
        timer = setTimeout(() => resolve(false), Math.max(0, timeout) * 1000);
      }
      if (signal !== undefined) {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      }
    });
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
  }
}
