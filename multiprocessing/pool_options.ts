// Copyright 2026 the @skein/concurrent authors. MIT license.
import type { ProcessPermissions } from "../_internal/child_permissions.ts";
import type { ResourceLimits } from "../_internal/limits.ts";

/** Options of {@linkcode Pool}, as Python's keyword arguments. */
export interface PoolOptions<I extends unknown[] = unknown[]> {
  /**
   * The number of worker processes, as Python's `Pool(processes=...)`:
   * here or as the first argument, not both. `null` is Python's `None`.
   *
   * @default {processCpuCount()}
   */
  processes?: number | null;
  /** Called in each worker process before its first task. */
  initializer?: (...args: I) => unknown;
  /**
   * The arguments for `initializer`.
   *
   * @default {[]}
   */
  initargs?: I;
  /**
   * Tasks a worker runs before it is replaced; `null` (Python's `None`)
   * or omitted: unlimited.
   */
  maxtasksperchild?: number | null;
  /**
   * The workers' Deno permissions, as a `Process`'s: `"inherit"`,
   * `"none"` or per permission; never more than this process has.
   *
   * @default {"inherit"}
   */
  permissions?: ProcessPermissions;
  /**
   * How many workers in a row may die by themselves (`Deno.exit()` in a
   * task, a signal, a crash) with no task finishing between, each failing
   * the task it ran with `BrokenProcessPool` and replaced, before the pool
   * breaks: then the tasks pending fail, and later calls, with
   * `BrokenProcessPool` (its message tells the last exit code and the
   * deaths in a row). Python's Pool has
   * no such limit (it replaces dead workers forever, and a task whose
   * worker died waits forever); this is `futures`' option of the same
   * name. A worker killed because its task was stopped (see
   * {@linkcode StopOptions}) is not counted.
   *
   * @default {5}
   */
  maxConsecutiveDeaths?: number;
  /**
   * Limits on each worker process: `heapMb` (its JavaScript heap),
   * `memoryMb` (its resident memory, sampled from `/proc`), `cpuSeconds`
   * (its CPU time, over all the tasks it runs), and on each task:
   * `wallSeconds`, how long one task (a chunk, for the map methods) may run,
   * counted from when it is sent to an idle worker (with `wallSeconds`,
   * tasks are not sent ahead to busy workers). The task running when a
   * limit is exceeded fails with `ResourceLimitError` (its `kind`, `limit`
   * and `used`), the worker is killed and replaced, and the pool goes on; a
   * breach is not counted by `maxConsecutiveDeaths`. Python's Pool has no
   * limits. None when omitted or `null`.
   *
   * @example A task past its time
   * ```ts
   * import { Pool, ResourceLimitError } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * // The limit counts from when a task is sent to an idle worker, a new
   * // worker's start included: under load that can take a good part of a second.
   * await using pool = new Pool(1, { limits: { wallSeconds: 2 } });
   * const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
   * await assert.rejects(pool.apply(sleep, [60_000]), (error) => {
   *   assert.ok(error instanceof ResourceLimitError);
   *   assert.equal(error.kind, "wallSeconds");
   *   return true;
   * });
   * assert.equal(await pool.apply((x: number) => x + 1, [1]), 2);
   * ```
   */
  limits?: ResourceLimits | null;
}

/**
 * Options of {@linkcode Pool.prototype.apply}: Python's `kwds`.
 *
 * @typeParam K The keyword arguments' type.
 */
export interface ApplyOptions<K extends Record<string, unknown>> {
  /**
   * Python's keyword arguments: when given, passed to `fn` as one last
   * argument after `args`.
   */
  kwds?: K;
}

/** Options of the map methods. */
export interface ChunkOptions {
  /**
   * Items per task sent to a worker; by default, as Python, the items
   * split in about four chunks per worker (`map`, `starmap`) or 1
   * (`imap`, `imapUnordered`).
   */
  chunksize?: number;
}

/**
 * Options that stop a call's tasks, taken by every {@linkcode Pool} method
 * that runs tasks (`apply`, `applyAsync`, `map`, `mapAsync`, `starmap`,
 * `starmapAsync`, `imap`, `imapUnordered`) beside Python's keywords.
 * Python's `Pool` cannot stop a task that is running; this one can.
 *
 * When `signal` aborts, or `timeout` seconds after the call, the call's
 * tasks stop: a task still waiting for a worker is cancelled, and a worker
 * running one is killed (SIGKILL), its slot free at once for a new worker
 * (started when a task needs it). A task of a call with a `signal` or a
 * `timeout` runs alone on an idle worker (none is sent ahead to it), so
 * that killing its worker stops no other task.
 * The call fails at once with the signal's reason (an `AbortError`
 * `DOMException` unless `abort()` was given one) or a `TimeoutError`; a
 * map's results already done are dropped with the rest, and an imap's
 * iterator gives the results it holds, rejects one `next()` with the
 * reason and ends. Tasks of other calls, queued or running on other
 * workers, are not touched, and a killed worker does not count towards
 * the pool's `maxConsecutiveDeaths`. A signal already aborted fails the
 * call before anything is sent.
 *
 * @example Stopping a running task
 * ```ts
 * import { Pool } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(1);
 * const spin = (ms: number) => {
 *   const end = Date.now() + ms;
 *   while (Date.now() < end);
 *   return ms;
 * };
 * const controller = new AbortController();
 * const running = pool.apply(spin, [60_000], { signal: controller.signal });
 * setTimeout(() => controller.abort(), 200);
 * await assert.rejects(running, { name: "AbortError" });
 * // The worker was replaced: the pool goes on.
 * assert.equal(await pool.apply(spin, [1]), 1);
 * ```
 *
 * @example A timeout in seconds
 * ```ts
 * import { Pool, TimeoutError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using pool = new Pool(1);
 * const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
 * await assert.rejects(
 *   pool.map(sleep, [60_000, 1], { timeout: 0.2 }),
 *   TimeoutError,
 * );
 * ```
 */
export interface StopOptions {
  /** Stops the call's tasks when it aborts; the call fails with its reason. */
  signal?: AbortSignal;
  /**
   * Seconds from the call after which its tasks stop and it fails with a
   * `TimeoutError`; `undefined` or `null` (Python's `None`): no limit.
   */
  timeout?: number | null;
}
