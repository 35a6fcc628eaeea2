// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `subprocess`, on `Deno.Command`.
 *
 * @module
 */
export * from "./call.ts";
export * from "./completed_process.ts";
export * from "./constants.ts";
export * from "./popen.ts";
export * from "./run.ts";
export * from "./subprocess_error.ts";
export { ValueError } from "../errors.ts";
