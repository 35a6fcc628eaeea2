// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's built-in exceptions that several modules of this package raise.
 * Each module re-exports the ones it throws, so a caller imports them from
 * the module it uses (`import { ValueError } from "@skein/concurrent/sched"`)
 * or from here.
 *
 * | Python | here | extends |
 * | --- | --- | --- |
 * | `ValueError` | {@linkcode ValueError} | `RangeError` |
 * | `RuntimeError` | {@linkcode RuntimeError} | `Error` |
 * | `TimeoutError` | {@linkcode TimeoutError} | `Error` |
 * | `EOFError` | {@linkcode EOFError} | `Error` |
 *
 * A wrong type is JavaScript's own `TypeError`, and an OS failure is Deno's
 * own `Deno.errors.*`.
 *
 * @example Catching a ValueError
 * ```ts
 * import { ValueError } from "@skein/concurrent";
 * import assert from "node:assert/strict";
 *
 * const error = new ValueError("Cannot do it as 'n' must be >= 0");
 * assert.ok(error instanceof RangeError);
 * assert.equal(error.name, "ValueError");
 * ```
 *
 * @module
 */
import { registerErrorClass } from "./_internal/errors_registry.ts";

/**
 * Raised when an argument has the right type but an inappropriate value,
 * as Python's `ValueError`. It extends `RangeError`, the closest JavaScript
 * built-in.
 *
 * @example Usage
 * ```ts
 * import { ValueError } from "@skein/concurrent";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => {
 *   throw new ValueError("Cannot create Semaphore as 'value' must be >= 0");
 * }, ValueError);
 * ```
 */
export class ValueError extends RangeError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ValueError";
  }
}

/**
 * Raised when an operation is not allowed in the current state, as Python's
 * `RuntimeError` (starting a thread twice, releasing a lock that is not
 * held, submitting to an executor that is shut down).
 *
 * @example Usage
 * ```ts
 * import { RuntimeError } from "@skein/concurrent";
 * import assert from "node:assert/strict";
 *
 * const error = new RuntimeError("threads can only be started once");
 * assert.equal(error.name, "RuntimeError");
 * assert.ok(error instanceof Error);
 * ```
 */
export class RuntimeError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RuntimeError";
  }
}

/**
 * Raised when a blocking operation gives up after its timeout, as Python's
 * built-in `TimeoutError` (which `concurrent.futures.TimeoutError` is an
 * alias of since Python 3.11).
 *
 * @example Usage
 * ```ts
 * import { TimeoutError } from "@skein/concurrent";
 * import assert from "node:assert/strict";
 *
 * const error = new TimeoutError("2 (of 3) futures unfinished");
 * assert.equal(error.name, "TimeoutError");
 * ```
 */
export class TimeoutError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TimeoutError";
  }
}

/**
 * Raised when reading from a channel whose other end is closed and nothing
 * is left to read, as Python's `EOFError`.
 *
 * @example Usage
 * ```ts
 * import { EOFError } from "@skein/concurrent";
 * import assert from "node:assert/strict";
 *
 * const error = new EOFError("the other end of the pipe is closed");
 * assert.equal(error.name, "EOFError");
 * ```
 */
export class EOFError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EOFError";
  }
}

// Errors that cross between threads come back as these classes.
for (const cls of [ValueError, RuntimeError, TimeoutError, EOFError]) {
  registerErrorClass(cls);
}
