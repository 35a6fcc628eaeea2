// Copyright 2026 the @skein/concurrent authors. MIT license.
// The one check of a timeout (or interval) in seconds, as every blocking
// call here takes one: a wrong type is a TypeError, NaN a ValueError.
import { describe } from "./describe.ts";

/**
 * Checks `value` for `what` (e.g. "join thread") and returns it;
 * `undefined` stays undefined (no timeout). `ValueError` is passed in, as
 * `_internal/` does not import the public errors module.
 */
export function checkSeconds(
  what: string,
  name: string,
  value: unknown,
  valueError: new (message: string) => Error,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${what} as '${name}' must be a number of seconds: received ${
        describe(value)
      }`,
    );
  }
  if (Number.isNaN(value)) {
    throw new valueError(
      `Cannot ${what} as '${name}' must be a number of seconds: current value is NaN`,
    );
  }
  return value;
}

/**
 * checkSeconds() for a wait: seconds to wait, `undefined` for forever
 * (omitted or `Infinity`); a negative wait counts as 0, as Python's
 * Event.wait and Condition.wait treat it.
 */
export function checkWaitSeconds(
  what: string,
  value: unknown,
  valueError: new (message: string) => Error,
): number | undefined {
  const seconds = checkSeconds(what, "timeout", value, valueError);
  if (seconds === undefined || seconds === Infinity) return undefined;
  return Math.max(0, seconds);
}
