// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a thread pool: the bootstrap calls runBatch() (by this
// module's URL and the export's name) with several tasks at once, so a busy
// pool pays one message per batch rather than one per task.
import { callShipped } from "../_internal/call_shipped.ts";
import type { Encoded } from "../_internal/codec.ts";
import type { FunctionRef } from "../_internal/ship.ts";
import { nameWorkerThread } from "../threading/_pool_thread.ts";

/** One task: a shipped function and its encoded arguments. */
export interface PoolTask {
  readonly fn: FunctionRef;
  readonly args: Encoded;
}

// The functions this worker has been sent, by id: a pool sends each once.
const known = new Map<string, FunctionRef>();

/**
 * Runs a batch of tasks one after the other on the pool thread named
 * `name` (what currentThread().name says in a task). The batch is flat, to
 * keep messages small: `refs` are the functions not sent before, `flat` is
 * `[fnId, argsMarked, args, ...]`; the result is `[ok, marked, value, ...]`.
 */
export async function runBatch(
  refs: FunctionRef[],
  flat: unknown[],
  name: string,
): Promise<unknown[]> {
  nameWorkerThread(name);
  for (const ref of refs) known.set(ref.id, ref);
  const out: unknown[] = [];
  for (let i = 0; i < flat.length; i += 3) {
    const ref = known.get(flat[i] as string)!;
    const args = { marked: flat[i + 1] as boolean, value: flat[i + 2] };
    const { ok, value } = await callShipped(ref, args);
    out.push(ok, value.marked, value.value);
  }
  return out;
}
