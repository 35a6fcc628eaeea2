// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import { decode, encode } from "../_internal/codec.ts";
import {
  currentIdent,
  identCounters,
  nextIdent,
  nextThreadNumber,
} from "../_internal/ident.ts";
import {
  exportRef,
  isImportingForShipping,
  programMainModule,
  THREAD_BOOTSTRAPPING,
} from "../_internal/ship.ts";
import { TaskWorker, THREAD_LIMIT_KINDS } from "../_internal/worker_pool.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import { timeoutOptions } from "../_internal/keywords.ts";
import {
  Lifecycle,
  type LifecycleKind,
  type TargetOptions,
} from "../_internal/lifecycle.ts";
import { LimitBreach, type ResourceLimits } from "../_internal/limits.ts";
import { ResourceLimitError } from "./errors.ts";
import { settles } from "../_internal/settle.ts";
import { hold, release, waitSync } from "../_internal/wait.ts";
import {
  current,
  FINISHED,
  started,
  STATE,
  threadInternals,
  type ThreadSpec,
} from "./_thread_state.ts";
import { callExcepthook } from "./_report.ts";
import { customInspect } from "../_internal/py_repr.ts";

/**
 * Options for {@linkcode Thread}'s constructor, as Python's keywords: the
 * target runs in the thread's own worker.
 *
 * @typeParam A The argument types of `target`.
 */
export interface ThreadOptions<A extends unknown[] = unknown[]>
  extends TargetOptions<A> {
  /**
   * What the thread may use: `heapMb` (its worker's JavaScript heap, V8's
   * `resourceLimits`) and `wallSeconds` (how long it may run). Past either
   * the thread's worker is ended and the thread ends: a
   * {@linkcode ResourceLimitError} goes to {@linkcode excepthook}. Memory
   * and CPU time are the process's, shared by its threads: `memoryMb` and
   * `cpuSeconds` are a `ValueError` here (see `multiprocessing.Process`).
   * A thread with a `heapMb` gets a worker of its own, which is not reused.
   * `null` is the same as omitted.
   */
  limits?: ResourceLimits | null;
}

/** Options for {@linkcode Thread.prototype.join}. */
export interface JoinOptions {
  /**
   * Seconds to wait at most; then `join` returns and `isAlive()` tells
   * whether the thread is still running. Waits forever when omitted or
   * `null` (Python's None).
   */
  timeout?: number | null;
  /** Stops waiting (the thread goes on) and rejects with the reason. */
  signal?: AbortSignal;
}

/** Options for {@linkcode Thread.prototype.joinSync}. */
export interface JoinSyncOptions {
  /**
   * Seconds to wait at most. Waits forever when omitted or `null` (Python's
   * None).
   */
  timeout?: number | null;
}

const THREAD_MAIN = new URL("./_thread_main.ts", import.meta.url).href;

// Python's messages, and the limits a thread can enforce.
const THREAD: LifecycleKind = {
  noun: "Thread",
  startedTwice: "threads can only be started once",
  notStarted: "cannot join thread before it is started",
  daemonOfStarted: "cannot set daemon status of active thread",
  importer: "a worker",
  limitKinds: THREAD_LIMIT_KINDS,
  limitPlace: "a thread (its memory and CPU time are the process's)",
  RuntimeError,
  ValueError,
};

/**
 * A thread of control, as Python's `threading.Thread`: its target runs in
 * its own worker (a `node:worker_threads` Worker), truly in parallel, and
 * shares with the thread that started it only what is passed to it (the
 * primitives of this package arrive as the same object; plain data is
 * copied).
 *
 * Its life cycle is Python's: `start()` once, then `join()` (or
 * `joinSync()`, which blocks this thread), `isAlive()` in between. An
 * exception in the target goes to {@linkcode excepthook} (by default printed
 * as `Exception in thread NAME:` and the stack, on stderr) and never ends
 * the process. The process exits when the main module is done and only
 * daemon threads are left.
 *
 * With `limits` (see {@linkcode ThreadOptions.limits}) the thread is ended
 * when its worker's heap or its running time exceeds them, and a
 * {@linkcode ResourceLimitError} goes to `excepthook`.
 *
 * To override `run()` as in Python, export the subclass from the main module
 * (or a module given to `registerModule`): the worker imports the class and
 * calls `run()` on an instance with the same own fields (private `#fields`
 * do not cross). `start()` throws a `RuntimeError` for a subclass that no
 * module exports.
 *
 * @typeParam A The argument types of `target`.
 *
 * @example Running a function in a thread
 * ```ts
 * import { Thread } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const shared = new Int32Array(new SharedArrayBuffer(4));
 * const thread = new Thread({
 *   target: (cell: Int32Array, n: number) => {
 *     for (let i = 0; i < n; i++) Atomics.add(cell, 0, 1);
 *   },
 *   args: [shared, 1000],
 * });
 * thread.start();
 * await thread.join();
 * assert.equal(shared[0], 1000);
 * assert.ok(!thread.isAlive());
 * ```
 */
export class Thread<A extends unknown[] = unknown[]> {
  #life: Lifecycle;
  #ident: number | undefined;
  #nativeId: number | undefined;
  #cell: Int32Array | undefined;
  #done: Promise<void> | undefined;
  #worker: TaskWorker | undefined;

  static {
    threadInternals.adopt = (thread, ident, nativeId, cell) => {
      if (!thread.#life.started) thread.#life.markStarted();
      thread.#ident = ident;
      thread.#nativeId = nativeId;
      thread.#cell = cell;
      thread.#done = Promise.resolve();
    };
  }

  /**
   * Makes a thread; nothing runs until `start()`.
   *
   * @param options The target, its arguments, the name, daemon flag and
   * limits.
   * @throws {TypeError} If an option has the wrong type.
   * @throws {ValueError} If a limit is not a number > 0, or is one a thread
   * cannot enforce (`memoryMb`, `cpuSeconds`).
   */
  constructor(options: ThreadOptions<A> = {}) {
    this.#life = new Lifecycle(THREAD, options, {
      name: defaultName,
      daemon: (current.thread ?? current.pending)?.daemon ?? false,
    });
  }

  /** The thread's name; only for identification, several may share one. */
  get name(): string {
    return this.#life.name;
  }

  set name(name: string) {
    this.#life.name = name;
  }

  /**
   * The thread's identifier, unique among the threads of the process while
   * it runs; `undefined` before `start()`.
   */
  get ident(): number | undefined {
    return this.#ident;
  }

  /**
   * The native id of the thread's worker (its `node:worker_threads`
   * `threadId`, not the OS thread id, which Deno does not expose);
   * `undefined` before `start()`.
   */
  get nativeId(): number | undefined {
    return this.#nativeId;
  }

  /**
   * Whether this is a daemon thread. It can only be set before `start()`.
   *
   * @throws {RuntimeError} When set on a started thread.
   */
  get daemon(): boolean {
    return this.#life.daemon;
  }

  set daemon(daemon: boolean) {
    this.#life.daemon = daemon;
  }

  /**
   * Starts the thread: its `run()` is called in a worker. The worker is a
   * warm cached one when there is one: the workers of finished threads stay
   * cached, as many as ran at once (up to 32, or 4 per core), until they
   * are idle for 5 seconds.
   *
   * @throws {RuntimeError} If called twice; for a subclass that overrides
   * `run()` but that no module exports; or while this module is being
   * imported only to find a shipped function (a script without its
   * `if (import.meta.main)` guard).
   * @throws {TypeError} If the target or an argument cannot cross to
   * another thread; the path inside `args` is in the message.
   */
  start(): void {
    const life = this.#life;
    life.checkNotStarted();
    if (isImportingForShipping()) {
      throw new RuntimeError(THREAD_BOOTSTRAPPING);
    }
    const spec = this.#spec();
    const ident = nextIdent();
    const cell = new Int32Array(new SharedArrayBuffer(8));
    const { limits } = life;
    const worker = TaskWorker.acquire(limits);
    life.markStarted();
    this.#worker = worker;
    this.#cell = cell;
    this.#ident = ident;
    this.#nativeId = worker.threadId;
    started.add(this);
    // A running non-daemon thread keeps the process alive, as in Python.
    const daemon = life.daemon;
    if (!daemon) worker.ref();
    const reply = worker.run(
      {
        fn: exportRef("runThread", THREAD_MAIN),
        args: { value: [{ ...spec, cell: cell.buffer }], marked: false },
        ident,
        counters: identCounters(),
        mainModule: programMainModule(),
      },
      [],
      { wallSeconds: limits?.wallSeconds },
    );
    this.#done = reply.then(async (outcome) => {
      Atomics.store(cell, STATE, FINISHED);
      Atomics.notify(cell, STATE);
      started.delete(this);
      if (!daemon) worker.unref();
      worker.release();
      if (outcome instanceof LimitBreach) {
        await callExcepthook(
          new ResourceLimitError(outcome.breach, life.name),
          this,
        );
      } else if (outcome instanceof Error) {
        await callExcepthook(
          new RuntimeError(`Thread '${life.name}' died: ${outcome.message}`),
          this,
        );
      } else if (!outcome.ok) {
        await callExcepthook(await decode(outcome.value), this);
      }
    });
  }

  /**
   * What the thread runs: by default `target(...args, kwargs?)`. Override it
   * in an exported subclass to run something else.
   *
   * @returns What the target returns (a promise is awaited).
   */
  run(): unknown {
    return this.#life.run();
  }

  /**
   * Waits until the thread ends, or `timeout` seconds pass; then check
   * `isAlive()` to tell which. When the thread raised, `excepthook` has run
   * by the time this resolves.
   *
   * @param options The timeout in seconds, by position (Python's) or in the
   * options, with a signal.
   * @throws {RuntimeError} If the thread was not started, or is the current
   * thread.
   * @throws {TypeError} If `timeout` is not a number.
   * @throws {ValueError} If `timeout` is NaN.
   */
  async join(options?: number | null | JoinOptions): Promise<void> {
    const given = timeoutOptions("join thread", options);
    const { signal } = given;
    const timeout = checkTimeout("join thread", given.timeout, ValueError);
    const done = this.#joinable();
    signal?.throwIfAborted();
    if (this.#worker === undefined) return; // the current thread's object
    // A daemon's worker does not hold the process; a join waiting for it does.
    hold();
    try {
      await settles(done, { timeout, signal });
    } finally {
      release();
    }
  }

  /**
   * Blocks this thread until the thread ends, or `timeout` seconds pass.
   * On the main thread this blocks its event loop: the thread's
   * `excepthook` call, which needs that loop, runs after this returns.
   *
   * @param options The timeout in seconds, by position (Python's) or in the
   * options.
   * @throws {RuntimeError} If the thread was not started, or is the current
   * thread.
   * @throws {TypeError} If `timeout` is not a number.
   * @throws {ValueError} If `timeout` is NaN.
   */
  joinSync(options?: number | null | JoinSyncOptions): void {
    const timeout = checkTimeout(
      "join thread",
      timeoutOptions("join thread", options).timeout,
      ValueError,
    );
    this.#joinable();
    const cell = this.#cell!;
    const end = timeout === undefined
      ? Infinity
      : performance.now() + Math.max(0, timeout) * 1000;
    while (true) {
      const state = Atomics.load(cell, STATE);
      if (state === FINISHED) return;
      const left = end - performance.now();
      if (left <= 0) return;
      waitSync(cell, STATE, state, left === Infinity ? undefined : left / 1000);
    }
  }

  /**
   * Whether the thread is alive: from `start()` until its `run()` ends.
   *
   * @returns `true` while it runs.
   */
  isAlive(): boolean {
    const cell = this.#cell;
    return cell !== undefined && Atomics.load(cell, STATE) !== FINISHED;
  }

  #joinable(): Promise<void> {
    if (this.#done === undefined) this.#life.checkStarted();
    if (this === current.thread || this.#ident === currentIdent()) {
      throw new RuntimeError("cannot join current thread");
    }
    return this.#done!;
  }

  #spec(): ThreadSpec {
    const { name, daemon, target, args, kwargs } = this.#life;
    if (Object.getPrototypeOf(this) !== Thread.prototype) {
      if (this.run !== Thread.prototype.run) {
        const cls = this.#life.subclassRef(
          this.constructor as new () => Thread,
        );
        return {
          name,
          daemon,
          subclass: {
            cls,
            fields: encode({ ...this }, "thread"),
          },
        };
      }
    }
    return {
      name,
      daemon,
      target: target === undefined ? undefined : encode(target, "target"),
      args: encode(args, "args"),
      kwargs: kwargs === undefined ? undefined : encode(kwargs, "kwargs"),
    };
  }

  /**
   * Python's repr: `<Thread(Thread-1 (work), initial)>`, then `started`,
   * then `stopped`, with ` daemon` and the ident after, as
   * `<Thread(Thread-1 (work), started daemon 2)>`.
   *
   * @returns The repr.
   */
  toString(): string {
    let status = this.#cell === undefined
      ? "initial"
      : this.isAlive()
      ? "started"
      : "stopped";
    if (this.daemon) status += " daemon";
    if (this.#ident !== undefined) status += ` ${this.#ident}`;
    return `<${this.constructor.name}(${this.name}, ${status})>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}

function defaultName(target: unknown): string {
  const n = nextThreadNumber();
  const name = typeof target === "function" ? target.name : "";
  return name ? `Thread-${n} (${name})` : `Thread-${n}`;
}
