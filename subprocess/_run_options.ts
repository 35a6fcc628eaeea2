// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import type { RunOptions } from "./run.ts";
import { checkEncoding, isText } from "./_text.ts";

/** Python's run() checks, before anything starts. */
export function checkRunOptions(options: RunOptions): RunOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot run command as 'options' must be an object: received ${typeof options}`,
    );
  }
  if (
    options.captureOutput &&
    (options.stdout !== undefined || options.stderr !== undefined)
  ) {
    throw new ValueError(
      "stdout and stderr arguments may not be used with capture_output.",
    );
  }
  checkEncoding(options.encoding);
  if (options.input !== undefined && options.stdin !== undefined) {
    throw new ValueError("stdin and input arguments may not both be used.");
  }
  if (options.input !== undefined && !isText(options)) {
    if (!(options.input instanceof Uint8Array)) {
      throw new TypeError(
        "Cannot run command as 'input' must be a Uint8Array unless in text mode (text, encoding, errors or universalNewlines)",
      );
    }
  }
  return { ...options };
}
