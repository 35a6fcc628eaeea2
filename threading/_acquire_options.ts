// Copyright 2026 the @skein/concurrent authors. MIT license.
// The checks Python's Lock.acquire(blocking, timeout) makes, shared by the
// locks and semaphores.
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { checkSeconds, checkWaitSeconds } from "../_internal/seconds.ts";

/** Options for `acquire()` of a lock or semaphore, as Python's. */
export interface AcquireOptions {
  /**
   * Whether to wait for the lock; with `false`, `acquire()` returns `false`
   * at once when it is taken.
   *
   * @default {true}
   */
  blocking?: boolean;
  /**
   * Seconds to wait at most, then `acquire()` returns `false`; waits
   * forever when omitted or `-1`, as in Python. Python's Lock takes no
   * None here, so neither `null` (a TypeError). Only with `blocking`.
   */
  timeout?: number;
  /** Stops waiting and rejects with the reason (async forms only). */
  signal?: AbortSignal;
}

/**
 * Options for a semaphore's `acquire()`, as Python's: a lock's, with
 * `timeout: null` (Python's None) for no timeout, which a semaphore takes
 * and a lock does not.
 */
export interface SemaphoreAcquireOptions
  extends Omit<AcquireOptions, "timeout"> {
  /**
   * Seconds to wait at most, then `acquire()` returns `false`; waits
   * forever when omitted or `null` (Python's None). A negative timeout
   * gives up at once, as Python's. Only with `blocking`.
   */
  timeout?: number | null;
}

/**
 * Validates `blocking` and `timeout` for `what` (e.g. "acquire Lock") and
 * returns the timeout in seconds, undefined for forever. A negative timeout
 * is a ValueError and `null` a TypeError, as for Python's Lock; with
 * `semaphore`, as for Python's Semaphore, a negative timeout is 0 and
 * `null` (None) no timeout.
 */
export function checkAcquire(
  what: string,
  blocking: unknown,
  timeout: unknown,
  semaphore = false,
): number | undefined {
  if (typeof blocking !== "boolean") {
    throw new TypeError(
      `Cannot ${what} as 'blocking' must be a boolean: received ${
        describe(blocking)
      }`,
    );
  }
  if (timeout === undefined || (timeout === null && semaphore)) {
    return undefined;
  }
  if (timeout === -1 && !semaphore) return undefined; // Lock's "forever"
  if (timeout === null) {
    throw new TypeError(
      `Cannot ${what} as 'timeout' must be a number of seconds (-1 for no timeout; Python's Lock takes no None): received null`,
    );
  }
  checkSeconds(what, "timeout", timeout, ValueError);
  if (typeof timeout !== "number") return undefined; // (checked above)
  if (!blocking) {
    throw new ValueError(
      `Cannot ${what} as 'timeout' cannot be given for a non-blocking call: current value is ${timeout}`,
    );
  }
  if (timeout < 0) {
    if (semaphore) return 0; // Python's Semaphore: give up at once
    throw new ValueError(
      `Cannot ${what} as 'timeout' must be >= 0 (or -1 for no timeout): current value is ${timeout}`,
    );
  }
  return timeout === Infinity ? undefined : timeout;
}

/** Python's `with lock:` guard: releases on dispose. */
export function guardOf(release: () => void): Disposable {
  return { [Symbol.dispose]: release };
}

/**
 * Validates a wait's `timeout` for `what` (e.g. "wait on Event") and returns
 * it in seconds, undefined for forever; negative counts as 0, as Python's
 * Event.wait and Condition.wait treat it.
 */
export function checkWaitTimeout(
  what: string,
  timeout: unknown,
): number | undefined {
  return checkWaitSeconds(what, timeout, ValueError);
}
