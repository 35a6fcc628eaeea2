// Copyright 2026 the @skein/concurrent authors. MIT license.
// The one check of a timeout (or interval) in seconds, as every blocking
// call here takes one: a wrong type is a TypeError, NaN a ValueError. Where
// Python takes None for it, `null` means what None means there.
import { describe } from "./describe.ts";

/**
 * Checks `value` for `what` (e.g. "join thread") and returns it;
 * `undefined` stays undefined (no timeout). `null` is a TypeError: for a
 * parameter that takes Python's None, use checkTimeout(). `ValueError` is
 * passed in, as `_internal/` does not import the public errors module.
 */
export function checkSeconds(
  what: string,
  name: string,
  value: unknown,
  valueError: new (message: string) => Error,
): number | undefined {
  if (value === undefined) return undefined;
  return checkNumber(what, name, value, valueError, "");
}

/**
 * checkSeconds() for a `timeout` that Python lets be None (nearly all of
 * them: not `threading.Lock.acquire`'s): `null`, Python's None, and
 * `undefined` both give `undefined`, no timeout. Where omitting the option
 * means something else (`Connection.poll()` polls, `Barrier.wait()` takes
 * the barrier's default), the caller tells the two apart before calling.
 */
export function checkTimeout(
  what: string,
  value: unknown,
  valueError: new (message: string) => Error,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  return checkNumber(what, "timeout", value, valueError, " or null");
}

/**
 * checkTimeout() for a wait: seconds to wait, `undefined` for forever
 * (omitted, `null` or `Infinity`); a negative wait counts as 0, as Python's
 * Event.wait and Condition.wait treat it.
 */
export function checkWaitSeconds(
  what: string,
  value: unknown,
  valueError: new (message: string) => Error,
): number | undefined {
  const seconds = checkTimeout(what, value, valueError);
  if (seconds === undefined || seconds === Infinity) return undefined;
  return Math.max(0, seconds);
}

function checkNumber(
  what: string,
  name: string,
  value: unknown,
  valueError: new (message: string) => Error,
  orNull: string,
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${what} as '${name}' must be a number of seconds${orNull}: received ${
        describe(value)
      }`,
    );
  }
  if (Number.isNaN(value)) {
    throw new valueError(
      `Cannot ${what} as '${name}' must be a number of seconds${orNull}: current value is NaN`,
    );
  }
  return value;
}
