// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * The `futures` Executor across machines: {@linkcode RedisExecutor} sends
 * each call as a BullMQ job to a Redis queue (while many wait, calls sent
 * together share jobs: `maxCallsPerJob`), and workers ({@linkcode serve},
 * or the runnable `worker` module) run them on local pools of threads or
 * processes. Python's counterpart is Dask's `Client`, which keeps
 * `concurrent.futures`' shape: `submit`, `map`, `asCompleted`, `wait` and
 * `shutdown` work as with the local executors, and the futures mix with
 * local ones.
 *
 * Functions travel by module URL and export name (the module must be
 * importable where the workers run: `https:`, `jsr:`, `npm:`, or a
 * `file:` path that exists there); arguments, results and exceptions use
 * the package's wire codec. Every job is signed with a shared `authkey`
 * (HMAC-SHA-256-128) and workers refuse jobs signed otherwise; `allowModules`
 * limits what a worker imports. Calls run at least once: a call whose
 * worker died runs again elsewhere (`maxRetries` times), and its future
 * settles once.
 *
 * This is the only part of the package with dependencies: `npm:bullmq`
 * and its `npm:ioredis`, pinned.
 *
 * @example Errors are futures' errors
 * ```ts
 * import { RedisConnectionError, TaskRefusedError } from "@skein/concurrent/futures/redis";
 * import { FuturesError } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new TaskRefusedError("no") instanceof FuturesError);
 * assert.ok(new RedisConnectionError("down") instanceof FuturesError);
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./redis_executor.ts";
export * from "./serve.ts";
