// Copyright 2026 the @skein/concurrent authors. MIT license.
import { customInspect, pyRepr } from "../_internal/py_repr.ts";
import type { ResourceLimitBreach } from "../_internal/limits.ts";
import {
  CalledProcessError,
  type Command,
  type Output,
  ResourceLimitError,
} from "./subprocess_error.ts";

/** More about a finished command: how it ended. */
export interface CompletedProcessOptions {
  /** The limit it exceeded, which ended it (see `Popen.limitExceeded`). */
  limitExceeded?: ResourceLimitBreach | null;
}

/**
 * A finished command, as Python's `subprocess.CompletedProcess`: what
 * {@linkcode run} returns.
 *
 * @typeParam T The type of the captured output: `Uint8Array`, or `string`
 * in text mode.
 *
 * @example Checking the return code
 * ```ts
 * import { CalledProcessError, run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = await run(["sh", "-c", "exit 2"]);
 * assert.equal(done.returncode, 2);
 * assert.equal(done.stdout, null);
 * assert.throws(() => done.checkReturncode(), CalledProcessError);
 * ```
 */
export class CompletedProcess<T extends Output = Output> {
  /** The command as given to `run()`. */
  readonly args: Command;
  /** The exit status; negative for a signal (-9 for SIGKILL). */
  readonly returncode: number;
  /** The captured stdout, or `null` when it was not captured. */
  readonly stdout: T | null;
  /** The captured stderr, or `null` when it was not captured. */
  readonly stderr: T | null;
  /**
   * The limit (of the `limits` option) the command exceeded, which ended
   * it: which one, its value and the usage seen; else `null`.
   */
  readonly limitExceeded: ResourceLimitBreach | null;

  /**
   * Makes a record of a finished command.
   *
   * @param args The command.
   * @param returncode The exit status.
   * @param stdout The captured stdout, if any.
   * @param stderr The captured stderr, if any.
   * @param options The limit it exceeded, if one ended it.
   */
  constructor(
    args: Command,
    returncode: number,
    stdout: T | null = null,
    stderr: T | null = null,
    options: CompletedProcessOptions = {},
  ) {
    this.args = args;
    this.returncode = returncode;
    this.stdout = stdout;
    this.stderr = stderr;
    this.limitExceeded = options.limitExceeded ?? null;
  }

  /**
   * Throws when the command failed.
   *
   * @throws {ResourceLimitError} If it exceeded a limit.
   * @throws {CalledProcessError} If `returncode` is not 0.
   */
  checkReturncode(): void {
    if (this.limitExceeded !== null) {
      throw new ResourceLimitError(
        this.limitExceeded,
        this.returncode,
        this.args,
        { output: this.stdout, stderr: this.stderr },
      );
    }
    if (this.returncode !== 0) {
      throw new CalledProcessError(this.returncode, this.args, {
        output: this.stdout,
        stderr: this.stderr,
      });
    }
  }

  /** Python's repr: `CompletedProcess(args=['ls'], returncode=0)`. */
  toString(): string {
    let text = `CompletedProcess(args=${
      pyRepr(this.args)
    }, returncode=${this.returncode}`;
    if (this.stdout !== null) text += `, stdout=${pyRepr(this.stdout)}`;
    if (this.stderr !== null) text += `, stderr=${pyRepr(this.stderr)}`;
    return text + ")";
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}
