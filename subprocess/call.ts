// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import { PIPE, STDOUT } from "./constants.ts";
import type { CompletedProcess } from "./completed_process.ts";
import { type OutputOf, run, type RunOptions, runSync } from "./run.ts";
import {
  CalledProcessError,
  type Command,
  type Output,
} from "./subprocess_error.ts";

/** Options for {@linkcode call} and {@linkcode checkCall}. */
export type CallOptions = Omit<RunOptions, "check" | "captureOutput" | "input">;

/** Options for {@linkcode checkOutput}: `stdout` is always `PIPE`. */
export type CheckOutputOptions = Omit<RunOptions, "check" | "stdout">;

/** Options for {@linkcode getoutput} and {@linkcode getstatusoutput}. */
export interface GetOutputOptions {
  /** The output's encoding. @default {"utf-8"} */
  encoding?: string;
  /** `"strict"` or `"replace"`, for bytes that do not decode. */
  errors?: "strict" | "replace";
}

/**
 * Runs a command and returns its exit status, as Python's
 * `subprocess.call()`.
 *
 * @param args The program and its arguments.
 * @param options As {@linkcode run}'s, without `check`, `captureOutput`,
 * `input`.
 * @returns The return code.
 * @throws {TimeoutExpired} If it outlives `timeout` (it is killed).
 *
 * @example Usage
 * ```ts
 * import { call } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await call(["sh", "-c", "exit 4"]), 4);
 * ```
 */
export async function call(
  args: Command,
  options: CallOptions = {},
): Promise<number> {
  return (await run(args, options)).returncode;
}

/**
 * {@linkcode call} that blocks the thread.
 *
 * @param args The program and its arguments.
 * @param options As for {@linkcode call}.
 * @returns The return code.
 *
 * @example Usage
 * ```ts
 * import { callSync } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(callSync(["true"]), 0);
 * ```
 */
export function callSync(args: Command, options: CallOptions = {}): number {
  return runSync(args, options).returncode;
}

/**
 * Runs a command and throws if it fails, as Python's `check_call()`.
 *
 * @param args The program and its arguments.
 * @param options As for {@linkcode call}.
 * @returns 0.
 * @throws {CalledProcessError} If it exits non-zero.
 * @throws {ResourceLimitError} If it exceeded one of its `limits`.
 *
 * @example Usage
 * ```ts
 * import { CalledProcessError, checkCall } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await checkCall(["true"]), 0);
 * await assert.rejects(checkCall(["false"]), CalledProcessError);
 * ```
 */
export async function checkCall(
  args: Command,
  options: CallOptions = {},
): Promise<0> {
  const done = await run(args, options);
  checkDone(done, args);
  return 0;
}

/**
 * {@linkcode checkCall} that blocks the thread.
 *
 * @param args The program and its arguments.
 * @param options As for {@linkcode call}.
 * @returns 0.
 * @throws {CalledProcessError} If it exits non-zero.
 *
 * @example Usage
 * ```ts
 * import { checkCallSync } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checkCallSync(["true"]), 0);
 * ```
 */
export function checkCallSync(args: Command, options: CallOptions = {}): 0 {
  checkDone(runSync(args, options), args);
  return 0;
}

/**
 * Runs a command and returns its stdout, throwing if it fails, as Python's
 * `check_output()`.
 *
 * @typeParam O The options, which decide the output type.
 * @param args The program and its arguments.
 * @param options As {@linkcode run}'s, without `check` and `stdout`.
 * @returns The output: bytes, or text in text mode.
 * @throws {CalledProcessError} If it exits non-zero; `output` holds stdout.
 * @throws {ValueError} If `stdout` is given.
 *
 * @example Usage
 * ```ts
 * import { checkOutput } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await checkOutput(["echo", "hi"], { text: true }), "hi\n");
 * ```
 */
export async function checkOutput<
  O extends CheckOutputOptions = Record<never, never>,
>(args: Command, options?: O): Promise<OutputOf<O>> {
  const done = await run(args, checkOutputOptions(options));
  return done.stdout as OutputOf<O>;
}

/**
 * {@linkcode checkOutput} that blocks the thread.
 *
 * @typeParam O The options, which decide the output type.
 * @param args The program and its arguments.
 * @param options As for {@linkcode checkOutput}.
 * @returns The output.
 * @throws {CalledProcessError} If it exits non-zero.
 *
 * @example Usage
 * ```ts
 * import { checkOutputSync } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checkOutputSync(["echo", "hi"], { text: true }), "hi\n");
 * ```
 */
export function checkOutputSync<
  O extends CheckOutputOptions = Record<never, never>,
>(args: Command, options?: O): OutputOf<O> {
  return runSync(args, checkOutputOptions(options)).stdout as OutputOf<O>;
}

function checkOutputOptions(options: CheckOutputOptions = {}): RunOptions {
  if ("stdout" in options && options.stdout !== undefined) {
    throw new ValueError("stdout argument not allowed, it will be overridden.");
  }
  if (options.captureOutput) {
    throw new ValueError(
      "stdout and stderr arguments may not be used with capture_output.",
    );
  }
  return { ...options, stdout: PIPE, check: true };
}

/**
 * Runs a shell command and returns `[exitcode, output]`, stdout and stderr
 * together as text with one trailing newline removed, as Python's
 * `getstatusoutput()`.
 *
 * @param cmd The shell command.
 * @param options The `encoding` and `errors` of the output.
 * @returns The exit status and the output.
 *
 * @example Usage
 * ```ts
 * import { getstatusoutput } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(await getstatusoutput("echo hi; exit 3"), [3, "hi"]);
 * ```
 */
export async function getstatusoutput(
  cmd: string,
  options: GetOutputOptions = {},
): Promise<[number, string]> {
  try {
    return [0, chomp(await checkOutput(cmd, statusOptions(cmd, options)))];
  } catch (error) {
    if (!(error instanceof CalledProcessError)) throw error;
    return [error.returncode, chomp(error.output)];
  }
}

/**
 * {@linkcode getstatusoutput} that blocks the thread.
 *
 * @param cmd The shell command.
 * @param options The `encoding` and `errors` of the output.
 * @returns The exit status and the output.
 *
 * @example Usage
 * ```ts
 * import { getstatusoutputSync } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(getstatusoutputSync("echo hi >&2"), [0, "hi"]);
 * ```
 */
export function getstatusoutputSync(
  cmd: string,
  options: GetOutputOptions = {},
): [number, string] {
  try {
    return [0, chomp(checkOutputSync(cmd, statusOptions(cmd, options)))];
  } catch (error) {
    if (!(error instanceof CalledProcessError)) throw error;
    return [error.returncode, chomp(error.output)];
  }
}

/**
 * Runs a shell command and returns its output (stdout and stderr, one
 * trailing newline removed), as Python's `getoutput()`.
 *
 * @param cmd The shell command.
 * @param options The `encoding` and `errors` of the output.
 * @returns The output.
 *
 * @example Usage
 * ```ts
 * import { getoutput } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await getoutput("printf 'a\\n\\n'"), "a\n");
 * ```
 */
export async function getoutput(
  cmd: string,
  options: GetOutputOptions = {},
): Promise<string> {
  return (await getstatusoutput(cmd, options))[1];
}

/**
 * {@linkcode getoutput} that blocks the thread.
 *
 * @param cmd The shell command.
 * @param options The `encoding` and `errors` of the output.
 * @returns The output.
 *
 * @example Usage
 * ```ts
 * import { getoutputSync } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getoutputSync("echo hi"), "hi");
 * ```
 */
export function getoutputSync(
  cmd: string,
  options: GetOutputOptions = {},
): string {
  return getstatusoutputSync(cmd, options)[1];
}

function statusOptions(
  cmd: string,
  options: GetOutputOptions,
): CheckOutputOptions & { text: true } {
  if (typeof cmd !== "string") {
    throw new TypeError(
      `Cannot run command as 'cmd' must be a string: received ${typeof cmd}`,
    );
  }
  return {
    shell: true,
    text: true,
    stderr: STDOUT,
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(options.errors === undefined ? {} : { errors: options.errors }),
  };
}

// check_call's check: Python's CalledProcessError carries no output here.
function checkDone(done: CompletedProcess, args: Command): void {
  if (done.limitExceeded !== null) done.checkReturncode();
  if (done.returncode !== 0) {
    throw new CalledProcessError(done.returncode, args);
  }
}

function chomp(output: Output): string {
  const text = typeof output === "string" ? output : "";
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}
