// Copyright 2026 the @skein/concurrent authors. MIT license.
// A ProcessPoolExecutor method for multiprocessing.Pool, which starts its
// workers when it is made (their initializer runs even if no task comes),
// where Python's executor starts them when calls come.

/** `executor[startWorkers]()` starts every worker the pool may have. */
export const startWorkers: unique symbol = Symbol("startWorkers");
