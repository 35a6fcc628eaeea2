// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `concurrent.futures`: futures, and executors that run calls on
 * a pool of threads (workers) or of processes.
 *
 * | Python | here |
 * | --- | --- |
 * | `ThreadPoolExecutor(max_workers, thread_name_prefix, initializer, initargs)` | `new ThreadPoolExecutor({ maxWorkers, threadNamePrefix, initializer, initargs })` |
 * | `ProcessPoolExecutor(max_workers, mp_context, initializer, initargs, max_tasks_per_child)` | `new ProcessPoolExecutor({ maxWorkers, initializer, initargs, maxTasksPerChild, permissions })` (spawn only) |
 * | (none: `_base.Executor` only) | {@linkcode PoolExecutor}, the base of both pools: `maxWorkers`, `submit`, `submitWith`, `map`, `shutdown` |
 * | `terminate_workers()`, `kill_workers()` (3.14) | `terminateWorkers()`, `killWorkers()` |
 * | (none: a worker that dies breaks the pool) | both executors also take `replaceDeadWorkers`, `maxConsecutiveDeaths` (replace a dead worker, fail only its call) and `limits` (`heapMb`, `wallSeconds`; for processes also `memoryMb`, `cpuSeconds`: a call past one fails with `ResourceLimitError`) |
 * | (none: a running call cannot be stopped) | `ex.submitWith({ signal, timeout }, fn, ...args)`: a running call is stopped, its worker replaced |
 * | `ex.submit(fn, *args)` | `ex.submit(fn, ...args)` returns {@linkcode Future} |
 * | `ex.map(fn, *iterables, timeout=, chunksize=, buffersize=)` | `ex.map(fn, ...iterables, { timeout, chunksize, buffersize })`, an async iterator |
 * | `ex.shutdown(wait=True, cancel_futures=False)`, `with ex:` | `await ex.shutdown({ wait, cancelFutures })`, `await using ex = ...` |
 * | `f.result(timeout)`, `f.exception(timeout)` | `await f.result({ timeout })`, `await f.exception({ timeout })`, or `await f` |
 * | `f.cancel()`, `cancelled()`, `running()`, `done()`, `add_done_callback(fn)` | the same in camelCase |
 * | `set_running_or_notify_cancel()`, `set_result()`, `set_exception()` | `setRunningOrNotifyCancel()`, `setResult()`, `setException()` |
 * | `wait(fs, timeout, return_when)` | `await wait(fs, { timeout, returnWhen })` returns `{ done, notDone }` Sets |
 * | `as_completed(fs, timeout)` | `for await (const f of asCompleted(fs, { timeout }))`, each `f` the future given (typed as a `CompletedFuture`: read it with `await f.result()`) |
 * | `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED` | the same |
 * | `CancelledError`, `TimeoutError`, `BrokenExecutor`, `InvalidStateError`, `BrokenThreadPool`, `BrokenProcessPool`, `Error` | the same; the base `Error` is `FuturesError` |
 *
 * Functions cross to the pool's workers as a `Thread` target does (by
 * module and name when exported, built-ins such as `Deno.copyFileSync` or
 * `Math.pow` by their global path, else as source text without outer
 * variables; a bound function is a `TypeError` at `submit`); arguments and
 * results cross through the wire codec, so a `Lock` or `Event` argument is
 * shared, and a result that is an instance of an exported class comes back
 * as that class, with its methods (see `toState` in the `threading`
 * module). Decoding a class or function imports its module, as unpickling
 * does: only this program's own channels are decoded. `map()` also takes async iterables,
 * and its `chunksize` batches calls here (Python's thread pool ignores it).
 * `resultSync()` only returns a result that is already there: a future is
 * completed by its owner's event loop, which a blocking wait would stop.
 * A process pool's workers are child `deno` processes (see the
 * `multiprocessing` module): shared memory cannot cross to them, and they
 * get this process's permissions or fewer.
 *
 * @example Submit, wait, iterate as completed
 * ```ts
 * import { asCompleted, ThreadPoolExecutor } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const cube = (n: number) => n ** 3;
 * const futures = [1, 2, 3].map((n) => pool.submit(cube, n));
 * const results: number[] = [];
 * for await (const f of asCompleted(futures)) {
 *   results.push(await f.result());
 * }
 * assert.deepEqual(results.sort((a, b) => a - b), [1, 8, 27]);
 * ```
 *
 * @module
 */
export * from "./as_completed.ts";
export * from "./errors.ts";
export * from "./executor.ts";
export * from "./future.ts";
export * from "./pool_executor.ts";
export * from "./process_pool_executor.ts";
export * from "./thread_pool_executor.ts";
export * from "./wait.ts";
export { RuntimeError, TimeoutError, ValueError } from "../errors.ts";
export type {
  ResourceLimitBreach,
  ResourceLimitKind,
  ResourceLimits,
} from "../_internal/limits.ts";
