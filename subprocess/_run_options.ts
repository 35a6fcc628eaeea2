// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import type { RunOptions } from "./run.ts";
import { checkEncoding, isText } from "./_text.ts";
import { checkPopenLimits, type WithoutNone, withoutNone } from "./_spawn.ts";
import { checkOptionKeys } from "../_internal/keywords.ts";

/** The options of Popen: a key not among them is a TypeError. */
export const POPEN_KEYS: readonly string[] = [
  "stdin",
  "stdout",
  "stderr",
  "shell",
  "cwd",
  "env",
  "executable",
  "text",
  "encoding",
  "errors",
  "universalNewlines",
  "startNewSession",
  "limits",
];

const RUN_KEYS = [...POPEN_KEYS, "input", "captureOutput", "timeout", "check"];

/**
 * Python's run() checks, before anything starts; returns a copy without
 * the `null`s that mean Python's None (a `stdin`, `stdout` or `stderr` of
 * `null` is None too: "not given" to these checks, as in Python).
 */
export function checkRunOptions(given: RunOptions): WithoutNone<RunOptions> {
  if (typeof given !== "object" || given === null) {
    throw new TypeError(
      `Cannot run command as 'options' must be an object: received ${typeof given}`,
    );
  }
  checkOptionKeys("run command", given, RUN_KEYS);
  const options = withoutNone(given);
  if (
    options.captureOutput &&
    (options.stdout != null || options.stderr != null)
  ) {
    throw new ValueError(
      "stdout and stderr arguments may not be used with capture_output.",
    );
  }
  checkEncoding(options.encoding);
  checkPopenLimits(options.limits);
  if (options.input !== undefined && options.stdin != null) {
    throw new ValueError("stdin and input arguments may not both be used.");
  }
  if (options.input !== undefined && !isText(options)) {
    if (!(options.input instanceof Uint8Array)) {
      throw new TypeError(
        "Cannot run command as 'input' must be a Uint8Array unless in text mode (text, encoding, errors or universalNewlines)",
      );
    }
  }
  return options;
}
