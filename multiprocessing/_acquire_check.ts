// Copyright 2026 the @skein/concurrent authors. MIT license.
// The checks multiprocessing's Lock.acquire(block, timeout) makes, shared
// by its Lock and RLock: unlike threading's, a timeout of None is forever
// and a negative one gives up at once.
import { describe } from "../_internal/describe.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { ValueError } from "../errors.ts";

/**
 * multiprocessing's check of `blocking` and `timeout` (its RLock's too);
 * returns the timeout in seconds, undefined for forever.
 */
export function checkProcessAcquire(
  blocking: unknown,
  timeout: unknown,
): number | undefined {
  if (typeof blocking !== "boolean") {
    throw new TypeError(
      `Cannot acquire Lock as 'blocking' must be a boolean: received ${
        describe(blocking)
      }`,
    );
  }
  const seconds = checkWaitSeconds("acquire Lock", timeout, ValueError);
  if (timeout !== undefined && timeout !== null && !blocking) {
    throw new ValueError("can't specify a timeout for a non-blocking call");
  }
  return seconds;
}
