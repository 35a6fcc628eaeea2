// Copyright 2026 the @skein/concurrent authors. MIT license.
// The pool both executors share, as CPython's two executors feed one
// Future: the queue of calls, dispatch to workers, shutdown, stopping a
// running call, and what a worker's death does (break the pool, or replace
// the worker). Each executor says only how a worker starts, takes calls and
// ends: a thread (TaskWorker) or a child process (ChildProcess).
import { checkOptionKeys } from "../_internal/keywords.ts";
import { describe } from "../_internal/describe.ts";
import { Fifo } from "../_internal/fifo.ts";
import {
  BOOTSTRAPPING,
  isImportingForShipping,
  THREAD_BOOTSTRAPPING,
} from "../_internal/ship.ts";
import { RuntimeError, TimeoutError, ValueError } from "../errors.ts";
import type { ResourceLimitBreach } from "../_internal/limits.ts";
import {
  type BrokenExecutor,
  BrokenProcessPool,
  BrokenThreadPool,
  ResourceLimitError,
} from "./errors.ts";
import type {
  HealingOptions,
  ShutdownOptions,
  SubmitWithOptions,
} from "./executor.ts";
import { Future } from "./future.ts";

/** One call, from submit() until its future is done. */
export interface PoolItem<T> {
  readonly future: Future<unknown>;
  /** What the executor sends (encoded function and arguments). */
  readonly task: T;
  /** The function's name, for messages. */
  readonly name: string;
  /** It may be stopped while running: it goes alone to an idle worker. */
  readonly stoppable: boolean;
}

/** What the pool keeps of each worker. */
export interface PoolWorker<T> {
  /** The calls sent to it, in order: the first one is running. */
  readonly items: Set<PoolItem<T>>;
  /** It takes no more calls (it is retiring or being ended). */
  closing: boolean;
}

/** How a worker ended, as its executor tells the pool. */
export interface WorkerDeath {
  /** The pool's message when the death breaks it. */
  readonly broken: string;
  /** The running call's message when the pool replaces the worker. */
  readonly replaced: string;
  /** What ended it, if known (kept as the errors' `cause`). */
  readonly cause?: unknown;
  /** It died in its initializer: that always breaks the pool. */
  readonly initializing?: boolean;
  /** It was ended for exceeding a limit: it is always replaced. */
  readonly breach?: ResourceLimitBreach | undefined;
}

/** What an executor tells its pool: how a worker starts, takes calls, ends. */
export interface PoolHooks<T, W extends PoolWorker<T>> {
  /** Starts a worker (the pool adds it to its list). */
  startWorker(): W;
  /** Sends calls to a worker; it answers through itemDone()/workerDied(). */
  sendItems(worker: W, items: PoolItem<T>[]): void;
  /**
   * Ends a worker: "close" lets an idle one finish, "terminate" ends it
   * (gently where that differs), "kill" at once.
   */
  endWorker(
    worker: W,
    how: "close" | "terminate" | "kill",
  ): void;
  /** Settles when every worker ever started has ended. */
  workersEnded(): Promise<void>;
  /** The executor's BrokenExecutor subclass. */
  brokenError(
    message: string,
    options?: ErrorOptions,
  ): BrokenExecutor;
  /** The message when a worker imports the main module to find a function. */
  readonly bootstrapping: string;
  /** Calls a worker may hold (running and sent ahead), by queue length. */
  ahead(queued: number): number;
  /** Calls sent to a worker in one message, by queue length. */
  batch(queued: number): number;
  /** Whether submit() sends at once or when this turn of the loop ends. */
  readonly dispatchAtOnce: boolean;
}

/** The pool of an executor, less how a worker starts, takes calls and ends. */
export class WorkerPool<T, W extends PoolWorker<T>> {
  #hooks: PoolHooks<T, W>;
  #maxWorkers: number;
  #workers: W[] = [];
  #queue = new Fifo<PoolItem<T>>();
  #shutdown = false;
  #terminated = false;
  #broken: string | undefined;
  #running = 0;
  #idle = Promise.withResolvers<void>();
  #dispatching = false;
  #replaceDead: boolean;
  #maxDeaths: number;
  #deaths = 0;
  #wallSeconds: number | undefined;
  #brokenByDeaths = false;

  /**
   * @param what "ThreadPoolExecutor" or "ProcessPoolExecutor", for messages.
   * @param maxWorkers The most workers, checked by the caller.
   * @param healing The `replaceDeadWorkers` and `maxConsecutiveDeaths`
   * options, checked here.
   * @param hooks The executor's side.
   * @param wallSeconds `limits.wallSeconds`: how long one call may run.
   */
  constructor(
    what: string,
    maxWorkers: number,
    healing: HealingOptions,
    hooks: PoolHooks<T, W>,
    wallSeconds?: number,
  ) {
    const { replaceDeadWorkers = false, maxConsecutiveDeaths = 5 } = healing;
    if (typeof replaceDeadWorkers !== "boolean") {
      throw new TypeError(
        `Cannot create ${what} as 'replaceDeadWorkers' must be a boolean: received ${
          describe(replaceDeadWorkers)
        }`,
      );
    }
    if (!Number.isInteger(maxConsecutiveDeaths) || maxConsecutiveDeaths < 1) {
      throw new ValueError(
        `Cannot create ${what} as 'maxConsecutiveDeaths' must be an integer > 0: current value is ${maxConsecutiveDeaths}`,
      );
    }
    this.#hooks = hooks;
    this.#wallSeconds = wallSeconds;
    this.#maxWorkers = maxWorkers;
    this.#replaceDead = replaceDeadWorkers;
    this.#maxDeaths = maxConsecutiveDeaths;
    this.#idle.resolve();
  }

  /** The most workers the pool uses. */
  get maxWorkers(): number {
    return this.#maxWorkers;
  }

  /** Whether dead workers are replaced. */
  get healing(): boolean {
    return this.#replaceDead;
  }

  /** Whether maxConsecutiveDeaths deaths in a row broke the pool. */
  get brokenByDeaths(): boolean {
    return this.#brokenByDeaths;
  }

  /** Replaces dead workers from now on (multiprocessing.Pool's rule). */
  heal(): void {
    this.#replaceDead = true;
  }

  /** The live workers (not the ones being ended). */
  get workers(): readonly W[] {
    return this.#workers;
  }

  /**
   * The checks every submit() makes before it encodes anything: the
   * options, the pool's state, `fn`. Returns the timeout in seconds.
   */
  checkSubmit(
    controls: SubmitWithOptions,
    fn: unknown,
    known: readonly string[] = ["signal", "timeout"],
  ): number | undefined {
    checkOptionKeys("submit", controls, known);
    const { signal, timeout } = controls;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(
        `Cannot submit as 'signal' must be an AbortSignal: received ${
          describe(signal)
        }`,
      );
    }
    if (timeout !== undefined && timeout !== null) {
      if (typeof timeout !== "number") {
        throw new TypeError(
          `Cannot submit as 'timeout' must be a number of seconds: received ${
            describe(timeout)
          }`,
        );
      }
      if (!(timeout >= 0)) {
        throw new ValueError(
          `Cannot submit as 'timeout' must be >= 0: current value is ${timeout}`,
        );
      }
    }
    if (this.#broken !== undefined) throw this.#hooks.brokenError(this.#broken);
    if (this.#shutdown) {
      throw new RuntimeError("cannot schedule new futures after shutdown");
    }
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot submit as 'fn' must be a function: received ${describe(fn)}`,
      );
    }
    // A worker importing an unguarded main module to find a function must
    // not make pools of its own: the import fails, and the caller's future
    // with it.
    if (isImportingForShipping()) {
      throw new RuntimeError(this.#hooks.bootstrapping);
    }
    return timeout ?? undefined;
  }

  /** Queues a checked, encoded call and returns its future. */
  enqueue<R>(
    task: T,
    name: string,
    signal: AbortSignal | undefined,
    timeout: number | undefined,
  ): Future<R> {
    const future = new Future<unknown>();
    const item: PoolItem<T> = {
      future,
      task,
      name,
      stoppable: signal !== undefined || timeout !== undefined ||
        this.#wallSeconds !== undefined,
    };
    this.#queue.push(item);
    if (this.#running++ === 0) this.#idle = Promise.withResolvers();
    future.addDoneCallback(() => {
      if (--this.#running === 0) this.#idle.resolve();
    });
    if (signal !== undefined) {
      const onAbort = (): void => this.#stop(item, signal.reason);
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        future.addDoneCallback(() =>
          signal.removeEventListener("abort", onAbort)
        );
      }
    }
    if (timeout !== undefined && !future.done()) {
      const timer = setTimeout(() =>
        this.#stop(
          item,
          new TimeoutError(
            `Task '${name}' did not finish within ${timeout} seconds`,
          ),
        ), timeout * 1000);
      future.addDoneCallback(() => clearTimeout(timer));
    }
    // Else sent when this turn of the event loop pauses: calls submitted
    // together are spread together, and until then none is running (so
    // `shutdown({ cancelFutures })` right after cancels them).
    if (this.#hooks.dispatchAtOnce) this.#dispatch();
    else this.#dispatchSoon();
    return future as Future<R>;
  }

  /**
   * Stops the pool, as Python's `shutdown()`: later `submit()` calls throw
   * `RuntimeError`; with `cancelFutures`, calls not started are cancelled;
   * with `wait`, it resolves when every call has finished and the workers
   * have ended.
   *
   * @param options `wait` and `cancelFutures`.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    this.#shutdown = true;
    if (cancelFutures) this.#cancelQueued();
    this.#dispatch(); // what is queued goes before idle workers stop
    this.#closeIdle();
    if (wait) {
      await this.#idle.promise;
      this.#closeIdle();
      await this.#hooks.workersEnded();
    }
  }

  /** Starts workers up to maxWorkers now. */
  startAll(): void {
    if (isImportingForShipping()) {
      throw new RuntimeError(this.#hooks.bootstrapping);
    }
    while (this.#workers.length < this.#maxWorkers) this.#start();
  }

  /**
   * Shuts down at once: queued calls are cancelled, every worker is ended;
   * the calls they were running fail (the pool breaks) as their deaths are
   * reported.
   */
  terminateAll(how: "terminate" | "kill"): void {
    this.#shutdown = true;
    this.#terminated = true;
    this.#cancelQueued();
    for (const worker of this.#workers) {
      worker.closing = true;
      this.#hooks.endWorker(worker, how);
    }
  }

  /** A call finished on `worker`, with its value or its exception. */
  itemDone(
    worker: W,
    item: PoolItem<T>,
    ok: boolean,
    value: unknown,
  ): void {
    if (!worker.items.delete(item)) return;
    this.#deaths = 0;
    if (!item.future.done()) {
      if (ok) item.future.setResult(value);
      else item.future.setException(value);
    }
    this.#dispatch();
    if (this.#shutdown) this.#closeIdle();
  }

  /** A worker ended on its own (it is no longer in the pool). */
  workerDied(worker: W, death: WorkerDeath): void {
    const index = this.#workers.indexOf(worker);
    if (index < 0) return; // ended by the pool, which has dealt with it
    this.#workers.splice(index, 1);
    const items = [...worker.items].filter((item) => !item.future.done());
    worker.items.clear();
    if (this.#broken !== undefined) return;
    if (items.length === 0 && !death.initializing) {
      this.#dispatch(); // an idle worker: the next call starts a new one
      return;
    }
    if (death.breach !== undefined && !this.#terminated) {
      // A breach is no fault of the pool: the call fails, the worker is
      // replaced, whatever replaceDeadWorkers says.
      const [running, ...ahead] = items as [PoolItem<T>, ...PoolItem<T>[]];
      this.#queue.unshift(...ahead);
      running?.future.setException(new ResourceLimitError(death.breach));
      this.#dispatch();
      return;
    }
    if (!this.#replaceDead || this.#terminated || death.initializing) {
      this.#breakWith(items, death.broken, death.cause);
      return;
    }
    // Healing: the running call fails, the ones sent ahead go back first.
    const [running, ...ahead] = items as [PoolItem<T>, ...PoolItem<T>[]];
    this.#queue.unshift(...ahead);
    if (++this.#deaths >= this.#maxDeaths) {
      this.#brokenByDeaths = true;
      this.#breakWith(
        [running],
        `${death.broken} (${this.#deaths} workers died in a row)`,
        death.cause,
      );
      return;
    }
    running.future.setException(
      this.#hooks.brokenError(
        death.replaced,
        death.cause === undefined ? undefined : { cause: death.cause },
      ),
    );
    this.#dispatch();
  }

  /**
   * Breaks the pool: queued and running calls fail with the executor's
   * BrokenExecutor, and later submit() calls throw it.
   */
  breakPool(message: string, cause?: unknown): void {
    this.#breakWith([], message, cause);
  }

  #breakWith(items: PoolItem<T>[], message: string, cause: unknown): void {
    this.#broken = message;
    items.push(...this.#queue.drain());
    for (const worker of this.#workers.splice(0)) {
      items.push(...worker.items);
      worker.items.clear();
      worker.closing = true;
      this.#hooks.endWorker(worker, "terminate");
    }
    for (const item of items) {
      if (item.future.done()) continue;
      if (!item.future.running()) item.future.setRunningOrNotifyCancel();
      if (!item.future.done()) {
        item.future.setException(
          this.#hooks.brokenError(
            message,
            cause === undefined ? undefined : { cause },
          ),
        );
      }
    }
  }

  // A signal aborted or the timeout passed: a pending call is cancelled,
  // a running one fails with `reason` and its worker is replaced.
  #stop(item: PoolItem<T>, reason: unknown): void {
    const { future } = item;
    if (future.done()) return;
    if (!future.running()) {
      future.cancel();
      return;
    }
    future.setException(reason);
    const worker = this.#workers.find((w) => w.items.has(item));
    if (worker === undefined) return; // sent back to the queue: skipped
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    worker.items.delete(item);
    // The calls sent ahead of it never started: they go back first.
    this.#queue.unshift(...worker.items);
    worker.items.clear();
    worker.closing = true;
    this.#hooks.endWorker(worker, "kill");
    // After this turn: one signal may stop many calls at once, and the
    // queued ones must be cancelled before any is sent to a new worker
    // (else each would start a worker only to be killed with it).
    this.#dispatchSoon();
  }

  #dispatchSoon(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    queueMicrotask(() => {
      this.#dispatching = false;
      this.#dispatch();
      if (this.#shutdown) this.#closeIdle();
    });
  }

  // limits.wallSeconds, from when the call is sent to its idle worker.
  #watchWall(item: PoolItem<T>): void {
    const limit = this.#wallSeconds!;
    const start = performance.now();
    const timer = setTimeout(() => {
      const used = (performance.now() - start) / 1000;
      this.#stop(
        item,
        new ResourceLimitError({ kind: "wallSeconds", limit, used }),
      );
    }, limit * 1000);
    item.future.addDoneCallback(() => clearTimeout(timer));
  }

  #cancelQueued(): void {
    for (const item of this.#queue.drain()) {
      if (item.future.cancel()) item.future.setRunningOrNotifyCancel();
    }
  }

  #start(): W {
    const worker = this.#hooks.startWorker();
    this.#workers.push(worker);
    return worker;
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && this.#broken === undefined) {
      const ahead = this.#hooks.ahead(this.#queue.length);
      const head = this.#queue.peek()!;
      // A call that may be stopped runs alone, so stopping it kills no other.
      const room = head.stoppable ? 1 : ahead;
      let worker: W | undefined;
      for (const w of this.#workers) {
        if (w.closing || w.items.size >= room) continue;
        if (worker === undefined || w.items.size < worker.items.size) {
          worker = w;
        }
      }
      if (
        (worker === undefined || worker.items.size > 0) &&
        this.#workers.length < this.#maxWorkers
      ) {
        worker = this.#start();
      }
      if (worker === undefined) return;
      const share = head.stoppable ? 1 : this.#hooks.batch(this.#queue.length);
      const batch: PoolItem<T>[] = [];
      while (batch.length < share && this.#queue.length > 0) {
        if (batch.length > 0 && this.#queue.peek()!.stoppable) break;
        const item = this.#queue.shift()!;
        if (item.future.done()) continue;
        // (One sent back from a worker that died is running already.)
        if (
          !item.future.running() && !item.future.setRunningOrNotifyCancel()
        ) continue;
        batch.push(item);
        worker.items.add(item);
        if (this.#wallSeconds !== undefined) this.#watchWall(item);
      }
      if (batch.length > 0) this.#hooks.sendItems(worker, batch);
    }
  }

  // Ends every idle worker (shutdown() awaits their end).
  #closeIdle(): void {
    for (const worker of [...this.#workers]) {
      if (worker.items.size > 0 || worker.closing) continue;
      this.#workers.splice(this.#workers.indexOf(worker), 1);
      worker.closing = true;
      this.#hooks.endWorker(worker, "close");
    }
  }
}

/**
 * What makes a PoolExecutor's pool a thread pool or a process pool, beside
 * the hooks its subclass implements as methods ([startWorker], ...).
 */
export interface PoolSettings {
  /** The executor's name, for messages. */
  readonly what: string;
  /** The executor's BrokenExecutor subclass. */
  readonly broken: new (
    message: string,
    options?: ErrorOptions,
  ) => BrokenExecutor;
  /** The message when a worker imports the main module to find a function. */
  readonly bootstrapping: string;
  /** Whether submit() sends at once or when this turn of the loop ends. */
  readonly dispatchAtOnce: boolean;
}

/**
 * The two pools: a thread pool sends calls at once, in batches; a process
 * pool sends the calls of one turn of the loop together, each in its own
 * record.
 */
export const POOLS: Readonly<Record<"thread" | "process", PoolSettings>> = {
  thread: {
    what: "ThreadPoolExecutor",
    broken: BrokenThreadPool,
    bootstrapping: THREAD_BOOTSTRAPPING,
    dispatchAtOnce: true,
  },
  process: {
    what: "ProcessPoolExecutor",
    broken: BrokenProcessPool,
    bootstrapping: BOOTSTRAPPING,
    dispatchAtOnce: false,
  },
};

/**
 * Checks what both pools take alike, before anything starts: `counts`
 * (`maxWorkers`, ...), each an integer > 0, and the `initializer`.
 */
export function checkPoolOptions(
  what: string,
  counts: Record<string, unknown>,
  initializer: unknown,
): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || (value as number) <= 0) {
      throw new ValueError(
        `Cannot create ${what} as '${name}' must be an integer > 0: current value is ${value}`,
      );
    }
  }
  if (initializer !== undefined && typeof initializer !== "function") {
    throw new TypeError(
      `Cannot create ${what} as 'initializer' must be a function: received ${
        describe(initializer)
      }`,
    );
  }
}

/** `executor[workerPool]`: the WorkerPool a PoolExecutor runs calls on. */
export const workerPool: unique symbol = Symbol("workerPool");

/**
 * `executor[newCall](options, fn, args)`: the task a PoolExecutor's
 * subclass sends for `fn(...args)`: the call encoded for its workers.
 */
export const newCall: unique symbol = Symbol("newCall");

/** `executor[submitKeys]`: the options its submitWith() takes. */
export const submitKeys: unique symbol = Symbol("submitKeys");

/** PoolHooks' startWorker(), as a PoolExecutor subclass's method. */
export const startWorker: unique symbol = Symbol("startWorker");

/** PoolHooks' sendItems(), as a PoolExecutor subclass's method. */
export const sendItems: unique symbol = Symbol("sendItems");

/** PoolHooks' endWorker(), as a PoolExecutor subclass's method. */
export const endWorker: unique symbol = Symbol("endWorker");

/** PoolHooks' workersEnded(), as a PoolExecutor subclass's method. */
export const workersEnded: unique symbol = Symbol("workersEnded");

/** PoolHooks' ahead(), as a PoolExecutor's method (1 unless overridden). */
export const ahead: unique symbol = Symbol("ahead");

/** PoolHooks' batch(), as a PoolExecutor's method (1 unless overridden). */
export const batch: unique symbol = Symbol("batch");
