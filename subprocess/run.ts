// Copyright 2026 the @skein/concurrent authors. MIT license.
import { PIPE } from "./constants.ts";
import { CompletedProcess } from "./completed_process.ts";
import { Popen, type PopenOptions } from "./popen.ts";
import { popenInternals } from "./_popen_internals.ts";
import { runSyncInWorker } from "./_run_sync.ts";
import { checkRunOptions } from "./_run_options.ts";
import type { Command } from "./subprocess_error.ts";

/** Options for {@linkcode run}, as Python's `subprocess.run` keywords. */
export interface RunOptions extends PopenOptions {
  /**
   * Written to the child's stdin (then closed); implies `stdin: PIPE`. A
   * string in text mode (UTF-8), else bytes. None when omitted or `null`.
   */
  input?: Uint8Array | string | null;
  /**
   * Capture stdout and stderr (`stdout: PIPE, stderr: PIPE`); not together
   * with `stdout` or `stderr`.
   *
   * @default {false}
   */
  captureOutput?: boolean;
  /**
   * Seconds the command may run; then it is killed and reaped, and
   * `TimeoutExpired` carries the output read so far. None when omitted or
   * `null` (Python's None).
   */
  timeout?: number | null;
  /**
   * Throw `CalledProcessError` when the command exits with a non-zero
   * status, `ResourceLimitError` when it exceeded one of its `limits`.
   *
   * @default {false}
   */
  check?: boolean;
}

/**
 * The type of captured output for options `O`: a string in text mode
 * (`text`, `encoding`, `errors` or `universalNewlines`), else bytes.
 */
export type OutputOf<O> = O extends
  | { text: true }
  | { encoding: string }
  | { errors: string }
  | { universalNewlines: true } ? string
  : Uint8Array;

/**
 * Runs a command, waits for it, and returns a {@linkcode CompletedProcess},
 * as Python's `subprocess.run()`.
 *
 * @typeParam O The options, which decide the output type.
 * @param args The program and its arguments (or, with `shell`, a command).
 * @param options Python's keywords: `input`, `captureOutput`, `timeout`,
 * `check`, the streams, `cwd`, `env`, `shell`, text mode.
 * @returns The finished command.
 * @throws {CalledProcessError} With `check`, if it exits non-zero.
 * @throws {ResourceLimitError} With `check`, if it exceeded a limit.
 * @throws {TimeoutExpired} If it outlives `timeout` (it is killed first).
 * @throws {ValueError} For `captureOutput` with `stdout`/`stderr`,
 * `input` with `stdin`, or a limit that is wrong or cannot be enforced.
 * @throws {Deno.errors.NotFound} If the program or `cwd` does not exist.
 *
 * @example Capturing text output
 * ```ts
 * import { run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = await run(["sh", "-c", "echo out; echo err >&2; exit 1"], {
 *   captureOutput: true,
 *   text: true,
 * });
 * assert.equal(done.returncode, 1);
 * assert.equal(done.stdout, "out\n");
 * assert.equal(done.stderr, "err\n");
 * ```
 */
export async function run<O extends RunOptions = Record<never, never>>(
  args: Command,
  options?: O,
): Promise<CompletedProcess<OutputOf<O>>> {
  const { input, captureOutput, timeout, check, ...popenOptions } =
    checkRunOptions(options ?? {});
  if (captureOutput) {
    popenOptions.stdout = PIPE;
    popenOptions.stderr = PIPE;
  }
  if (input !== undefined) popenOptions.stdin = PIPE;
  const process = new Popen(args, popenOptions);
  let output: Awaited<ReturnType<Popen["communicate"]>>;
  try {
    output = await process.communicate({
      ...(input === undefined ? {} : { input }),
      ...(timeout === undefined ? {} : { timeout }),
    });
  } catch (error) {
    process.kill();
    await process.wait();
    // A grandchild may hold the pipes open: stop reading rather than wait.
    await popenInternals.cancelReading(process);
    await process[Symbol.asyncDispose]();
    throw error;
  }
  const [stdout, stderr] = output;
  const done = new CompletedProcess(
    args,
    process.returncode!,
    stdout as OutputOf<O> | null,
    stderr as OutputOf<O> | null,
    { limitExceeded: process.limitExceeded },
  );
  if (check) done.checkReturncode();
  return done;
}

/**
 * {@linkcode run} that blocks the thread until the command is done (on the
 * main thread, its event loop too). Without `input` and `timeout` it is
 * `Deno.Command.outputSync()`; with them (which `outputSync` cannot do) the
 * command runs in a worker thread while this thread waits. A worker that
 * dies mid-call is an `Error` (within about 10 seconds), never a
 * wait without end.
 *
 * @typeParam O The options, which decide the output type.
 * @param args The program and its arguments (or, with `shell`, a command).
 * @param options As for {@linkcode run}; `stdin` cannot be a stream here.
 * @returns The finished command.
 * @throws {CalledProcessError} With `check`, if it exits non-zero.
 * @throws {TimeoutExpired} If it outlives `timeout` (it is killed first).
 * @throws {Error} If the worker thread running it died.
 *
 * @example Usage
 * ```ts
 * import { runSync } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = runSync(["echo", "hi"], { captureOutput: true, text: true });
 * assert.equal(done.stdout, "hi\n");
 * ```
 */
export function runSync<O extends RunOptions = Record<never, never>>(
  args: Command,
  options?: O,
): CompletedProcess<OutputOf<O>> {
  const checked = checkRunOptions(options ?? {});
  if (checked.stdin instanceof ReadableStream) {
    throw new TypeError(
      "Cannot run command synchronously as 'stdin' is a stream: use run()",
    );
  }
  const done = runSyncInWorker(args, checked);
  if (checked.check) done.checkReturncode();
  return done as CompletedProcess<OutputOf<O>>;
}
