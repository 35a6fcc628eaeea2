// Copyright 2026 the @skein/concurrent authors. MIT license.
import { Process } from "./process.ts";
import { fixStartMethod } from "../_internal/start_method.ts";

/**
 * The `Process` of the forkserver context, as Python's
 * `multiprocessing.context.ForkServerProcess`: what
 * `getContext("forkserver").Process` makes. It behaves as
 * {@linkcode Process}, and always starts by the forkserver, whatever the
 * start method in use: `start()` gives the target to a spare child that
 * has already bootstrapped, when one of the same kind is ready (see
 * {@linkcode setForkserverSpares}). Its instances are named
 * `ForkServerProcess-N`.
 *
 * @example A process from the forkserver context
 * ```ts
 * import {
 *   ForkServerProcess,
 *   getContext,
 *   Process,
 *   setForkserverSpares,
 * } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const ctx = getContext("forkserver");
 * assert.equal(ctx.Process, ForkServerProcess);
 * const p = new ctx.Process({ target: (x: number) => Deno.exit(x), args: [3] });
 * assert.ok(p instanceof Process);
 * p.start();
 * await p.join();
 * assert.equal(p.exitcode, 3);
 * await setForkserverSpares(0); // (ends the spare started meanwhile)
 * ```
 */
export class ForkServerProcess<A extends unknown[] = unknown[]>
  extends Process<A> {}

fixStartMethod(ForkServerProcess, "forkserver");
