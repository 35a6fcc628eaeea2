// Copyright 2026 the @skein/concurrent authors. MIT license.
// What wait() and asCompleted() need of a Future beyond Python's API;
// filled by future.ts's static block.
import type { Future } from "./future.ts";

export const futureInternals = {} as {
  /** Calls `waiter` once waiters see the future as done (see below). */
  onNotified<T>(future: Future<T>, waiter: () => void): void;
  /** Finished, or cancelled and notified, as Python's waiters count it. */
  isDoneForWaiters<T>(future: Future<T>): boolean;
  /** Whether it finished with an exception. */
  failed<T>(future: Future<T>): boolean;
};
