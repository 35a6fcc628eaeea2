// Copyright 2026 the @skein/concurrent authors. MIT license.
import { positionalOptions } from "../_internal/keywords.ts";
import { withoutNone } from "../_internal/none.ts";
import { copyBytes } from "../_internal/bytes_pool.ts";
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { encodeBytes } from "../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../_internal/wire_decode.ts";
import { programMainModule, registeredModules } from "../_internal/ship.ts";
import { NO_MORE_CALLS } from "../_internal/frames.ts";
import {
  brokenByDeaths,
  poolWorkerNames,
  replaceDeadWorkers,
  startWorkers,
} from "./_pool_hooks.ts";
import { takeMoved } from "../_internal/portable.ts";
import { ownerExited, routeRecord } from "../_internal/process_links.ts";
import type { ChildProcess } from "../_internal/child_process.ts";
import { startChild } from "../_internal/forkserver.ts";
import {
  currentStartMethod,
  START_METHODS,
  type StartMethod,
} from "../_internal/start_method.ts";
import { checkLimits, type ResourceLimits } from "../_internal/limits.ts";
import {
  checkEnforceable,
  CHILD_LIMIT_KINDS,
} from "../_internal/limit_watch.ts";
import type { ChildHeader } from "../_internal/child_main.ts";
import {
  permissionFlags,
  type ProcessPermissions,
} from "../_internal/child_permissions.ts";
import {
  currentIdentity,
  nextIdentity,
} from "../_internal/process_identity.ts";
import type { HealingOptions, SubmitWithOptions } from "./executor.ts";
import { PoolExecutor } from "./pool_executor.ts";
import * as hooks from "./_worker_pool.ts";
import type { PoolItem, PoolWorker, WorkerPool } from "./_worker_pool.ts";

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
export interface ProcessPoolExecutorOptions<I extends unknown[] = unknown[]>
  extends HealingOptions {
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
  /**
   * Limits on each worker process: `heapMb` (its JavaScript heap),
   * `memoryMb` (its resident memory, sampled from `/proc`), `cpuSeconds`
   * (its CPU time, over all the calls it runs), and on each call:
   * `wallSeconds`, how long one call may run (counted from when it is sent
   * to an idle worker, which includes a new worker's start). The call
   * running when a limit is exceeded fails with
   * {@linkcode ResourceLimitError}, the worker is killed and replaced, and
   * the pool goes on. None when omitted or `null`.
   */
  limits?: ResourceLimits | null;
  /**
   * How workers start, as Python's `mp_context`: a multiprocessing
   * context (`getContext("forkserver")`: workers, and the replacements of
   * dead ones and of those past `maxTasksPerChild`, take spare children
   * started ahead), or any object whose `getStartMethod()` names a start
   * method. The start method in use when the pool is made, when omitted or
   * `null`.
   */
  mpContext?: { getStartMethod(): string } | null;
}

interface Call {
  readonly id: number;
  readonly fn: Uint8Array;
  readonly args: Uint8Array;
}

interface Worker extends PoolWorker<Call> {
  readonly child: ChildProcess;
  /** The calls sent, by id; `undefined` for the initializer. */
  readonly calls: Map<number, PoolItem<Call> | undefined>;
  sent: number;
}

let nextId = 0;

// The start method of an `mpContext` option.
function contextMethod(context: unknown): StartMethod {
  const method = typeof context === "object" && context !== null &&
      typeof (context as { getStartMethod?: unknown }).getStartMethod ===
        "function"
    ? (context as { getStartMethod(): unknown }).getStartMethod()
    : undefined;
  if (method === undefined) {
    throw new TypeError(
      `Cannot create ProcessPoolExecutor as 'mpContext' must be a multiprocessing context (an object with getStartMethod()): received ${
        describe(context)
      }`,
    );
  }
  if (!START_METHODS.includes(method as StartMethod)) {
    throw new ValueError(
      `Cannot create ProcessPoolExecutor as 'mpContext' has start method ${
        typeof method === "string" ? `'${method}'` : describe(method)
      }: it must be one of ${START_METHODS.join(", ")}`,
    );
  }
  return method as StartMethod;
}

/**
 * A pool of worker processes that run calls, as Python's
 * `concurrent.futures.ProcessPoolExecutor`: `submit(fn, ...args)` returns
 * a {@linkcode Future}. Workers are child `deno` processes started when
 * needed (by the start method in use, or `mpContext`'s: with
 * "forkserver", spares started ahead), up to `maxWorkers`, that import
 * `fn`'s module (guard the main module with `if (import.meta.main)`) and
 * run one call at a time; arguments and results are copied through the
 * wire codec (shared memory cannot cross to a process).
 *
 * When a worker dies, or the initializer throws, the pool is broken, as in
 * Python: pending futures fail with {@linkcode BrokenProcessPool}, and later
 * `submit()` calls throw it; with `replaceDeadWorkers`, only the call it was
 * running fails and the worker is replaced. `submitWith()` takes a `signal`
 * and a `timeout` that stop a running call (its worker is killed and
 * replaced). Idle workers never keep this process alive.
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
  extends PoolExecutor {
  #maxTasks: number | undefined;
  #permissions: ProcessPermissions | undefined;
  #initializer: { fn: Uint8Array; args: Uint8Array } | undefined;
  #children = new Set<ChildProcess>();
  // Workers are named as Python names them: SpawnProcess-N, or
  // ForkServerPoolWorker-N in a Pool with the forkserver.
  #workerName = "Process";
  #method: StartMethod;
  #limits: ResourceLimits | undefined;

  /**
   * Makes a pool; no worker starts until the first `submit()`. Python's
   * `ProcessPoolExecutor(max_workers, mp_context, initializer, initargs)`
   * come by position or in an options object.
   *
   * @param options `maxWorkers`, or the options: `maxWorkers`,
   * `mpContext`, `initializer`, `initargs`, `maxTasksPerChild`,
   * `permissions`, `replaceDeadWorkers`, `maxConsecutiveDeaths`, `limits`.
   * @param mpContext Python's positional `mp_context`.
   * @param initializer Python's positional `initializer`.
   * @param initargs Python's positional `initargs`.
   * @throws {ValueError} If `maxWorkers`, `maxTasksPerChild` or
   * `maxConsecutiveDeaths` is not a positive integer, or a limit is not a
   * number > 0 or cannot be enforced here.
   * @throws {TypeError} If `initializer` or `initargs` cannot cross, or
   * `replaceDeadWorkers` is not a boolean.
   * @throws {Deno.errors.NotCapable} If `permissions` asks for more than
   * this process has.
   */
  constructor(
    options?: number | null | ProcessPoolExecutorOptions<I>,
    mpContext?: { getStartMethod(): string } | null,
    initializer?: ((...args: I) => unknown) | null,
    initargs?: I,
  ) {
    const given = positionalOptions<ProcessPoolExecutorOptions<I>>(
      "create ProcessPoolExecutor",
      ["maxWorkers", "mpContext", "initializer", "initargs"],
      [options, mpContext, initializer, initargs],
    ) ?? {};
    const {
      maxWorkers = navigator.hardwareConcurrency ?? 1,
      initializer: init,
      initargs: initArgs = [] as unknown[] as I,
      maxTasksPerChild,
      permissions,
      limits: limitsOption,
      mpContext: context,
      ...healing
    } = withoutNone(given, [
      "maxWorkers",
      "initializer",
      "maxTasksPerChild",
      "mpContext",
    ]);
    hooks.checkPoolOptions(
      "ProcessPoolExecutor",
      { maxWorkers, maxTasksPerChild: maxTasksPerChild ?? 1 },
      init,
    );
    const method = context === undefined
      ? currentStartMethod()
      : contextMethod(context);
    // Checked now: asking for more than this process has fails at once.
    permissionFlags("create ProcessPoolExecutor", permissions);
    const limits = checkLimits(
      "create ProcessPoolExecutor",
      limitsOption,
      CHILD_LIMIT_KINDS,
      "a worker process",
      ValueError,
    );
    checkEnforceable("create ProcessPoolExecutor", limits, ValueError);
    super(hooks.POOLS.process, maxWorkers, healing, limits?.wallSeconds);
    if (limits !== undefined) {
      // wallSeconds is the pool's, per call; the rest the child's.
      const { wallSeconds: _, ...perWorker } = limits;
      if (Object.keys(perWorker).length > 0) this.#limits = perWorker;
    }
    this.#maxTasks = maxTasksPerChild;
    this.#permissions = permissions;
    this.#method = method;
    if (init !== undefined) {
      this.#initializer = {
        fn: encodeBytes(init, "initializer", true).slice(),
        args: encodeBytes(initArgs, "initargs", true).slice(),
      };
    }
  }

  /**
   * The call sent to a worker process: the function and the arguments
   * encoded for another process (a pipe's end cannot go to a pool).
   *
   * @ignore
   */
  protected override [hooks.newCall](
    _options: SubmitWithOptions,
    fn: (...args: never[]) => unknown,
    args: unknown[],
  ): Call {
    takeMoved();
    const call: Call = {
      id: nextId++,
      fn: copyBytes(encodeBytes(fn, "fn", true)),
      args: copyBytes(encodeBytes(args, "args", true)),
    };
    if (takeMoved().length > 0) {
      throw new TypeError(
        "Cannot submit a pipe's Connection to a process pool: pass it to a multiprocessing.Process",
      );
    }
    return call;
  }

  /**
   * Terminates every worker process at once (SIGTERM) and shuts the pool
   * down, as Python 3.14's `terminate_workers()`: running and pending
   * calls fail with `BrokenProcessPool`.
   */
  terminateWorkers(): void {
    this.#pool.terminateAll("terminate");
  }

  /** `terminateWorkers()` with SIGKILL, as Python 3.14's `kill_workers()`. */
  killWorkers(): void {
    this.#pool.terminateAll("kill");
  }

  /** Starts every worker now (see _pool_hooks.ts). */
  [startWorkers](): void {
    this.#pool.startAll();
  }

  /** Replaces a worker that dies instead of breaking (see _pool_hooks.ts). */
  [replaceDeadWorkers](): void {
    this.#pool.heal();
  }

  /** Whether deaths in a row broke the pool (see _pool_hooks.ts). */
  get [brokenByDeaths](): boolean {
    return this.#pool.brokenByDeaths;
  }

  /** Names workers as Python's Pool does (see _pool_hooks.ts). */
  [poolWorkerNames](): void {
    this.#workerName = "PoolWorker";
  }

  /**
   * Calls sent ahead to a busy worker: more while the queue is long.
   *
   * @ignore
   */
  protected override [hooks.ahead](queued: number): number {
    return queued > 4 * this.#pool.maxWorkers ? AHEAD_LONG : AHEAD;
  }

  get #pool(): WorkerPool<Call, Worker> {
    return this[hooks.workerPool] as unknown as WorkerPool<Call, Worker>;
  }

  /**
   * Sends calls to a worker process, each in its own record.
   *
   * @ignore
   */
  protected override [hooks.sendItems](
    worker: Worker,
    items: PoolItem<Call>[],
  ): void {
    for (const item of items) this.#send(worker, item);
  }

  /**
   * Tells a worker process to stop ("close"), or signals it.
   *
   * @ignore
   */
  protected override [hooks.endWorker](
    worker: Worker,
    how: "close" | "terminate" | "kill",
  ): void {
    if (how === "close") worker.child.send(STOP);
    else worker.child.kill(how === "kill" ? "SIGKILL" : "SIGTERM");
  }

  /**
   * Settles when every worker process has exited.
   *
   * @ignore
   */
  protected override [hooks.workersEnded](): Promise<void> {
    return Promise.all([...this.#children].map((child) => {
      child.setRef(true);
      return child.status;
    })).then(() => {});
  }

  #send(worker: Worker, item: PoolItem<Call> | undefined): void {
    const call = item?.task ?? {
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

  /**
   * Starts a worker process.
   *
   * @ignore
   */
  protected override [hooks.startWorker](): Worker {
    const header: ChildHeader = {
      name: `${
        this.#method === "forkserver" ? "ForkServer" : "Spawn"
      }${this.#workerName}-${nextIdentity().join(":")}`,
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
      items: new Set(),
      closing: false,
      calls: new Map(),
      sent: 0,
    };
    const child = startChild({
      what: "start a worker process",
      permissions: this.#permissions,
      limits: this.#limits,
      valueError: ValueError,
      records: [encodeBytes(header, "header").slice()],
      calls: true,
      onRecord: (record) => this.#answer(worker, record),
    }, this.#method);
    (worker as { child: ChildProcess }).child = child;
    child.setRef(false);
    this.#children.add(child);
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
      this.#pool.breakPool(`${BROKEN} (an answer could not be read: ${error})`);
      return;
    }
    if (!worker.calls.has(id)) return;
    const item = worker.calls.get(id);
    worker.calls.delete(id);
    if (worker.calls.size === 0 && !worker.closing) worker.child.setRef(false);
    if (item === undefined && !ok) {
      this.#pool.breakPool(
        "A child process terminated abruptly, the process pool is not usable anymore (its initializer failed)",
        value,
      );
      return;
    }
    if (item !== undefined) this.#pool.itemDone(worker, item, ok, value);
  }

  #exited(worker: Worker): void {
    ownerExited(worker);
    this.#children.delete(worker.child);
    const code = worker.child.returncode;
    // A worker runs its calls in order: the first was running.
    const [first] = worker.calls.entries();
    this.#pool.workerDied(worker, {
      broken: `${BROKEN} (a worker exited with code ${code})`,
      replaced:
        `A worker process exited with code ${code} while running this task; the pool replaced it`,
      initializing: first !== undefined && first[1] === undefined,
      breach: worker.child.breach,
    });
  }
}
