// Copyright 2026 the @skein/concurrent authors. MIT license.
// Which side takes which option. BullMQ's workers take, renew and release
// the jobs' locks and run them, so the lock and stall settings and the pool
// are the workers'; retries and how long results wait are the executor's.
// An option given to the other side is a TypeError that says where it
// goes, never ignored.
import { checkOptionKeys } from "../../_internal/keywords.ts";

const SHARED = ["url", "queue", "authkey"];
const EXECUTOR_ONLY = [
  "maxRetries",
  "connectTimeout",
  "resultTtl",
  "maxCallsPerJob",
];
// Each worker option and the worker command's flag for it.
const WORKER_ONLY: Record<string, string> = {
  concurrency: "--concurrency N",
  threads: "--threads [N]",
  processes: "--processes [N]",
  maxWorkers: "--threads N or --processes N",
  permissions: "--permissions JSON",
  allowModules: "--allow-modules PREFIX,...",
  lockDuration: "--lock-duration S",
  stalledInterval: "--stalled-interval S",
};
const EXECUTOR_KEYS = [...SHARED, ...EXECUTOR_ONLY];
const WORKER_KEYS = [...SHARED, ...Object.keys(WORKER_ONLY)];

/**
 * Throws a TypeError for an option `new RedisExecutor()` does not take,
 * naming the worker's option or flag when it is one of theirs.
 */
export function checkExecutorOptions(what: string, options: object): void {
  for (const key in options) {
    const flag = WORKER_ONLY[key];
    if (flag === undefined) continue;
    throw new TypeError(
      `Cannot ${what} as '${key}' is an option of the workers, not of the executor: serve({ ${key} }) or the worker command's ${flag} (the workers take and renew the jobs' locks and run them)`,
    );
  }
  checkOptionKeys(what, options, EXECUTOR_KEYS);
}

/**
 * Throws a TypeError for an option `serve()` does not take, naming the
 * executor's when it is one of its.
 */
export function checkServeOptions(what: string, options: object): void {
  for (const key in options) {
    if (!EXECUTOR_ONLY.includes(key)) continue;
    throw new TypeError(
      `Cannot ${what} as '${key}' is an option of the executor, not of the workers: new RedisExecutor({ ${key} })`,
    );
  }
  checkOptionKeys(what, options, WORKER_KEYS);
}
