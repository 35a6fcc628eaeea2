// Copyright 2026 the @skein/concurrent authors. MIT license.

/**
 * For `stdin`, `stdout` or `stderr`: make a pipe to the child, as Python's
 * `subprocess.PIPE` (whose value, -1, it keeps).
 *
 * @example Capturing output
 * ```ts
 * import { PIPE, run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = await run(["echo", "hi"], { stdout: PIPE, text: true });
 * assert.equal(done.stdout, "hi\n");
 * ```
 */
export const PIPE: -1 = -1;

/**
 * For `stderr`: send the child's stderr where its stdout goes, as Python's
 * `subprocess.STDOUT` (-2).
 *
 * @example Merging stderr into stdout
 * ```ts
 * import { PIPE, run, STDOUT } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = await run(["sh", "-c", "echo out; echo err >&2"], {
 *   stdout: PIPE,
 *   stderr: STDOUT,
 *   text: true,
 * });
 * assert.deepEqual(done.stdout!.split("\n").sort(), ["", "err", "out"]);
 * ```
 */
export const STDOUT: -2 = -2;

/**
 * For `stdin`, `stdout` or `stderr`: connect it to the null device, as
 * Python's `subprocess.DEVNULL` (-3).
 *
 * @example Discarding output
 * ```ts
 * import { DEVNULL, run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = await run(["echo", "hi"], { stdout: DEVNULL });
 * assert.equal(done.stdout, null);
 * ```
 */
export const DEVNULL: -3 = -3;
