// Copyright 2026 the @skein/concurrent authors. MIT license.
// Worker threads, and a small cache of idle warm ones: a worker costs
// milliseconds to start where a CPython thread costs microseconds.
//
// They are node:worker_threads Workers rather than Web Workers because only
// those can be unref'd: an idle cached worker, or one running a daemon
// thread, must not keep the process alive (Python's exit rule), and a Web
// Worker always does.
import { Worker } from "node:worker_threads";
import type { TaskMessage, TaskReply } from "./worker_protocol.ts";
import { hold, letGo } from "./holds.ts";

// node:worker_threads loads only file: and data: URLs; when this package is
// imported from the network (JSR), a data: module imports the entry. A local
// entry needs --allow-read, and Deno says so when start() creates the worker.
const MAIN = new URL("./worker_main.ts", import.meta.url);
const ENTRY = MAIN.protocol === "file:"
  ? MAIN
  : new URL(`data:text/javascript,import ${JSON.stringify(MAIN.href)};`);
const MAX_IDLE = 4;
const idle: TaskWorker[] = [];
let nextTaskId = 1;

/** One worker thread, running one task at a time. */
export class TaskWorker {
  #worker: Worker;
  #pending = new Map<number, (reply: TaskReply | Error) => void>();
  #dead: Error | undefined;
  #refs = 0;

  constructor() {
    this.#worker = new Worker(ENTRY);
    this.#worker.unref();
    this.#worker.on("message", (reply: TaskReply) => {
      const settle = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      settle?.(reply);
    });
    this.#worker.on("error", (error: unknown) => this.#die(error));
    this.#worker.on(
      "exit",
      (code: number) =>
        this.#die(new Error(`the worker thread exited with code ${code}`)),
    );
  }

  /** A warm idle worker if there is one, else a new one. */
  static acquire(): TaskWorker {
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
  ): Promise<TaskReply | Error> {
    if (this.#dead) return Promise.resolve(this.#dead);
    const id = nextTaskId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
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

  /** Returns the worker to the cache, or ends it when the cache is full. */
  release(): void {
    if (this.#dead || this.#pending.size > 0) return;
    if (idle.length < MAX_IDLE && !idle.includes(this)) idle.push(this);
    else this.terminate();
  }

  /** Ends the worker; pending tasks settle with an Error. */
  terminate(): void {
    const index = idle.indexOf(this);
    if (index >= 0) idle.splice(index, 1);
    if (!this.#dead) {
      this.#die(new Error("the worker thread was terminated"));
      this.#worker.terminate();
    }
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

/** Ends every idle cached worker (tests call this to leave nothing open). */
export function closeIdleWorkers(): void {
  for (const worker of idle.splice(0)) worker.terminate();
}
