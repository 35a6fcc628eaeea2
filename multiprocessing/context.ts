// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import { activeChildren } from "./process.ts";
import { currentProcess, parentProcess } from "./current_process.ts";
import { SpawnProcess } from "./spawn_process.ts";
import { Pipe } from "./connection/connection.ts";
import { JoinableQueue, Queue, SimpleQueue } from "./queues.ts";
import { Pool } from "./pool.ts";
import { Lock } from "./synchronize.ts";
import { RLock } from "./rlock.ts";
import { Condition } from "./condition.ts";
import { BoundedSemaphore, Semaphore } from "./semaphore.ts";
import { Event } from "./event.ts";
import { Barrier } from "./barrier.ts";
import { Array, RawArray, RawValue, Value } from "./sharedctypes.ts";
import { Manager } from "./sync_manager.ts";

/** A start method's name: Deno can only spawn. */
export type StartMethod = "spawn";

let chosen: StartMethod | undefined;

function checkMethod(method: unknown): StartMethod {
  if (method === "spawn") return method;
  if (method === "fork" || method === "forkserver") {
    throw new ValueError(
      `cannot find context for '${method}': Deno can only spawn a new process (it cannot fork a running one), so the only start method is 'spawn'`,
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
 * The start methods this platform has: only `"spawn"` under Deno.
 *
 * @example Usage
 * ```ts
 * import { getAllStartMethods } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(getAllStartMethods(), ["spawn"]);
 * ```
 *
 * @returns `["spawn"]`.
 */
export function getAllStartMethods(): StartMethod[] {
  return ["spawn"];
}

/**
 * The start method in use, as Python's `get_start_method(allow_none)`.
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
 * @returns `"spawn"` (or `null`).
 */
export function getStartMethod(allowNone = false): StartMethod | null {
  if (chosen === undefined && allowNone) return null;
  return chosen ??= "spawn";
}

/**
 * Sets the start method, as Python's `set_start_method(method, force)`.
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
 * @param method `"spawn"`; `"fork"` and `"forkserver"` are a `ValueError`;
 * `null` with `force` unsets it.
 * @param options `force` to set it again.
 * @throws {RuntimeError} If it was set before, without `force`.
 */
export function setStartMethod(
  method: string | null,
  options: { force?: boolean } = {},
): void {
  if (method === null && options.force) {
    chosen = undefined;
    return;
  }
  const checked = checkMethod(method);
  if (chosen !== undefined && !options.force) {
    throw new RuntimeError("context has already been set");
  }
  chosen = checked;
}

/**
 * What a context offers: the module's process API, for one start method.
 */
export interface Context {
  /** {@linkcode SpawnProcess}, the spawn context's `Process`. */
  readonly Process: typeof SpawnProcess;
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
  /** {@linkcode Pool}. */
  readonly Pool: typeof Pool;
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
 * A context for a start method, as Python's `get_context(method)`.
 *
 * @example Usage
 * ```ts
 * import { getContext } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const ctx = getContext("spawn");
 * assert.equal(ctx.getStartMethod(), "spawn");
 * assert.throws(() => getContext("fork"), /only spawn/);
 * ```
 *
 * @param method `"spawn"`, or `null` (the default) for the start method
 * in use. Every call returns the same context.
 * @returns The context.
 * @throws {ValueError} For `"fork"` or `"forkserver"`.
 */
export function getContext(method: string | null = null): Context {
  if (method !== null) checkMethod(method);
  // Made at the first call: the modules it names import this one.
  return spawnContext ??= {
    Process: SpawnProcess,
    currentProcess,
    parentProcess,
    activeChildren,
    cpuCount,
    processCpuCount,
    Pipe,
    Queue,
    JoinableQueue,
    SimpleQueue,
    Pool,
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
    getStartMethod: () => "spawn",
    getContext,
    setStartMethod(): never {
      throw new ValueError("cannot set start method of concrete context");
    },
  };
}

let spawnContext: Context | undefined;
