// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerErrorClass } from "../_internal/errors_registry.ts";
import {
  describeBreach,
  type ResourceLimitBreach,
  type ResourceLimitKind,
} from "../_internal/limits.ts";

/**
 * The base of multiprocessing's own exceptions, as Python's
 * `multiprocessing.ProcessError`.
 *
 * @example Usage
 * ```ts
 * import { BufferTooShort, ProcessError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new BufferTooShort(new Uint8Array(4)) instanceof ProcessError);
 * ```
 */
export class ProcessError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProcessError";
  }
}

/**
 * Raised by `Connection.recvBytesInto()` when the message does not fit the
 * buffer, as Python's `BufferTooShort`: the whole message is in `message`.
 *
 * @example Usage
 * ```ts
 * import { Pipe, BufferTooShort } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * a.sendBytes(new Uint8Array([1, 2, 3]));
 * const error = await b.recvBytesInto(new Uint8Array(2)).catch((e) => e);
 * assert.ok(error instanceof BufferTooShort);
 * assert.deepEqual([...error.bytes], [1, 2, 3]);
 * a.close();
 * b.close();
 * ```
 */
export class BufferTooShort extends ProcessError {
  /** The whole message that did not fit. */
  readonly bytes: Uint8Array;

  /**
   * Constructs a new instance.
   *
   * @param bytes The message that did not fit.
   * @param options The error options, such as the `cause`.
   */
  constructor(bytes: Uint8Array, options?: ErrorOptions) {
    super(
      `The message of ${bytes.length} bytes does not fit the buffer`,
      options,
    );
    this.name = "BufferTooShort";
    this.bytes = bytes;
  }
}

/**
 * Raised when a connection to a manager, or between a `Listener` and a
 * `Client`, fails its authentication, as Python's
 * `multiprocessing.AuthenticationError`: the two sides' `authkey`s differ
 * (`"digest received was wrong"` on the side that checked the other's
 * answer, `"digest sent was rejected"` on the side whose answer failed).
 *
 * @example Usage
 * ```ts
 * import { AuthenticationError, ProcessError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new AuthenticationError("digest received was wrong") instanceof ProcessError);
 * ```
 */
export class AuthenticationError extends ProcessError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AuthenticationError";
  }
}

/**
 * Raised by a managed dict when a key is missing, as Python's `KeyError`.
 *
 * @example Usage
 * ```ts
 * import { KeyError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new KeyError("'a'").name, "KeyError");
 * ```
 */
export class KeyError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message (Python's: the key's repr).
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "KeyError";
  }
}

/**
 * Raised by a managed list or array for an index out of range, as Python's
 * `IndexError`. It extends `RangeError`.
 *
 * @example Usage
 * ```ts
 * import { IndexError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new IndexError("list index out of range") instanceof RangeError);
 * ```
 */
export class IndexError extends RangeError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IndexError";
  }
}

/**
 * Raised by a managed Namespace for a missing attribute, as Python's
 * `AttributeError`.
 *
 * @example Usage
 * ```ts
 * import { AttributeError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new AttributeError("x").name, "AttributeError");
 * ```
 */
export class AttributeError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AttributeError";
  }
}

/**
 * Raised by a proxy's `__next__` when the referent iterator is exhausted,
 * as Python's `StopIteration`: the server calls `next()` on a JavaScript
 * iterator or generator for Python's `__next__`, and its `{ done: true }`
 * crosses back as this error, with the generator's return value as
 * `value` (`undefined` when it returned nothing, as Python's None).
 *
 * @example Usage
 * ```ts
 * import { StopIteration } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const end = new StopIteration(42);
 * assert.equal(end.name, "StopIteration");
 * assert.equal(end.value, 42);
 * assert.equal(end.message, "42");
 * ```
 */
export class StopIteration extends Error {
  /** The iterator's return value (Python's `StopIteration.value`). */
  value: unknown;

  /**
   * Constructs a new instance.
   *
   * @param value The iterator's return value; the message is its text, as
   * Python's `str(StopIteration(value))` (empty without one).
   * @param options The error options, such as the `cause`.
   */
  constructor(value?: unknown, options?: ErrorOptions) {
    super(value === undefined ? "" : String(value), options);
    this.name = "StopIteration";
    this.value = value;
  }
}

/**
 * Raised when a child process, or the task it was running, is ended for
 * exceeding one of its {@linkcode ResourceLimits} (the `limits` option of
 * `Process` and `Pool`). `kind` names the limit, `limit` its value and
 * `used` the usage seen, in MiB or seconds.
 *
 * @example Usage
 * ```ts
 * import { ProcessError, ResourceLimitError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const error = new ResourceLimitError({ kind: "wallSeconds", limit: 1, used: 1.2 });
 * assert.ok(error instanceof ProcessError);
 * assert.equal(error.kind, "wallSeconds");
 * assert.match(error.message, /exceeded its limit of 1 s/);
 * ```
 */
export class ResourceLimitError extends ProcessError {
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

registerErrorClass(ProcessError);
registerErrorClass(AttributeError);
registerErrorClass(AuthenticationError);
registerErrorClass(KeyError);
registerErrorClass(IndexError);
registerErrorClass(BufferTooShort);
registerErrorClass(StopIteration);
