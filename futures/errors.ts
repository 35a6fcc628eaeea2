// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerErrorClass } from "../_internal/errors_registry.ts";
import {
  describeBreach,
  type ResourceLimitBreach,
  type ResourceLimitKind,
} from "../_internal/limits.ts";

/**
 * The base class of this module's exceptions, as Python's
 * `concurrent.futures.Error` (named `FuturesError` here, since `Error` is
 * JavaScript's own).
 *
 * @example Usage
 * ```ts
 * import { CancelledError, FuturesError } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new CancelledError() instanceof FuturesError);
 * ```
 */
export class FuturesError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FuturesError";
  }
}

/**
 * Raised by `result()` and `exception()` of a cancelled future, as Python's
 * `CancelledError`.
 *
 * @example Usage
 * ```ts
 * import { CancelledError, Future } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const future = new Future<number>();
 * future.cancel();
 * await assert.rejects(future.result(), CancelledError);
 * ```
 */
export class CancelledError extends FuturesError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CancelledError";
  }
}

/**
 * Raised when a future is set twice, or set after it was cancelled, as
 * Python's `InvalidStateError`.
 *
 * @example Usage
 * ```ts
 * import { Future, InvalidStateError } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const future = new Future<number>();
 * future.setResult(1);
 * assert.throws(() => future.setResult(2), InvalidStateError);
 * ```
 */
export class InvalidStateError extends FuturesError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidStateError";
  }
}

/**
 * Raised when an executor is broken (a worker died, or an initializer
 * failed) and cannot run more tasks, as Python's `BrokenExecutor`.
 *
 * @example Usage
 * ```ts
 * import { BrokenExecutor, BrokenThreadPool } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new BrokenThreadPool("gone") instanceof BrokenExecutor);
 * ```
 */
export class BrokenExecutor extends FuturesError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenExecutor";
  }
}

/**
 * Raised when a {@linkcode ThreadPoolExecutor} is broken: one of its workers
 * died, or its initializer failed, as Python's `BrokenThreadPool`.
 *
 * @example Usage
 * ```ts
 * import { BrokenThreadPool } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new BrokenThreadPool("gone").name, "BrokenThreadPool");
 * ```
 */
export class BrokenThreadPool extends BrokenExecutor {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenThreadPool";
  }
}

/**
 * Raised when a {@linkcode ProcessPoolExecutor} is broken: one of its
 * worker processes died, or its initializer failed, as Python's
 * `BrokenProcessPool`.
 *
 * @example Usage
 * ```ts
 * import { BrokenProcessPool } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new BrokenProcessPool("gone").name, "BrokenProcessPool");
 * ```
 */
export class BrokenProcessPool extends BrokenExecutor {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenProcessPool";
  }
}

/**
 * Raised when a task of a {@linkcode ThreadPoolExecutor} or
 * {@linkcode ProcessPoolExecutor} fails because its worker was ended for
 * exceeding one of the executor's {@linkcode ResourceLimits} (the `limits`
 * option); the worker is replaced and the pool goes on. `kind` names the limit, `limit` its value and
 * `used` the usage seen, in MiB or seconds.
 *
 * @example Usage
 * ```ts
 * import { FuturesError, ResourceLimitError } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * const error = new ResourceLimitError({ kind: "wallSeconds", limit: 1, used: 1.2 });
 * assert.ok(error instanceof FuturesError);
 * assert.equal(error.kind, "wallSeconds");
 * assert.match(error.message, /exceeded its limit of 1 s/);
 * ```
 */
export class ResourceLimitError extends FuturesError {
  /** The limit that was exceeded. */
  readonly kind: ResourceLimitKind;
  /** Its value, in MiB or seconds. */
  readonly limit: number;
  /** The usage seen, in the same unit. */
  readonly used: number;

  /**
   * Constructs a new instance.
   *
   * @param breach Which limit, its value and the usage seen.
   * @param options The error options, such as the `cause`.
   */
  constructor(breach: ResourceLimitBreach, options?: ErrorOptions) {
    super(describeBreach(breach), options);
    this.name = "ResourceLimitError";
    this.kind = breach.kind;
    this.limit = breach.limit;
    this.used = breach.used;
  }
}

for (
  const cls of [
    FuturesError,
    CancelledError,
    InvalidStateError,
    BrokenExecutor,
    BrokenThreadPool,
    BrokenProcessPool,
  ]
) registerErrorClass(cls);
