// Copyright 2026 the @skein/concurrent authors. MIT license.
// ProcessPoolExecutor methods for multiprocessing.Pool, which differs from
// Python's executor in two ways: it starts its workers when it is made
// (their initializer runs even if no task comes), and a worker that dies
// costs only the task it was running (the pool replaces it), where the
// executor breaks.

/** `executor[startWorkers]()` starts every worker the pool may have. */
export const startWorkers: unique symbol = Symbol("startWorkers");

/**
 * After `executor[replaceDeadWorkers]()`, a worker that dies fails the
 * call it was running with `BrokenProcessPool`; the calls sent ahead to it
 * go to other workers, and the pool stays usable.
 */
export const replaceDeadWorkers: unique symbol = Symbol("replaceDeadWorkers");

/**
 * `executor[poolWorkerNames]()` names its workers `SpawnPoolWorker-N`, as
 * Python's Pool renames its processes, instead of the executor's
 * `SpawnProcess-N`.
 */
export const poolWorkerNames: unique symbol = Symbol("poolWorkerNames");

/**
 * `executor[brokenByDeaths]` is true once `maxConsecutiveDeaths` workers
 * dying in a row broke the pool (not a failed initializer, after which
 * Pool starts a new set of workers).
 */
export const brokenByDeaths: unique symbol = Symbol("brokenByDeaths");
