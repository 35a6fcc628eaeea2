// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import { activeChildren } from "./process.ts";
import { currentProcess, parentProcess } from "./current_process.ts";
import { SpawnProcess } from "./spawn_process.ts";
import { ForkServerProcess } from "./forkserver_process.ts";
import type { Process } from "./process.ts";
import {
  chooseStartMethod,
  chosenStartMethod,
  currentStartMethod,
  fixStartMethod,
  START_METHODS,
  type StartMethod,
} from "../_internal/start_method.ts";
import { Pipe } from "./connection/connection.ts";
import { JoinableQueue, Queue, SimpleQueue } from "./queues.ts";
import { Pool as BasePool } from "./pool.ts";
import { Lock } from "./synchronize.ts";
import { RLock } from "./rlock.ts";
import { Condition } from "./condition.ts";
import { BoundedSemaphore, Semaphore } from "./semaphore.ts";
import { Event } from "./event.ts";
import { Barrier } from "./barrier.ts";
import { Array, RawArray, RawValue, Value } from "./sharedctypes.ts";
import { Manager } from "./sync_manager.ts";

export type { StartMethod } from "../_internal/start_method.ts";

function checkMethod(method: unknown): StartMethod {
  if (method === "spawn" || method === "forkserver") return method;
  if (method === "fork") {
    throw new ValueError(
      `cannot find context for 'fork': Deno cannot fork a running process; the start methods are 'spawn' and 'forkserver' (spare children started ahead)`,
    );
  }
  throw new ValueError(`cannot find context for '${String(method)}'`);
}

/**
 * The number of CPUs, as Python's `cpu_count()` (from
 * `navigator.hardwareConcurrency`).
 *
 * @example Usage
 * ```ts
 * import { cpuCount } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(cpuCount() >= 1);
 * ```
 *
 * @returns The CPU count.
 */
export function cpuCount(): number {
  return navigator.hardwareConcurrency;
}

/**
 * The number of CPUs this process may use, as Python 3.13's
 * `process_cpu_count()`. Deno has no CPU-affinity API, so this is
 * `cpuCount()`.
 *
 * @example Usage
 * ```ts
 * import { cpuCount, processCpuCount } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(processCpuCount(), cpuCount());
 * ```
 *
 * @returns The usable CPU count.
 */
export function processCpuCount(): number {
  return cpuCount();
}

/**
 * The start methods there are, the default first: `"spawn"` (a new `deno`
 * for each child) and `"forkserver"` (a spare child started ahead takes
 * the target; see {@linkcode setForkserverSpares}). Deno cannot fork a
 * running process, so there is no `"fork"`.
 *
 * @example Usage
 * ```ts
 * import { getAllStartMethods } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(getAllStartMethods(), ["spawn", "forkserver"]);
 * ```
 *
 * @returns `["spawn", "forkserver"]`.
 */
export function getAllStartMethods(): StartMethod[] {
  return [...START_METHODS];
}

/**
 * The start method in use, as Python's `get_start_method(allow_none)`.
 * The default is `"spawn"` (Python 3.14 made `"forkserver"` its default
 * on Linux; here it is not, see the module's documentation).
 *
 * @example Usage
 * ```ts
 * import { getStartMethod } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getStartMethod(), "spawn");
 * ```
 *
 * @param allowNone With `true`, `null` until one was set.
 * @returns `"spawn"` or `"forkserver"` (or `null`).
 */
export function getStartMethod(allowNone = false): StartMethod | null {
  const chosen = chosenStartMethod();
  if (chosen === undefined && allowNone) return null;
  if (chosen === undefined) chooseStartMethod(currentStartMethod());
  return currentStartMethod();
}

/**
 * Sets the start method, as Python's `set_start_method(method, force)`:
 * `Process`, `Pool` and `ProcessPoolExecutor` use it from then on.
 *
 * @example Usage
 * ```ts
 * import { setStartMethod, ValueError } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * setStartMethod("spawn", { force: true });
 * assert.throws(() => setStartMethod("fork", { force: true }), ValueError);
 * ```
 *
 * @param method `"spawn"` or `"forkserver"`; `"fork"` is a `ValueError`;
 * `null` with `force` unsets it.
 * @param options `force` to set it again.
 * @throws {RuntimeError} If it was set before, without `force`.
 * @throws {ValueError} For another method.
 */
export function setStartMethod(
  method: string | null,
  options: { force?: boolean } = {},
): void {
  if (method === null && options.force) {
    chooseStartMethod(undefined);
    return;
  }
  const checked = checkMethod(method);
  if (chosenStartMethod() !== undefined && !options.force) {
    throw new RuntimeError("context has already been set");
  }
  chooseStartMethod(checked);
}

/**
 * What a context offers: the module's process API, for one start method.
 */
export interface Context {
  /**
   * The context's `Process`: {@linkcode SpawnProcess} or
   * {@linkcode ForkServerProcess}.
   */
  readonly Process: typeof Process;
  /** {@linkcode currentProcess}. */
  readonly currentProcess: typeof currentProcess;
  /** {@linkcode parentProcess}. */
  readonly parentProcess: typeof parentProcess;
  /** {@linkcode activeChildren}. */
  readonly activeChildren: typeof activeChildren;
  /** {@linkcode cpuCount}. */
  readonly cpuCount: typeof cpuCount;
  /** {@linkcode processCpuCount}. */
  readonly processCpuCount: typeof processCpuCount;
  /** {@linkcode Pipe}. */
  readonly Pipe: typeof Pipe;
  /** {@linkcode Queue}. */
  readonly Queue: typeof Queue;
  /** {@linkcode JoinableQueue}. */
  readonly JoinableQueue: typeof JoinableQueue;
  /** {@linkcode SimpleQueue}. */
  readonly SimpleQueue: typeof SimpleQueue;
  /** {@linkcode BasePool | Pool}, whose workers start by the context's method. */
  readonly Pool: typeof BasePool;
  /** {@linkcode Lock}. */
  readonly Lock: typeof Lock;
  /** {@linkcode RLock}. */
  readonly RLock: typeof RLock;
  /** {@linkcode Condition}. */
  readonly Condition: typeof Condition;
  /** {@linkcode Semaphore}. */
  readonly Semaphore: typeof Semaphore;
  /** {@linkcode BoundedSemaphore}. */
  readonly BoundedSemaphore: typeof BoundedSemaphore;
  /** {@linkcode Event}. */
  readonly Event: typeof Event;
  /** {@linkcode Barrier}. */
  readonly Barrier: typeof Barrier;
  /** {@linkcode Value}. */
  readonly Value: typeof Value;
  /** {@linkcode RawValue}. */
  readonly RawValue: typeof RawValue;
  /** {@linkcode Array}. */
  readonly Array: typeof Array;
  /** {@linkcode RawArray}. */
  readonly RawArray: typeof RawArray;
  /** {@linkcode Manager}. */
  readonly Manager: typeof Manager;
  /** {@linkcode getAllStartMethods}. */
  readonly getAllStartMethods: typeof getAllStartMethods;
  /** The context's start method. */
  getStartMethod(): StartMethod;
  /**
   * This context (with no method, or its own), or another, as
   * {@linkcode getContext}.
   */
  getContext(method?: string | null): Context;
  /**
   * A context's start method is fixed, as Python's concrete contexts'.
   *
   * @throws {ValueError} Always.
   */
  setStartMethod(method: string | null): never;
}

/**
 * A context for a start method, as Python's `get_context(method)`: its
 * `Process` and `Pool` start by that method.
 *
 * @example Usage
 * ```ts
 * import { getContext } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const ctx = getContext("spawn");
 * assert.equal(ctx.getStartMethod(), "spawn");
 * assert.equal(getContext("forkserver").getStartMethod(), "forkserver");
 * assert.throws(() => getContext("fork"), /cannot fork/);
 * ```
 *
 * @param method `"spawn"` or `"forkserver"`, or `null` (the default) for
 * the start method in use. Every call for a method returns the same
 * context.
 * @returns The context.
 * @throws {ValueError} For `"fork"` or another name.
 */
export function getContext(method: string | null = null): Context {
  const checked = method === null ? currentStartMethod() : checkMethod(method);
  // Made at the first call: the modules they name import this one.
  const made = contexts.get(checked);
  if (made !== undefined) return made;
  const context = makeContext(checked);
  contexts.set(checked, context);
  return context;
}

const contexts = new Map<StartMethod, Context>();

function makeContext(method: StartMethod): Context {
  // A Pool whose workers start by this method.
  const ContextPool = class Pool<I extends unknown[] = unknown[]>
    extends BasePool<I> {};
  fixStartMethod(ContextPool, method);
  return {
    Process: method === "spawn" ? SpawnProcess : ForkServerProcess,
    currentProcess,
    parentProcess,
    activeChildren,
    cpuCount,
    processCpuCount,
    Pipe,
    Queue,
    JoinableQueue,
    SimpleQueue,
    Pool: ContextPool,
    Lock,
    RLock,
    Condition,
    Semaphore,
    BoundedSemaphore,
    Event,
    Barrier,
    Value,
    RawValue,
    Array,
    RawArray,
    Manager,
    getAllStartMethods,
    getStartMethod: () => method,
    getContext,
    setStartMethod(): never {
      throw new ValueError("cannot set start method of concrete context");
    },
  };
}
