// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `threading`: threads that run in parallel in workers.
 *
 * @module
 */
export * from "./active_threads.ts";
export * from "./excepthook.ts";
export * from "./local.ts";
export * from "./register_module.ts";
export * from "./thread.ts";
export * from "./timer.ts";
export { RuntimeError, ValueError } from "../errors.ts";
