// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's "Concurrent Execution" standard library, made native to Deno.
 *
 * Each module is a namespace here and its own subpath export; import the
 * subpath you use (`@skein/concurrent/sched`) or this root for all of them.
 * The built-in exceptions the modules share (`ValueError`, `RuntimeError`,
 * `TimeoutError`, `EOFError`) are exported here too.
 *
 * @example The root re-exports the shared exceptions
 * ```ts
 * import { ValueError } from "@skein/concurrent";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new ValueError("bad value") instanceof RangeError);
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * as sched from "./sched/mod.ts";
export * as threading from "./threading/mod.ts";
export * as subprocess from "./subprocess/mod.ts";
export * as futures from "./futures/mod.ts";
export * as queue from "./queue/mod.ts";
export * as multiprocessing from "./multiprocessing/mod.ts";
export * as sharedMemory from "./multiprocessing/shared_memory/mod.ts";
export * as connection from "./multiprocessing/connection/mod.ts";
