// Copyright 2026 the @skein/concurrent authors. MIT license.
import { withoutNone } from "../_internal/none.ts";
import { copyBytes } from "../_internal/bytes_pool.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { encodeBytes } from "../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../_internal/wire_decode.ts";
import {
  BOOTSTRAPPING,
  isImportingForShipping,
  programMainModule,
  registeredModules,
} from "../_internal/ship.ts";
import { NO_MORE_CALLS } from "../_internal/frames.ts";
import {
  poolWorkerNames,
  replaceDeadWorkers,
  startWorkers,
} from "./_pool_hooks.ts";
import { takeMoved } from "../_internal/portable.ts";
import { ownerExited, routeRecord } from "../_internal/process_links.ts";
import { Fifo } from "../_internal/fifo.ts";
import { ChildProcess } from "../_internal/child_process.ts";
import type { ChildHeader } from "../_internal/child_main.ts";
import {
  permissionFlags,
  type ProcessPermissions,
} from "../_internal/child_permissions.ts";
import {
  currentIdentity,
  nextIdentity,
} from "../_internal/process_identity.ts";
import { BrokenProcessPool } from "./errors.ts";
import { Executor, type ShutdownOptions } from "./executor.ts";
import { Future } from "./future.ts";

// Calls sent ahead to a busy worker, so it never waits for the next one
// (Python queues one extra call per worker the same way); more while the
// queue is long, where spreading the calls evenly matters less.
const AHEAD = 2;
const AHEAD_LONG = 16;
// The id record that ends a worker's calls (see child_main.ts).
const STOP = encodeBytes(NO_MORE_CALLS, "id").slice();
const BROKEN =
  "A process in the process pool was terminated abruptly while the future was running or pending.";

/** Options for {@linkcode ProcessPoolExecutor}, as Python's keywords. */
export interface ProcessPoolExecutorOptions<I extends unknown[] = unknown[]> {
  /**
   * The most worker processes.
   *
   * @default {navigator.hardwareConcurrency}, also for `null` (Python's
   * None)
   */
  maxWorkers?: number | null;
  /**
   * Called in each worker process before its first call. If it throws,
   * the pool is broken: pending and later calls fail with
   * `BrokenProcessPool`. None when omitted or `null` (Python's None).
   */
  initializer?: ((...args: I) => unknown) | null;
  /** The arguments for `initializer`. */
  initargs?: I;
  /**
   * Calls a worker runs before it is replaced by a new one; unlimited
   * when omitted or `null` (Python's None).
   */
  maxTasksPerChild?: number | null;
  /**
   * The workers' Deno permissions: by default what this process was
   * granted (and denied); never more.
   */
  permissions?: ProcessPermissions;
}

interface WorkItem {
  readonly future: Future<unknown>;
  readonly id: number;
  readonly fn: Uint8Array;
  readonly args: Uint8Array;
}

interface Worker {
  readonly child: ChildProcess;
  readonly calls: Map<number, WorkItem | undefined>;
  sent: number;
  closing: boolean;
}

let nextId = 0;

/**
 * A pool of worker processes that run calls, as Python's
 * `concurrent.futures.ProcessPoolExecutor` with the spawn start method:
 * `submit(fn, ...args)` returns a {@linkcode Future}. Workers are child
 * `deno` processes started when needed, up to `maxWorkers`, that import
 * `fn`'s module (guard the main module with `if (import.meta.main)`) and
 * run one call at a time; arguments and results are copied through the
 * wire codec (shared memory cannot cross to a process).
 *
 * When a worker dies, or the initializer throws, the pool is broken, as in
 * Python: pending futures fail with {@linkcode BrokenProcessPool}, and later
 * `submit()` calls throw it. Idle workers never keep this process alive.
 * A worker's stdout and stderr reach this process's at once, each write
 * whole, as a `multiprocessing` child's (see that module).
 *
 * @example Calls in worker processes
 * ```ts
 * import { ProcessPoolExecutor } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
 * const square = (x: number) => x * x;
 * const futures = [1, 2, 3].map((x) => pool.submit(square, x));
 * assert.deepEqual(await Promise.all(futures), [1, 4, 9]);
 * ```
 */
export class ProcessPoolExecutor<I extends unknown[] = unknown[]>
  extends Executor {
  #maxWorkers: number;
  #maxTasks: number | undefined;
  #permissions: ProcessPermissions | undefined;
  #initializer: { fn: Uint8Array; args: Uint8Array } | undefined;
  #workers: Worker[] = [];
  #queue = new Fifo<WorkItem>();
  #shutdown = false;
  #broken: string | undefined;
  #running = 0;
  #idle = Promise.withResolvers<void>();
  #dispatching = false;
  #replaceDead = false;
  #workerName = "SpawnProcess";
  #terminated = false;

  /**
   * Makes a pool; no worker starts until the first `submit()`.
   *
   * @param options `maxWorkers`, `initializer`, `initargs`,
   * `maxTasksPerChild`, `permissions`.
   * @throws {ValueError} If `maxWorkers` or `maxTasksPerChild` is not a
   * positive integer.
   * @throws {TypeError} If `initializer` or `initargs` cannot cross.
   * @throws {Deno.errors.NotCapable} If `permissions` asks for more than
   * this process has.
   */
  constructor(options: ProcessPoolExecutorOptions<I> = {}) {
    super();
    const {
      maxWorkers = navigator.hardwareConcurrency ?? 1,
      initializer,
      initargs = [] as unknown[] as I,
      maxTasksPerChild,
      permissions,
    } = withoutNone(options, ["maxWorkers", "initializer", "maxTasksPerChild"]);
    for (
      const [name, value] of [["maxWorkers", maxWorkers], [
        "maxTasksPerChild",
        maxTasksPerChild ?? 1,
      ]] as const
    ) {
      if (!Number.isInteger(value) || (value as number) <= 0) {
        throw new ValueError(
          `Cannot create ProcessPoolExecutor as '${name}' must be an integer > 0: current value is ${value}`,
        );
      }
    }
    if (initializer !== undefined && typeof initializer !== "function") {
      throw new TypeError(
        `Cannot create ProcessPoolExecutor as 'initializer' must be a function: received ${
          describe(initializer)
        }`,
      );
    }
    // Checked now: asking for more than this process has fails at once.
    permissionFlags("create ProcessPoolExecutor", permissions);
    this.#maxWorkers = maxWorkers;
    this.#maxTasks = maxTasksPerChild;
    this.#permissions = permissions;
    if (initializer !== undefined) {
      this.#initializer = {
        fn: encodeBytes(initializer, "initializer", true).slice(),
        args: encodeBytes(initargs, "initargs", true).slice(),
      };
    }
    this.#idle.resolve();
  }

  /** The most worker processes the pool uses. */
  get maxWorkers(): number {
    return this.#maxWorkers;
  }

  /**
   * Schedules `fn(...args)` in a worker process.
   *
   * @typeParam A The argument types.
   * @typeParam R The return type (a promise is awaited in the worker).
   * @param fn The function.
   * @param args Its arguments.
   * @returns The future of its result.
   * @throws {RuntimeError} After `shutdown()`, or while a worker imports
   * the main module to find a function (an unguarded main module: Python's
   * bootstrapping error, instead of workers starting workers).
   * @throws {BrokenProcessPool} If the pool is broken.
   * @throws {TypeError} If `fn` or an argument cannot cross to another
   * process (the path is in the message).
   */
  submit<A extends unknown[], R>(
    fn: (...args: A) => R,
    ...args: A
  ): Future<Awaited<R>> {
    if (this.#broken !== undefined) throw new BrokenProcessPool(this.#broken);
    if (this.#shutdown) {
      throw new RuntimeError("cannot schedule new futures after shutdown");
    }
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot submit as 'fn' must be a function: received ${describe(fn)}`,
      );
    }
    if (isImportingForShipping()) throw new RuntimeError(BOOTSTRAPPING);
    takeMoved();
    const item: WorkItem = {
      future: new Future(),
      id: nextId++,
      fn: copyBytes(encodeBytes(fn, "fn", true)),
      args: copyBytes(encodeBytes(args, "args", true)),
    };
    if (takeMoved().length > 0) {
      throw new TypeError(
        "Cannot submit a pipe's Connection to a process pool: pass it to a multiprocessing.Process",
      );
    }
    this.#queue.push(item);
    if (this.#running++ === 0) this.#idle = Promise.withResolvers();
    item.future.addDoneCallback(() => {
      if (--this.#running === 0) this.#idle.resolve();
    });
    // Sent when this turn of the event loop pauses: calls submitted
    // together are spread together, and until then none is running (so
    // `shutdown({ cancelFutures })` right after cancels them).
    if (!this.#dispatching) {
      this.#dispatching = true;
      queueMicrotask(() => {
        this.#dispatching = false;
        this.#dispatch();
      });
    }
    return item.future as Future<Awaited<R>>;
  }

  /**
   * Stops the pool, as Python's `shutdown()`: later `submit()` calls throw
   * `RuntimeError`; with `cancelFutures`, calls not started are cancelled;
   * with `wait`, it resolves when every call has finished and the workers
   * have exited.
   *
   * @param options `wait` and `cancelFutures`.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    this.#shutdown = true;
    if (cancelFutures) {
      for (const item of this.#queue.drain()) {
        if (item.future.cancel()) item.future.setRunningOrNotifyCancel();
      }
    }
    this.#dispatch(); // what is queued goes before idle workers stop
    this.#closeIdle();
    if (wait) {
      await this.#idle.promise;
      this.#closeIdle();
      // Workers still running an initializer stop after it.
      await Promise.all(this.#workers.map((worker) => {
        worker.child.setRef(true);
        return worker.child.status;
      }));
    }
  }

  /**
   * Terminates every worker process at once (SIGTERM) and shuts the pool
   * down, as Python 3.14's `terminate_workers()`: running and pending
   * calls fail with `BrokenProcessPool`.
   */
  terminateWorkers(): void {
    this.#stopWorkers("SIGTERM");
  }

  /** `terminateWorkers()` with SIGKILL, as Python 3.14's `kill_workers()`. */
  killWorkers(): void {
    this.#stopWorkers("SIGKILL");
  }

  /** Starts every worker now (see _pool_hooks.ts). */
  [startWorkers](): void {
    if (isImportingForShipping()) throw new RuntimeError(BOOTSTRAPPING);
    while (this.#workers.length < this.#maxWorkers) this.#start();
  }

  /** Replaces a worker that dies instead of breaking (see _pool_hooks.ts). */
  [replaceDeadWorkers](): void {
    this.#replaceDead = true;
  }

  /** Names workers as Python's Pool does (see _pool_hooks.ts). */
  [poolWorkerNames](): void {
    this.#workerName = "SpawnPoolWorker";
  }

  #stopWorkers(signal: Deno.Signal): void {
    this.#shutdown = true;
    this.#terminated = true;
    for (const item of this.#queue.drain()) {
      if (item.future.cancel()) item.future.setRunningOrNotifyCancel();
    }
    for (const worker of this.#workers) {
      worker.closing = true;
      worker.child.kill(signal);
    }
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && this.#broken === undefined) {
      const ahead = this.#queue.length > 4 * this.#maxWorkers
        ? AHEAD_LONG
        : AHEAD;
      let worker = this.#workers
        .filter((w) => !w.closing && w.calls.size < ahead)
        .sort((a, b) => a.calls.size - b.calls.size)[0];
      if (
        (worker === undefined || worker.calls.size > 0) &&
        this.#workers.length < this.#maxWorkers
      ) {
        worker = this.#start();
      }
      if (worker === undefined) return;
      const item = this.#queue.shift()!;
      // (One sent ahead to a worker that died is running already.)
      if (!item.future.running() && !item.future.setRunningOrNotifyCancel()) {
        continue;
      }
      this.#send(worker, item);
    }
  }

  #send(worker: Worker, item: WorkItem | undefined): void {
    const call = item ?? {
      id: nextId++,
      fn: this.#initializer!.fn,
      args: this.#initializer!.args,
    };
    worker.calls.set(call.id, item);
    worker.sent++;
    if (worker.calls.size === 1) worker.child.setRef(true);
    const { child } = worker;
    child.send(copyBytes(encodeBytes(call.id, "id")), call.fn, call.args);
    if (this.#maxTasks !== undefined && worker.sent >= this.#maxTasks) {
      // Replaced after this call: it exits when it reads the stop, and its
      // exit (which may let queued calls go to a new worker) is awaited.
      worker.closing = true;
      child.send(STOP);
    }
  }

  #start(): Worker {
    const header: ChildHeader = {
      name: `${this.#workerName}-${nextIdentity().join(":")}`,
      identity: [],
      daemon: true,
      parentPid: Deno.pid,
      parentName: currentIdentity().name,
      authkey: currentIdentity().authkey,
      mainModule: programMainModule(),
      modules: registeredModules(),
      mode: "pool",
    };
    const worker: Worker = {
      child: undefined as unknown as ChildProcess,
      calls: new Map(),
      sent: 0,
      closing: false,
    };
    const child = new ChildProcess({
      what: "start a worker process",
      permissions: this.#permissions,
      records: [encodeBytes(header, "header").slice()],
      calls: true,
      onRecord: (record) => this.#answer(worker, record),
    });
    (worker as { child: ChildProcess }).child = child;
    child.setRef(false);
    this.#workers.push(worker);
    child.status.then(() => this.#exited(worker));
    if (this.#initializer !== undefined) {
      // Sent uncounted by maxTasksPerChild: it is not a task.
      this.#send(worker, undefined);
      worker.sent--;
    }
    return worker;
  }

  async #answer(worker: Worker, record: Uint8Array): Promise<void> {
    const needs = readNeeds(record);
    if (needs !== undefined) await load(needs).catch(() => {});
    let id: number;
    let ok: boolean;
    let value: unknown;
    try {
      const decoded = decodeBytes(record);
      // Messages of queues passed to the call go on to their owners.
      if (
        routeRecord(decoded, {
          owner: worker,
          send: (r) => worker.child.send(r),
        })
      ) return;
      [id, ok, value] = decoded as [number, boolean, unknown];
    } catch (error) {
      this.#break(`${BROKEN} (an answer could not be read: ${error})`);
      return;
    }
    if (!worker.calls.has(id)) return;
    const item = worker.calls.get(id);
    worker.calls.delete(id);
    if (item === undefined && !ok) {
      this.#break(
        "A child process terminated abruptly, the process pool is not usable anymore (its initializer failed)",
        value,
      );
      return;
    }
    if (item !== undefined) {
      if (ok) item.future.setResult(value);
      else item.future.setException(value);
      this.#dispatch();
    }
    if (this.#shutdown) this.#closeIdle();
    if (worker.calls.size === 0 && !worker.closing) worker.child.setRef(false);
  }

  #exited(worker: Worker): void {
    ownerExited(worker);
    if (worker.calls.size > 0 && this.#broken === undefined) {
      const code = worker.child.returncode;
      // A worker runs its calls in order: the first was running.
      const [running, ...ahead] = worker.calls.values();
      if (this.#replaceDead && !this.#terminated && running !== undefined) {
        worker.calls.clear();
        running.future.setException(
          new BrokenProcessPool(
            `A worker process exited with code ${code} while running this task; the pool replaced it`,
          ),
        );
        const queued = this.#queue.drain();
        for (const item of [...ahead, ...queued]) {
          if (item !== undefined) this.#queue.push(item);
        }
      } else {
        this.#break(`${BROKEN} (a worker exited with code ${code})`);
      }
    }
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    this.#dispatch();
  }

  // Stops every idle worker (whose exit is awaited by shutdown() alone).
  #closeIdle(): void {
    for (const worker of this.#workers) {
      if (worker.calls.size > 0 || worker.closing) continue;
      worker.closing = true;
      worker.child.send(STOP);
    }
  }

  #break(message: string, cause?: unknown): void {
    this.#broken = message;
    const items = [...this.#queue.drain()];
    for (const worker of this.#workers) {
      for (const item of worker.calls.values()) if (item) items.push(item);
      worker.calls.clear();
      worker.closing = true;
      worker.child.kill("SIGTERM");
    }
    for (const item of items) {
      if (item.future.done()) continue;
      if (!item.future.running()) item.future.setRunningOrNotifyCancel();
      if (!item.future.done()) {
        item.future.setException(
          new BrokenProcessPool(
            message,
            cause === undefined ? undefined : { cause },
          ),
        );
      }
    }
  }
}
