// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `threading`: threads that run truly in parallel, and locks,
 * conditions, semaphores, events and barriers that work between them.
 *
 * First, the one trap: module globals are per thread. Python's threads
 * share their module's globals; here each thread is a worker that imports
 * the module anew, so a list, dict or counter at a module's top level is a
 * separate copy in each thread, and a line-by-line port of Python code
 * silently computes on an empty list (`items = []` appended by threads
 * stays empty in the main thread). Pass what threads share as an argument
 * instead: a `Queue`, a `Lock`, `Condition` or `Event`, a
 * `SharedArrayBuffer` (or a typed array over one), a `ShareableList`; these
 * arrive as the same object, anything else as a copy. Constants and
 * functions at the top level are fine: each worker has its own, identical
 * ones. The first example below shows the pattern.
 *
 * A {@linkcode Thread} runs its target in its own worker (a
 * `node:worker_threads` Worker). Unlike Python's threads, workers share no
 * JavaScript objects: what a thread receives is copied, except the
 * primitives of this package, whose whole state lives in SharedArrayBuffers
 * and which arrive as the same object (a `Lock` passed to two threads is one
 * lock), and SharedArrayBuffers themselves. The target crosses as Python
 * pickles a function: by module and name when it is exported from the main
 * module (guard the main module's top level with `if (import.meta.main)`,
 * as Python's `if __name__ == "__main__":`) or from a module given to
 * {@linkcode registerModule}; a built-in by its global path
 * (`Deno.writeTextFileSync`, `Math.pow`); otherwise as source text, and then
 * it must not use outer variables. An instance of a class such a module
 * exports crosses as an instance of that class (its own fields, or the state
 * its {@linkcode toState}/{@linkcode fromState} pair gives), as pickle sends
 * it; an instance of a class no module exports is a `TypeError` naming its
 * path. Decoding a class or function imports its module, as unpickling
 * does: only this program's own messages and shared memory are decoded.
 *
 * Every call that blocks in Python returns a promise here and waits without
 * blocking the event loop (`await lock.acquire()`); each also has a `Sync`
 * form that blocks the thread with `Atomics.wait` (`lock.acquireSync()`),
 * for code inside threads and simple scripts. On the main thread a `Sync`
 * call blocks its event loop: never wait synchronously for something only
 * that event loop can do (a lock held by an async task of the same thread).
 *
 * | Python | here |
 * | --- | --- |
 * | `Thread(target=f, args=(1,), kwargs={}, name=, daemon=)` | `new Thread({ target: f, args: [1], kwargs, name, daemon })` |
 * | `t.start()`, `t.join(timeout)`, `t.is_alive()` | `t.start()`, `await t.join({ timeout })` / `t.joinSync()`, `t.isAlive()` |
 * | `t.name`, `t.ident`, `t.native_id`, `t.daemon` | `t.name`, `t.ident`, `t.nativeId` (the worker's `threadId`), `t.daemon` |
 * | (no Python equivalent) a limit on a thread's heap or running time | `new Thread({ target, limits: { heapMb: 64, wallSeconds: 10 } })`; a breach ends the thread and goes to `excepthook` as a {@linkcode ResourceLimitError} |
 * | `current_thread()`, `main_thread()`, `get_ident()`, `get_native_id()` | `currentThread()`, `mainThread()`, `getIdent()`, `getNativeId()` |
 * | `active_count()`, `enumerate()` | `activeCount()`, `enumerate()` (threads started by this thread) |
 * | `threading.excepthook = hook`, `__excepthook__` | `setExcepthook(hook)`, `excepthook` |
 * | `local()` | `new local()` |
 * | `class MyLocal(local)` with `__init__(self, **kw)` | `export class MyLocal extends local` whose constructor passes its arguments to `super(...args)`; re-run in each thread |
 * | `Timer(interval, f, args, kwargs)` | `new Timer(interval, f, { args, kwargs })`, runs `f` on this thread's event loop |
 * | `Lock()`, `RLock()`, `allocate_lock()` | `new Lock()`, `new RLock()`, `allocateLock()` |
 * | `lock.acquire(blocking, timeout)`, `lock.release()`, `lock.locked()` | `await lock.acquire({ blocking, timeout, signal })` / `acquireSync`, `release()`, `locked()` |
 * | `with lock:` | `using _ = await lock.enter()` / `using _ = lock.enterSync()` |
 * | `Condition(lock)`: `wait`, `wait_for`, `notify(n)`, `notify_all` | `new Condition(lock)`: `wait` / `waitSync`, `waitFor` / `waitForSync`, `notify(n)`, `notifyAll()` |
 * | `Semaphore(value)`, `BoundedSemaphore(value)`, `release(n)` | the same names (`new Semaphore(5)` or `new Semaphore({ value: 5 })`), `acquire` / `acquireSync`, `release(n)` |
 * | `Event()`: `is_set`, `set`, `clear`, `wait` | `new Event()`: `isSet()`, `set()`, `clear()`, `wait()` / `waitSync()` |
 * | `Barrier(parties, action, timeout)`: `wait`, `reset`, `abort`, `parties`, `n_waiting`, `broken` | `new Barrier(parties, { action, timeout })` or `new Barrier({ parties, action, timeout })`: `wait()` / `waitSync()`, `reset()`, `abort()`, `parties`, `nWaiting`, `broken` |
 * | `BrokenBarrierError` | `BrokenBarrierError` (a `RuntimeError`) |
 *
 * A `timeout` of `None` is `null` (or the option left out) and waits
 * forever; `Barrier.wait({ timeout: null })` takes the barrier's default,
 * as Python's. `Lock.acquire` and `RLock.acquire` take no `None`, as in
 * Python (`-1` is their "forever"): `null` there is a `TypeError`.
 *
 * Not here: `settrace`, `setprofile` and their `_all_threads` forms (no
 * tracing hooks reach into workers), `stack_size` (Deno chooses it),
 * `TIMEOUT_MAX`. Processes exit as in Python: when the main module is done
 * and only daemon threads remain; idle cached workers never hold them open.
 *
 * @example Shared data is an argument, not a module global
 * ```ts
 * import { Thread } from "@skein/concurrent/threading";
 * import { Queue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * // Python: `results = []` at module level, appended by each thread. Here
 * // each thread would append to its own copy, so the shared list is passed
 * // in, as a Queue (a SharedArrayBuffer or a ShareableList serve too).
 * const results = new Queue<number>();
 * const threads = [1, 2, 3].map((n) =>
 *   new Thread({
 *     target: (x: number, out: Queue<number>) => out.putNowait(x * x),
 *     args: [n, results],
 *   })
 * );
 * for (const t of threads) t.start();
 * for (const t of threads) await t.join();
 * const squares = [1, 2, 3].map(() => results.getNowait());
 * assert.deepEqual(squares.sort(), [1, 4, 9]);
 * ```
 *
 * @example Threads adding to a shared counter under a lock
 * ```ts
 * import { Lock, Thread } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const counter = new Int32Array(new SharedArrayBuffer(4));
 * const lock = new Lock();
 * const threads = [1, 2, 3].map(() =>
 *   new Thread({
 *     target: (l: Lock, c: Int32Array) => {
 *       for (let i = 0; i < 1000; i++) {
 *         using _ = l.enterSync();
 *         c[0]!++;
 *       }
 *     },
 *     args: [lock, counter],
 *   })
 * );
 * for (const t of threads) t.start();
 * for (const t of threads) await t.join();
 * assert.equal(counter[0], 3000);
 * ```
 *
 * @module
 */
export * from "./active_threads.ts";
export * from "./barrier.ts";
export * from "./condition.ts";
export * from "./crossing.ts";
export * from "./errors.ts";
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
export type {
  ResourceLimitBreach,
  ResourceLimitKind,
  ResourceLimits,
} from "../_internal/limits.ts";
export type { TargetOptions } from "../_internal/lifecycle.ts";
