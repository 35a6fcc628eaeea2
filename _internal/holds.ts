// Copyright 2026 the @skein/concurrent authors. MIT license.
// How many worker threads keep this process alive (running non-daemon
// threads), so that a child process can wait for them before it exits, as
// Python's does at exit; a socket's writes in flight count too (Python's
// are in the kernel when `send` returns). Apart from worker_pool.ts, which counts them: a
// child process reads the count without loading node:worker_threads.
import { threadState } from "./thread_state.ts";

const state = threadState("holds", () => ({
  holding: 0,
  none: undefined as PromiseWithResolvers<void> | undefined,
}));

/** Counts a worker that now keeps the process alive. */
export function hold(): void {
  state.holding++;
}

/** Counts it out again. */
export function letGo(): void {
  if (--state.holding === 0 && state.none !== undefined) {
    state.none.resolve();
    state.none = undefined;
  }
}

/** Settles when no worker keeps the process alive. */
export function noneHolding(): Promise<void> {
  if (state.holding === 0) return Promise.resolve();
  state.none ??= Promise.withResolvers();
  return state.none.promise;
}
