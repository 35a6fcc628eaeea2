// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError } from "../errors.ts";
import {
  describeBreach,
  type ResourceLimitBreach,
  type ResourceLimitKind,
} from "../_internal/limits.ts";

/**
 * What a thread that exceeded one of its `limits` (see
 * {@linkcode ThreadOptions.limits}) reports to {@linkcode excepthook}: its
 * worker was ended, and so was the thread. `kind` names the limit, `limit`
 * its value and `used` the usage seen (MiB or seconds). A `RuntimeError`,
 * as Python's errors of a thread's machinery are.
 *
 * @example A thread past its wall-clock limit
 * ```ts
 * import {
 *   type ExceptHookArgs,
 *   ResourceLimitError,
 *   setExcepthook,
 *   Thread,
 * } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const seen: unknown[] = [];
 * const previous = setExcepthook((args: ExceptHookArgs) => {
 *   seen.push(args.excValue);
 * });
 * const thread = new Thread({
 *   target: () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0),
 *   limits: { wallSeconds: 0.2 },
 * });
 * thread.start();
 * await thread.join();
 * setExcepthook(previous);
 * const error = seen[0] as ResourceLimitError;
 * assert.ok(error instanceof ResourceLimitError);
 * assert.equal(error.kind, "wallSeconds");
 * ```
 */
export class ResourceLimitError extends RuntimeError {
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
   * @param thread The name of the thread, for the message.
   * @param options The error options, such as the `cause`.
   */
  constructor(
    breach: ResourceLimitBreach,
    thread?: string,
    options?: ErrorOptions,
  ) {
    const message = describeBreach(breach);
    super(
      thread === undefined
        ? message
        : `Thread '${thread}' was ended: ${message}`,
      options,
    );
    this.name = "ResourceLimitError";
    this.kind = breach.kind;
    this.limit = breach.limit;
    this.used = breach.used;
  }
}
