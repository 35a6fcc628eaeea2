// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a thread pool: the bootstrap calls runBatch() (by this
// module's URL and the export's name) with several tasks at once, so a busy
// pool pays one message per batch rather than one per task.
import { type CallOutcome, callShipped } from "../_internal/call_shipped.ts";
import type { Encoded } from "../_internal/codec.ts";
import type { FunctionRef } from "../_internal/ship.ts";
import { nameWorkerThread } from "../threading/_stand_in.ts";

/** One task: a shipped function and its encoded arguments. */
export interface PoolTask {
  readonly fn: FunctionRef;
  readonly args: Encoded;
}

/** One task's outcome. */
export type PoolOutcome = CallOutcome;

/**
 * Runs the tasks one after the other, each with its own outcome, on the
 * pool thread named `name` (what currentThread().name says in a task).
 */
export async function runBatch(
  tasks: PoolTask[],
  name: string,
): Promise<PoolOutcome[]> {
  nameWorkerThread(name);
  const outcomes: PoolOutcome[] = [];
  for (const task of tasks) {
    outcomes.push(await callShipped(task.fn, task.args));
  }
  return outcomes;
}
