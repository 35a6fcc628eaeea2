// Copyright 2026 the @skein/concurrent authors. MIT license.
// Worker threads, and a cache of idle warm ones: a worker costs tens of
// milliseconds to start (12 started together: about a second on 2 cores)
// where a CPython thread costs microseconds, and a cached one takes a task
// in tens of microseconds. The cache grows to the peak number of workers
// busy at once, up to MAX_IDLE; a worker idle for RETIRE_AFTER seconds ends,
// by a timer that is unref'd, so the cache never keeps the process alive.
// acquire() takes the most recently used worker (warmest), so under a
// smaller load the least recently used ones retire.
//
// They are node:worker_threads Workers rather than Web Workers, decided by
// measurement (Deno 2.9.6, 2 loaded cores). A Web Worker starts faster: 12
// started together reach their first message in 0.6-1.1 s against 1.2-2.4 s
// for node workers, so a cold burst of threads would about halve. But only a
// node worker can be unref'd, and an idle cached worker, or one running a
// daemon thread, must not keep the process alive (Python's exit rule): a
// program whose main module is done, with one idle Web Worker whose own
// event loop is empty, never exits. Deno can unref a Web Worker only through
// a method keyed by an anonymous symbol on Worker.prototype (its internal
// ref/unref, found by reflection; it works in 2.9.6), which is no public API
// and may change in any release, so it is not relied on. A Web Worker also
// sees `isMainThread` true and `threadId` 0 from node:worker_threads, which
// thread identity here builds on. The warm cache makes every burst after the
// first cost tens of microseconds a thread either way.
import { Worker } from "node:worker_threads";
import type {
  HeapLimitNotice,
  TaskMessage,
  TaskReply,
} from "./worker_protocol.ts";
import { hold, letGo } from "./holds.ts";
import {
  LimitBreach,
  type ResourceLimitKind,
  type ResourceLimits,
} from "./limits.ts";

// node:worker_threads loads only file: and data: URLs; when this package is
// imported from the network (JSR), a data: module imports the entry. A local
// entry needs --allow-read, and Deno says so when start() creates the worker.
const MAIN = new URL("./worker_main.ts", import.meta.url);
const ENTRY = MAIN.protocol === "file:"
  ? MAIN
  : new URL(`data:text/javascript,import ${JSON.stringify(MAIN.href)};`);
/**
 * The limits a worker thread can enforce: its heap (`resourceLimits`; a
 * breach ends it with ERR_WORKER_OUT_OF_MEMORY) and the wall-clock time of
 * one run (it is terminated). Its resident memory and CPU time are the
 * process's, not its own.
 */
export const THREAD_LIMIT_KINDS: readonly ResourceLimitKind[] = [
  "heapMb",
  "wallSeconds",
];

/** Options of {@linkcode TaskWorker.prototype.run}. */
export interface RunOptions {
  /**
   * Seconds the task may run: then the worker is terminated, and the reply
   * is a LimitBreach.
   */
  readonly wallSeconds?: number | undefined;
}

/** At most this many idle workers are cached (at least 32 on any machine). */
export const MAX_IDLE = Math.max(32, 4 * navigator.hardwareConcurrency);
/** Seconds a cached worker stays idle before it ends. */
export const RETIRE_AFTER = 5;
// Idle workers, least recently used first.
const idle: TaskWorker[] = [];
let retireAfterMs = RETIRE_AFTER * 1000;
let retireTimer: ReturnType<typeof setTimeout> | undefined;
let nextTaskId = 1;
let started = 0;

/** One worker thread, running one task at a time. */
export class TaskWorker {
  #worker: Worker;
  #pending = new Map<number, (reply: TaskReply | Error) => void>();
  #dead: Error | undefined;
  #refs = 0;
  #idleSince = 0;
  #exited: Promise<void> = Promise.resolve();
  #heapMb: number | undefined;

  /** A new worker; with `heapMb`, its heap is limited to that. */
  constructor(heapMb?: number) {
    this.#heapMb = heapMb;
    this.#worker = new Worker(
      ENTRY,
      heapMb === undefined ? {} : {
        resourceLimits: { maxOldGenerationSizeMb: Math.ceil(heapMb) },
        workerData: { heapLimited: true }, // see heap_limit.ts
      },
    );
    started++;
    this.#worker.unref();
    this.#worker.on("message", (reply: TaskReply | HeapLimitNotice) => {
      if ("heapLimitReached" in reply) {
        // Deno let it run on past its limit: end it (see heap_limit.ts).
        const breach = {
          kind: "heapMb",
          limit: heapMb!,
          used: heapMb!,
        } as const;
        this.terminate(new LimitBreach(breach));
        return;
      }
      const settle = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      settle?.(reply);
    });
    this.#worker.on("error", (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === "ERR_WORKER_OUT_OF_MEMORY" && heapMb !== undefined) {
        // V8 stops at the limit: that is the usage seen.
        error = new LimitBreach({
          kind: "heapMb",
          limit: heapMb,
          used: heapMb,
        });
      }
      this.#die(error);
    });
    this.#worker.on(
      "exit",
      (code: number) =>
        this.#die(new Error(`the worker thread exited with code ${code}`)),
    );
  }

  /**
   * The most recently used idle worker if there is one, else a new one.
   * With `limits.heapMb`, always a new one with that heap, which is never
   * cached (it would limit the next thread's heap); `limits.wallSeconds`
   * is given to each run().
   */
  static acquire(limits?: ResourceLimits): TaskWorker {
    const heapMb = limits?.heapMb;
    if (heapMb !== undefined) return new TaskWorker(heapMb);
    return idle.pop() ?? new TaskWorker();
  }

  /** The worker's native thread id. */
  get threadId(): number {
    return this.#worker.threadId;
  }

  /**
   * Runs a task. The reply settles with the task's outcome, or with an Error
   * when the worker dies first. `transfer` moves buffers instead of copying.
   */
  run(
    message: Omit<TaskMessage, "id">,
    transfer: Transferable[] = [],
    options: RunOptions = {},
  ): Promise<TaskReply | Error> {
    if (this.#dead) return Promise.resolve(this.#dead);
    const id = nextTaskId++;
    const { wallSeconds } = options;
    return new Promise((resolve) => {
      let settle = resolve;
      if (wallSeconds !== undefined) {
        const start = performance.now();
        const timer = setTimeout(() => {
          const used = (performance.now() - start) / 1000;
          this.terminate(
            new LimitBreach({ kind: "wallSeconds", limit: wallSeconds, used }),
          );
        }, wallSeconds * 1000);
        // The worker holds the process while it should; the timer never.
        Deno.unrefTimer(timer);
        settle = (reply) => {
          clearTimeout(timer);
          resolve(reply);
        };
      }
      this.#pending.set(id, settle);
      this.#worker.postMessage(
        { ...message, id } satisfies TaskMessage,
        transfer as never,
      );
    });
  }

  /** Keeps the process alive (while counted) or lets it exit. */
  ref(): void {
    if (this.#refs++ === 0 && !this.#dead) {
      this.#worker.ref();
      hold();
    }
  }

  unref(): void {
    if (--this.#refs === 0 && !this.#dead) {
      this.#worker.unref();
      letGo();
    }
  }

  /**
   * Returns the worker to the cache, where it ends after RETIRE_AFTER idle
   * seconds, or ends it now when the cache is full.
   */
  release(): void {
    if (this.#dead || this.#pending.size > 0 || idle.includes(this)) return;
    if (idle.length >= MAX_IDLE || this.#heapMb !== undefined) {
      this.terminate();
      return;
    }
    this.#idleSince = performance.now();
    idle.push(this);
    scheduleRetirement();
  }

  /** When the worker last went idle (`performance.now()` milliseconds). */
  get idleSince(): number {
    return this.#idleSince;
  }

  /**
   * Ends the worker; pending tasks settle with `reason` (by default an
   * Error saying it was terminated). Settles when the worker has exited.
   */
  terminate(reason?: Error): Promise<void> {
    const index = idle.indexOf(this);
    if (index >= 0) idle.splice(index, 1);
    if (!this.#dead) {
      this.#die(reason ?? new Error("the worker thread was terminated"));
      this.#exited = this.#worker.terminate().then(() => {});
    }
    return this.#exited;
  }

  #die(error: unknown): void {
    if (this.#dead) return;
    this.#dead = error instanceof Error ? error : new Error(String(error));
    if (this.#refs > 0) letGo();
    const index = idle.indexOf(this);
    if (index >= 0) idle.splice(index, 1);
    for (const settle of this.#pending.values()) settle(this.#dead);
    this.#pending.clear();
  }
}

// One timer for the least recently used idle worker; unref'd, so that the
// cache never keeps the process alive.
function scheduleRetirement(): void {
  const oldest = idle[0];
  if (retireTimer !== undefined || oldest === undefined) return;
  const due = oldest.idleSince + retireAfterMs - performance.now();
  const timer = setTimeout(retire, Math.max(0, due));
  Deno.unrefTimer(timer);
  retireTimer = timer;
}

function retire(): void {
  retireTimer = undefined;
  const now = performance.now();
  for (let oldest = idle[0]; oldest !== undefined; oldest = idle[0]) {
    if (oldest.idleSince + retireAfterMs > now) break;
    oldest.terminate(); // takes it out of `idle`
  }
  scheduleRetirement();
}

/**
 * Ends every idle cached worker; settles when they have exited. Tests and
 * benches call it to leave nothing open, or to measure a cold start.
 */
export function closeIdleWorkers(): Promise<void> {
  if (retireTimer !== undefined) clearTimeout(retireTimer);
  retireTimer = undefined;
  return Promise.all(idle.splice(0).map((worker) => worker.terminate()))
    .then(() => {});
}

/**
 * Sets how many seconds a cached worker stays idle before it ends (tests
 * shorten it); returns the previous value. Applies from the next release.
 */
export function setRetireAfter(seconds: number): number {
  if (!(seconds >= 0)) {
    throw new RangeError(
      `Cannot set the idle worker retirement delay as 'seconds' must be >= 0: current value is ${seconds}`,
    );
  }
  const previous = retireAfterMs / 1000;
  retireAfterMs = seconds * 1000;
  if (retireTimer !== undefined) clearTimeout(retireTimer);
  retireTimer = undefined;
  scheduleRetirement();
  return previous;
}

/** How many workers this thread has started, and how many are idle now. */
export function workerCounts(): { started: number; idle: number } {
  return { started, idle: idle.length };
}
