// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerErrorClass } from "../../_internal/errors_registry.ts";
import { FuturesError } from "../errors.ts";

/**
 * The connection to Redis failed or was lost for longer than
 * `connectTimeout`: the futures that were waiting on it fail with this
 * error, which keeps Redis's own error as its `cause`.
 *
 * @example Usage
 * ```ts
 * import { RedisConnectionError } from "@skein/concurrent/futures/redis";
 * import { FuturesError } from "@skein/concurrent/futures";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new RedisConnectionError("lost") instanceof FuturesError);
 * ```
 */
export class RedisConnectionError extends FuturesError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RedisConnectionError";
  }
}

/**
 * A worker refused a task: its job was unsigned or signed with another
 * `authkey`, or its function's module is outside the worker's
 * `allowModules`. The task did not run.
 *
 * @example Usage
 * ```ts
 * import { TaskRefusedError } from "@skein/concurrent/futures/redis";
 * import assert from "node:assert/strict";
 *
 * const error = new TaskRefusedError("bad signature");
 * assert.equal(error.name, "TaskRefusedError");
 * ```
 */
export class TaskRefusedError extends FuturesError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TaskRefusedError";
  }
}

/**
 * A task's worker died under it (SIGKILL, a crash, a lost machine) more
 * than `maxRetries` times; the message names the task.
 *
 * @example Usage
 * ```ts
 * import { WorkerLostError } from "@skein/concurrent/futures/redis";
 * import assert from "node:assert/strict";
 *
 * const error = new WorkerLostError("task 'fib' lost its worker 3 times");
 * assert.match(error.message, /fib/);
 * ```
 */
export class WorkerLostError extends FuturesError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WorkerLostError";
  }
}

/**
 * A worker could not import the module of a task's function (or of a
 * class in its arguments); `url` names it, and `cause` is the import's
 * own error. Python's executors fail such a future with the worker's
 * `ModuleNotFoundError` (an `ImportError`); here the class says that it
 * happened on a worker, and `cause` keeps what the import said.
 *
 * @example Usage
 * ```ts
 * import { TaskImportError } from "@skein/concurrent/futures/redis";
 * import assert from "node:assert/strict";
 *
 * const error = new TaskImportError("file:///gone.ts");
 * assert.equal(error.url, "file:///gone.ts");
 * assert.match(error.message, /gone\.ts/);
 * ```
 */
export class TaskImportError extends FuturesError {
  /** The module that could not be imported. */
  readonly url: string;

  /**
   * Constructs a new instance.
   *
   * @param url The module that could not be imported.
   * @param options The error options, such as the `cause`.
   */
  constructor(url: string, options?: ErrorOptions) {
    const why = options?.cause instanceof Error
      ? `: ${options.cause.message}`
      : "";
    super(`Cannot import module '${url}' on the worker${why}`, options);
    this.name = "TaskImportError";
    this.url = url;
  }
}

for (
  const cls of [
    RedisConnectionError,
    TaskRefusedError,
    WorkerLostError,
    TaskImportError,
  ]
) registerErrorClass(cls);
