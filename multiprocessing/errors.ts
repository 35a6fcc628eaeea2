// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerErrorClass } from "../_internal/errors_registry.ts";

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

registerErrorClass(ProcessError);
registerErrorClass(BufferTooShort);
