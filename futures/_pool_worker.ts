// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a thread pool: the bootstrap calls runBatch() (by this
// module's URL and the export's name) with several tasks at once, so a busy
// pool pays one message per batch rather than one per task.
import { decode, encode, type Encoded } from "../_internal/codec.ts";
import { type FunctionRef, resolveFunction } from "../_internal/ship.ts";
import { nameWorkerThread } from "../threading/_stand_in.ts";

/** One task: a shipped function and its encoded arguments. */
export interface PoolTask {
  readonly fn: FunctionRef;
  readonly args: Encoded;
}

/** One task's outcome: its encoded result, or its encoded exception. */
export interface PoolOutcome {
  readonly ok: boolean;
  readonly value: Encoded;
}

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
    try {
      const fn = await resolveFunction(task.fn);
      const args = await decode(task.args) as unknown[];
      let result = fn(...args);
      if (result instanceof Promise) result = await result;
      outcomes.push({ ok: true, value: encode(result, "result") });
    } catch (error) {
      let value: Encoded;
      try {
        value = encode(error, "exception");
      } catch (encodeError) {
        value = encode(encodeError, "exception");
      }
      outcomes.push({ ok: false, value });
    }
  }
  return outcomes;
}

/** Runs a chunk of calls for map(): the results, or the first exception. */
export async function runChunk(
  fn: (...args: unknown[]) => unknown,
  chunk: unknown[][],
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const args of chunk) {
    let result = fn(...args);
    if (result instanceof Promise) result = await result;
    results.push(result);
  }
  return results;
}
