// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's acquire(blocking, timeout), written once for the lock classes
// of threading and multiprocessing: each class gives its core and its own
// check of the options (Python's two modules word and bound them apart).
import { positionalOptions } from "./keywords.ts";

/** What a lock's core offers: LockCore and RLockCore. */
export interface Acquirable {
  tryAcquire(): boolean;
  acquire(timeout: number | undefined, signal?: AbortSignal): Promise<boolean>;
  acquireSync(timeout: number | undefined): boolean;
}

/** A class's `acquire()` options, as every lock class has them. */
export interface AcquireRequest {
  blocking?: boolean;
  timeout?: number | null;
  signal?: AbortSignal;
}

/**
 * Checks `blocking` and `timeout` and returns the timeout in seconds
 * (undefined: forever), or throws the class's error.
 */
export type AcquireCheck = (blocking: unknown, timeout: unknown) =>
  | number
  | undefined;

const ACQUIRE_NAMES = ["blocking", "timeout"] as const;
const ACQUIRE_KEYS = ["blocking", "timeout", "signal"] as const;

/**
 * Python's `acquire(blocking, timeout)`, by position or as an options
 * object; `acquire()` without arguments reads nothing (its fast path).
 */
function acquireRequest(
  blocking: unknown,
  timeout: unknown,
): AcquireRequest | undefined {
  if (timeout === undefined && blocking === undefined) return undefined;
  return positionalOptions<AcquireRequest>(
    "acquire",
    ACQUIRE_NAMES,
    [blocking, timeout],
    ACQUIRE_KEYS,
  );
}

/**
 * `acquire(options)`: without options, the core's (its uncontended path
 * allocates nothing); with them, checked first, and a non-blocking call
 * only tries.
 */
export function acquireAsync(
  core: Acquirable,
  check: AcquireCheck,
  blockingOrOptions: unknown,
  timeoutGiven: unknown,
): Promise<boolean> {
  if (blockingOrOptions === undefined && timeoutGiven === undefined) {
    return core.acquire(undefined);
  }
  return acquireChecked(core, check, blockingOrOptions, timeoutGiven);
}

async function acquireChecked(
  core: Acquirable,
  check: AcquireCheck,
  blockingOrOptions: unknown,
  timeoutGiven: unknown,
): Promise<boolean> {
  const { blocking = true, timeout, signal } = acquireRequest(
    blockingOrOptions,
    timeoutGiven,
  )!;
  const seconds = check(blocking, timeout);
  signal?.throwIfAborted();
  if (core.tryAcquire()) return true;
  if (!blocking) return false;
  return await core.acquire(seconds, signal);
}

/** `acquireSync(options)`: acquireAsync() blocking the thread. */
export function acquireSync(
  core: Acquirable,
  check: AcquireCheck,
  blockingOrOptions: unknown,
  timeoutGiven: unknown,
): boolean {
  const options = acquireRequest(blockingOrOptions, timeoutGiven);
  if (options === undefined) return core.acquireSync(undefined);
  const { blocking = true, timeout } = options;
  const seconds = check(blocking, timeout);
  return blocking ? core.acquireSync(seconds) : core.tryAcquire();
}
