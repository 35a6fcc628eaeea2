// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `threading`: threads that run in parallel in workers.
 *
 * @module
 */
export * from "./active_threads.ts";
export * from "./barrier.ts";
export * from "./condition.ts";
export * from "./event.ts";
export * from "./excepthook.ts";
export * from "./local.ts";
export * from "./lock.ts";
export * from "./register_module.ts";
export * from "./rlock.ts";
export * from "./semaphore.ts";
export * from "./thread.ts";
export * from "./timer.ts";
export { RuntimeError, TimeoutError, ValueError } from "../errors.ts";
