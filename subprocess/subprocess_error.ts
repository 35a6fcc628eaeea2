// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerErrorClass } from "../_internal/errors_registry.ts";
import { pyRepr } from "../_internal/py_repr.ts";
import { signalName } from "../_internal/signals.ts";
import {
  describeBreach,
  type ResourceLimitBreach,
  type ResourceLimitKind,
} from "../_internal/limits.ts";

/** What a command was: its argument list, or a shell string. */
export type Command = readonly string[] | string;

/** Output as captured: bytes, text, or `null` when it was not captured. */
export type Output = Uint8Array | string | null;

/**
 * The base class of this module's exceptions, as Python's
 * `subprocess.SubprocessError`.
 *
 * @example Catching any subprocess failure
 * ```ts
 * import { run, SubprocessError } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(run(["false"], { check: true }), SubprocessError);
 * ```
 */
export class SubprocessError extends Error {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SubprocessError";
  }
}

/** Output captured by a failed or timed-out command. */
export interface ProcessOutputOptions extends ErrorOptions {
  /** The captured stdout (Python's `output`). */
  output?: Output;
  /** The captured stderr. */
  stderr?: Output;
}

/**
 * Raised when a command run with `check: true` (or by `checkCall` /
 * `checkOutput`) exits with a non-zero status, as Python's
 * `CalledProcessError`; its message is Python's: ``Command '['false']'
 * returned non-zero exit status 1.``, or ``died with <Signals.SIGKILL: 9>.``
 * for a signal.
 *
 * @example Reading its fields
 * ```ts
 * import { CalledProcessError, run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * try {
 *   await run(["sh", "-c", "echo oops; exit 3"], {
 *     captureOutput: true,
 *     check: true,
 *     text: true,
 *   });
 * } catch (error) {
 *   assert.ok(error instanceof CalledProcessError);
 *   assert.equal(error.returncode, 3);
 *   assert.equal(error.stdout, "oops\n");
 *   assert.equal(
 *     error.message,
 *     "Command '['sh', '-c', 'echo oops; exit 3']' returned non-zero exit status 3.",
 *   );
 * }
 * ```
 */
export class CalledProcessError extends SubprocessError {
  /** The exit status; negative for a signal (-9 for SIGKILL), as Python. */
  returncode: number;
  /** The command that failed. */
  cmd: Command;
  /** Its captured stdout, or `null`. */
  output: Output;
  /** Its captured stderr, or `null`. */
  stderr: Output;

  /**
   * Constructs a new instance.
   *
   * @param returncode The exit status.
   * @param cmd The command.
   * @param options The captured output and stderr, and a `cause`.
   */
  constructor(
    returncode: number,
    cmd: Command,
    options: ProcessOutputOptions = {},
  ) {
    super(calledMessage(returncode, cmd), options);
    this.name = "CalledProcessError";
    this.returncode = returncode;
    this.cmd = cmd;
    this.output = options.output ?? null;
    this.stderr = options.stderr ?? null;
  }

  /** Python's alias of `output`. */
  get stdout(): Output {
    return this.output;
  }

  set stdout(value: Output) {
    this.output = value;
  }
}

/**
 * Raised when a command runs longer than its `timeout`, as Python's
 * `TimeoutExpired`; the child has been killed and reaped by `run()`, and
 * the output read until then is in `output` and `stderr`.
 *
 * @example A command that takes too long
 * ```ts
 * import { run, TimeoutExpired } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(
 *   run(["sleep", "10"], { timeout: 0.1 }),
 *   (error: TimeoutExpired) => {
 *     assert.equal(error.timeout, 0.1);
 *     assert.equal(
 *       error.message,
 *       "Command '['sleep', '10']' timed out after 0.1 seconds",
 *     );
 *     return true;
 *   },
 * );
 * ```
 */
export class TimeoutExpired extends SubprocessError {
  /** The command. */
  cmd: Command;
  /** The timeout, in seconds. */
  timeout: number;
  /** The stdout read before the timeout, or `null`. */
  output: Output;
  /** The stderr read before the timeout, or `null`. */
  stderr: Output;

  /**
   * Constructs a new instance.
   *
   * @param cmd The command.
   * @param timeout The timeout in seconds.
   * @param options The output read so far, and a `cause`.
   */
  constructor(
    cmd: Command,
    timeout: number,
    options: ProcessOutputOptions = {},
  ) {
    super(
      `Command ${reprCmd(cmd)} timed out after ${timeout} seconds`,
      options,
    );
    this.name = "TimeoutExpired";
    this.cmd = cmd;
    this.timeout = timeout;
    this.output = options.output ?? null;
    this.stderr = options.stderr ?? null;
  }

  /** Python's alias of `output`. */
  get stdout(): Output {
    return this.output;
  }

  set stdout(value: Output) {
    this.output = value;
  }
}

/**
 * Raised when a command exceeded one of its `limits` (see
 * {@linkcode PopenOptions.limits}) and was killed: by `run(..., { check:
 * true })`, `checkCall`, `checkOutput` and
 * `CompletedProcess.checkReturncode()`. `kind` names the limit, `limit`
 * its value and `used` the usage seen (MiB or seconds). It is a
 * {@linkcode CalledProcessError} (the command did fail), so code that
 * catches that catches this too: `returncode` is the child's (minus the
 * signal that ended it: -9 for SIGKILL, -24 for SIGXCPU), with `cmd` and
 * the output read until then.
 *
 * @example A command that runs longer than its limit
 * ```ts
 * import { ResourceLimitError, run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(
 *   run(["sleep", "10"], { limits: { wallSeconds: 0.2 }, check: true }),
 *   (error: ResourceLimitError) => {
 *     assert.equal(error.kind, "wallSeconds");
 *     assert.equal(error.limit, 0.2);
 *     assert.ok(error.used >= 0.2);
 *     assert.equal(error.returncode, -9);
 *     return true;
 *   },
 * );
 * ```
 */
export class ResourceLimitError extends CalledProcessError {
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
   * @param returncode The command's return code.
   * @param cmd The command.
   * @param options The output read so far, and a `cause`.
   */
  constructor(
    breach: ResourceLimitBreach,
    returncode: number,
    cmd: Command,
    options: ProcessOutputOptions = {},
  ) {
    super(returncode, cmd, options);
    this.name = "ResourceLimitError";
    this.message = `Command ${reprCmd(cmd)} was ended: ${
      describeBreach(breach)
    }`;
    this.kind = breach.kind;
    this.limit = breach.limit;
    this.used = breach.used;
  }
}

function reprCmd(cmd: Command): string {
  return `'${typeof cmd === "string" ? cmd : pyRepr(cmd)}'`;
}

function calledMessage(returncode: number, cmd: Command): string {
  if (returncode < 0) {
    const name = signalName(-returncode);
    return name === undefined
      ? `Command ${reprCmd(cmd)} died with unknown signal ${-returncode}.`
      : `Command ${reprCmd(cmd)} died with <Signals.${name}: ${-returncode}>.`;
  }
  return `Command ${reprCmd(cmd)} returned non-zero exit status ${returncode}.`;
}

// (ResourceLimitError is not registered: multiprocessing and futures have
// their own of that name.)
for (const cls of [SubprocessError, CalledProcessError, TimeoutExpired]) {
  registerErrorClass(cls);
}
