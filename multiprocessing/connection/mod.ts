// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `multiprocessing.connection`: {@linkcode Connection} and
 * {@linkcode Pipe}.
 *
 * @example A pipe within one process
 * ```ts
 * import { Pipe } from "@skein/concurrent/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * a.send([1, "two"]);
 * assert.deepEqual(await b.recv(), [1, "two"]);
 * a.close();
 * b.close();
 * ```
 *
 * @module
 */
export * from "./connection.ts";
