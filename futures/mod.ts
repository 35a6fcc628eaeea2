// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `concurrent.futures`: futures, and executors that run calls on
 * a pool of threads.
 *
 * @module
 */
export * from "./as_completed.ts";
export * from "./errors.ts";
export * from "./executor.ts";
export * from "./future.ts";
export * from "./thread_pool_executor.ts";
export * from "./wait.ts";
export { RuntimeError, TimeoutError, ValueError } from "../errors.ts";
