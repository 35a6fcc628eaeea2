// Copyright 2026 the @skein/concurrent authors. MIT license.
import { Process } from "./process.ts";
import { fixStartMethod } from "../_internal/start_method.ts";

/**
 * The `Process` of the spawn context, as Python's
 * `multiprocessing.context.SpawnProcess`: what `getContext("spawn").Process`
 * (and `getContext().Process` while "spawn" is the start method in use)
 * makes. It behaves as {@linkcode Process}, and always starts a new
 * `deno`, whatever the start method in use; its instances are named
 * `SpawnProcess-N` and print as `<SpawnProcess name='SpawnProcess-1' ...>`,
 * as Python names a process after its class.
 *
 * @example A process from the spawn context
 * ```ts
 * import {
 *   getContext,
 *   Process,
 *   SpawnProcess,
 * } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const ctx = getContext("spawn");
 * assert.equal(ctx.Process, SpawnProcess);
 * const p = new ctx.Process({ target: () => {} });
 * assert.ok(p instanceof Process);
 * assert.match(p.name, /^SpawnProcess-\d+$/);
 * p.start();
 * await p.join();
 * assert.equal(p.exitcode, 0);
 * ```
 */
export class SpawnProcess<A extends unknown[] = unknown[]> extends Process<A> {}

fixStartMethod(SpawnProcess, "spawn");
