// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../../errors.ts";
import { checkAuthkey, HmacSha256 } from "../../_internal/hmac.ts";
import type { ProcessPermissions } from "../../_internal/child_permissions.ts";
import { registerModule } from "../../_internal/ship.ts";
import type { Executor } from "../executor.ts";
import { ProcessPoolExecutor } from "../process_pool_executor.ts";
import { ThreadPoolExecutor } from "../thread_pool_executor.ts";
import { type Job, Queue, Worker } from "./_deps.ts";
import { connect } from "./_connection.ts";
import { checkQueue, checkRedisUrl, safeUrl } from "./_protocol.ts";
import { JobHandler } from "./_job_handler.ts";
import { LocalRunner } from "./_local_runner.ts";
import { ResultSender } from "./_result_sender.ts";
import { checkServeOptions } from "./_options.ts";

// The local pool finds runCall by this module's URL.
registerModule(new URL("./_run.ts", import.meta.url));
registerModule(new URL("./_thread_channel.ts", import.meta.url));

/** Options for {@linkcode serve}. */
export interface ServeOptions {
  /** The Redis server: `redis://user:pass@host:port/db`, or `rediss://` for TLS. */
  url: string | URL;
  /** The BullMQ queue to serve. */
  queue: string;
  /** The key the executors sign their jobs with. */
  authkey: string | Uint8Array;
  /**
   * How many jobs this worker holds at once.
   *
   * @default {maxWorkers}
   */
  concurrency?: number;
  /**
   * Run tasks on a pool of threads (a `ThreadPoolExecutor`, the default):
   * `true`, or the pool's size, as the worker command's `--threads [N]`.
   */
  threads?: boolean | number;
  /**
   * Run tasks in child processes (a `ProcessPoolExecutor`) instead of
   * threads: `true`, or the pool's size, as `--processes [N]`.
   *
   * @default {false}
   */
  processes?: boolean | number;
  /**
   * The size of the local pool (also given by a number as `threads` or
   * `processes`).
   *
   * @default {navigator.hardwareConcurrency}
   */
  maxWorkers?: number;
  /**
   * The Deno permissions of the processes that run tasks (needs
   * `processes`); by default this process's own.
   */
  permissions?: ProcessPermissions;
  /**
   * URL prefixes of the modules tasks may come from (`"https://deno.land/x/"`,
   * `"file:///srv/tasks/"`); a task naming another module is refused, and
   * so is a function that no module exports. All modules when omitted.
   */
  allowModules?: readonly string[];
  /**
   * Seconds a job's lock lasts without renewal: how long a dead worker's
   * task waits before it can run again.
   *
   * @default {30}
   */
  lockDuration?: number;
  /**
   * Seconds between this worker's checks for jobs whose worker died.
   *
   * @default {30}
   */
  stalledInterval?: number;
}

/**
 * A running worker (see {@linkcode serve}): `close()` stops taking jobs,
 * lets the running ones finish, and closes the local pool.
 */
export interface RedisWorker extends AsyncDisposable {
  /** What it serves, as its command prints it. */
  readonly description: string;
  /** Stops taking jobs, waits for the running ones, closes everything. */
  close(): Promise<void>;
}

/**
 * Serves the calls of `RedisExecutor`s on `queue`: takes their jobs,
 * checks each job's signature against `authkey` (refusing unsigned and
 * wrongly signed jobs, and modules outside `allowModules`), runs the call
 * on a local pool of threads or processes, and sends the result back.
 *
 * @param options The server, queue, key, pool and limits.
 * @returns The worker, once it is taking jobs.
 * @throws {TypeError} If an option has the wrong type, or is not one of a
 * worker's (an executor's option, such as `maxRetries`, says so).
 * @throws {ValueError} If an option is out of range.
 *
 * @example Serve a queue until interrupted
 * ```ts ignore
 * import { serve } from "@skein/concurrent/futures/redis";
 *
 * await using worker = await serve({
 *   url: "redis://127.0.0.1:6379",
 *   queue: "work",
 *   authkey: Deno.env.get("SKEIN_AUTHKEY")!,
 * });
 * console.log(worker.description);
 * ```
 */
export async function serve(options: ServeOptions): Promise<RedisWorker> {
  const what = "serve";
  const make = (message: string) => new ValueError(message);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Cannot ${what} as 'options' must be an object`);
  }
  checkServeOptions(what, options);
  const url = checkRedisUrl(what, options.url, make);
  const queue = checkQueue(what, options.queue, make);
  const authkey = checkAuthkey(what, options.authkey);
  if (authkey === undefined || authkey.length === 0) {
    throw new TypeError(
      `Cannot ${what} as 'authkey' must be a non-empty string or Uint8Array`,
    );
  }
  const { processes, maxWorkers } = poolKind(what, options);
  const {
    permissions,
    allowModules,
    lockDuration = 30,
    stalledInterval = 30,
  } = options;
  const concurrency = options.concurrency ?? maxWorkers;
  for (
    const [name, value] of [["concurrency", concurrency], [
      "maxWorkers",
      maxWorkers,
    ]] as const
  ) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ValueError(
        `Cannot ${what} as '${name}' must be an integer >= 1: current value is ${value}`,
      );
    }
  }
  for (
    const [name, value] of [["lockDuration", lockDuration], [
      "stalledInterval",
      stalledInterval,
    ]] as const
  ) {
    if (typeof value !== "number" || !(value > 0)) {
      throw new ValueError(
        `Cannot ${what} as '${name}' must be a number of seconds > 0: current value is ${value}`,
      );
    }
  }
  if (permissions !== undefined && !processes) {
    throw new ValueError(
      `Cannot ${what} as 'permissions' needs 'processes': threads share this process's permissions`,
    );
  }
  if (
    allowModules !== undefined &&
    (!Array.isArray(allowModules) ||
      !allowModules.every((prefix) => typeof prefix === "string"))
  ) {
    throw new TypeError(
      `Cannot ${what} as 'allowModules' must be an array of URL prefixes`,
    );
  }
  const hmac = new HmacSha256(authkey);
  const pool: Executor = processes
    ? new ProcessPoolExecutor({
      maxWorkers,
      ...(permissions === undefined ? {} : { permissions }),
      // A task that ends its process fails its own batch (see
      // LocalRunner), and the worker goes on with a new process.
      replaceDeadWorkers: true,
    })
    : new ThreadPoolExecutor({ maxWorkers, replaceDeadWorkers: true });
  const conn = connect(url, `skein-worker-${queue}`);
  const results = new ResultSender(conn, queue);
  const runner = new LocalRunner(
    pool,
    maxWorkers,
    allowModules ?? null,
    results,
    !processes,
  );
  // Where a job of several calls that lost its worker goes back, a job
  // per call (see JobHandler).
  const requeue = new Queue(queue, { connection: conn });
  requeue.on("error", () => {});
  const jobs = new JobHandler(hmac, conn, requeue, runner, results);
  const worker = new Worker(
    queue,
    (job: Job) => jobs.handle(job),
    {
      connection: conn,
      concurrency,
      lockDuration: lockDuration * 1000,
      stalledInterval: stalledInterval * 1000,
      // Our own count (each job's maxRetries) decides, not BullMQ's.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      autorun: false,
    },
  );
  worker.on("error", () => {}); // ioredis reconnects; jobs stall and rerun
  void worker.run().catch(() => {});
  await worker.waitUntilReady();
  const description = `serving queue '${queue}' at ${
    safeUrl(url)
  } with ${maxWorkers} ${
    processes ? "processes" : "threads"
  }, concurrency ${concurrency}${
    allowModules === undefined ? "" : `, modules ${allowModules.join(" ")}`
  }`;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    closed ??= (async () => {
      await worker.close();
      await results.idle();
      await runner.close();
      await requeue.close();
      await pool.shutdown({ wait: true });
      conn.disconnect();
    })();
  return { description, close, [Symbol.asyncDispose]: close };
}

// The local pool: processes or threads, and its size, from `threads`,
// `processes` (each true or a size) and `maxWorkers`.
function poolKind(
  what: string,
  options: ServeOptions,
): { processes: boolean; maxWorkers: number } {
  const { threads, processes } = options;
  for (
    const [name, value] of [["threads", threads], ["processes", processes]]
  ) {
    if (
      value !== undefined && typeof value !== "boolean" &&
      !(Number.isInteger(value) && (value as number) >= 1)
    ) {
      throw new TypeError(
        `Cannot ${what} as '${name}' must be true, false or a pool size (an integer >= 1): current value is ${value}`,
      );
    }
  }
  if (processes && threads) {
    throw new ValueError(
      `Cannot ${what} as it runs tasks on threads or on processes, not both: 'threads' is ${threads} and 'processes' is ${processes}`,
    );
  }
  const size = typeof processes === "number"
    ? processes
    : typeof threads === "number"
    ? threads
    : undefined;
  if (
    size !== undefined && options.maxWorkers !== undefined &&
    options.maxWorkers !== size
  ) {
    throw new ValueError(
      `Cannot ${what} as the pool's size is given twice: ${size} and 'maxWorkers' ${options.maxWorkers}`,
    );
  }
  return {
    processes: Boolean(processes),
    maxWorkers: size ?? options.maxWorkers ?? navigator.hardwareConcurrency,
  };
}
