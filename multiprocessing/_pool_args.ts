// Copyright 2026 the @skein/concurrent authors. MIT license.
// The checks of Pool's arguments, made before anything is sent: each
// method takes Python's positionals and one trailing options object, and a
// call of any other shape (an options object where the arguments go, a
// chunksize in the options' slot, a key no option has, one argument too
// many) is a TypeError naming what was wrong, never a silent success.
import { describe } from "../_internal/describe.ts";
import { ValueError } from "../errors.ts";

/**
 * Throws a TypeError when more than `names.length` arguments were passed
 * to the call.
 */
export function checkArgumentCount(
  what: string,
  count: number,
  names: readonly string[],
): void {
  if (count > names.length) {
    throw new TypeError(
      `Cannot ${what} as it takes at most ${names.length} arguments (${
        names.join(", ")
      }): received ${count}`,
    );
  }
}

/** Throws a TypeError unless `fn` is a function. */
export function checkFunction(what: string, fn: unknown): void {
  if (typeof fn !== "function") {
    throw new TypeError(
      `Cannot ${what} as 'fn' must be a function: received ${describe(fn)}`,
    );
  }
}

/** Throws a TypeError unless `args` is an array (Python's tuple). */
export function checkArgs(what: string, args: unknown): void {
  if (!Array.isArray(args)) {
    throw new TypeError(
      `Cannot ${what} as 'args' must be an array of arguments: received ${
        describe(args)
      }`,
    );
  }
}

/** Throws a TypeError unless `iterable` can be iterated (synchronously). */
export function checkIterable(what: string, iterable: unknown): void {
  if (
    typeof (iterable as { [Symbol.iterator]?: unknown } | null | undefined)
      ?.[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(
      `Cannot ${what} as 'iterable' must be iterable: received ${
        describe(iterable)
      }`,
    );
  }
}

/**
 * Returns `options` (`{}` when undefined) after checking that it is an
 * object whose keys are all in `keys` and whose callbacks are functions.
 */
export function checkOptions<T extends object>(
  what: string,
  options: unknown,
  keys: readonly string[],
): T {
  if (options === undefined) return {} as T;
  if (
    typeof options !== "object" || options === null || Array.isArray(options)
  ) {
    const hint = typeof options === "number" && keys.includes("chunksize")
      ? ` (a chunksize goes in it: { chunksize: ${options} })`
      : "";
    throw new TypeError(
      `Cannot ${what} as 'options' must be an object${hint}: received ${
        describe(options)
      }`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) {
      throw new TypeError(
        `Cannot ${what} as 'options' has no key '${key}': expected ${
          keys.join(", ")
        }`,
      );
    }
  }
  for (const key of ["callback", "errorCallback", "initializer"]) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== "function") {
      throw new TypeError(
        `Cannot ${what} as '${key}' must be a function: received ${
          describe(value)
        }`,
      );
    }
  }
  // ('permissions' is checked where Process checks it: permissionFlags.)
  const { kwds } = options as { kwds?: unknown };
  if (
    kwds !== undefined &&
    (typeof kwds !== "object" || kwds === null || Array.isArray(kwds))
  ) {
    throw new TypeError(
      `Cannot ${what} as 'kwds' must be an object: received ${describe(kwds)}`,
    );
  }
  const { initargs } = options as { initargs?: unknown };
  if (initargs !== undefined && !Array.isArray(initargs)) {
    throw new TypeError(
      `Cannot ${what} as 'initargs' must be an array: received ${
        describe(initargs)
      }`,
    );
  }
  return options as T;
}

/**
 * Checks a chunksize: a positive integer, or `undefined` where the caller
 * has a default.
 */
export function checkChunksize(what: string, chunksize: unknown): void {
  if (chunksize === undefined) return;
  if (typeof chunksize !== "number") {
    throw new TypeError(
      `Cannot ${what} as 'chunksize' must be a number: received ${
        describe(chunksize)
      }`,
    );
  }
  if (!Number.isInteger(chunksize) || chunksize < 1) {
    throw new ValueError(
      `Cannot ${what} as 'chunksize' must be an integer >= 1: current value is ${chunksize}`,
    );
  }
}
