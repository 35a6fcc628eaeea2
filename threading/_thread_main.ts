// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a Thread: the worker bootstrap calls runThread() (by
// this module's URL and the export's name) with what Thread.start() sent.
// A target runs before its Thread object is made: currentThread() makes it
// when the target asks, so that a new worker loads thread.ts (and the
// modules it needs) only then, as a pool's worker does. A subclass that
// overrides run() needs its object first (it imports thread.ts anyway).
import { threadId } from "node:worker_threads";
import { decode } from "../_internal/codec.ts";
import { currentIdent } from "../_internal/ident.ts";
import { callForHeapLimit } from "../_internal/heap_limit.ts";
import {
  current,
  FINISHED,
  type PendingThread,
  resetLocals,
  RUNNING,
  STATE,
  threadInternals,
  type ThreadSpec,
} from "./_thread_state.ts";

// Imported by a computed URL: Deno loads the modules of a literal import()
// with the importing module's, before they are asked for.
const SUBCLASS = new URL("./_thread_subclass.ts", import.meta.url).href;
type SubclassModule = typeof import("./_thread_subclass.ts");

/** Runs one Thread in this worker; throws what its run() throws. */
export async function runThread(spec: ThreadSpec): Promise<void> {
  const cell = new Int32Array(spec.cell!);
  // A pool thread that ran in this worker before may have left values.
  resetLocals();
  try {
    if (spec.subclass !== undefined) {
      const { buildSubclass } = await import(SUBCLASS) as SubclassModule;
      const thread = await buildSubclass(spec.name, spec.daemon, spec.subclass);
      threadInternals.adopt(thread, currentIdent(), threadId, cell);
      current.thread = thread;
      current.pending = undefined;
      Atomics.store(cell, STATE, RUNNING);
      await callForHeapLimit(() => thread.run());
      return;
    }
    const pending = await pendingThread(spec, cell);
    current.thread = undefined;
    current.pending = pending;
    Atomics.store(cell, STATE, RUNNING);
    // What Thread's default run() does: target(...args, kwargs?).
    const { target, args = [], kwargs } = pending;
    const callArgs = kwargs === undefined ? args : [...args, kwargs];
    await callForHeapLimit(() => target?.(...callArgs));
  } finally {
    current.thread = undefined;
    current.pending = undefined;
    resetLocals();
    Atomics.store(cell, STATE, FINISHED);
    Atomics.notify(cell, STATE);
  }
}

async function pendingThread(
  spec: ThreadSpec,
  cell: Int32Array,
): Promise<PendingThread> {
  const target = spec.target === undefined
    ? undefined
    : await decode(spec.target) as (...args: unknown[]) => unknown;
  const args = spec.args === undefined ? [] : await decode(spec.args);
  const kwargs = spec.kwargs === undefined
    ? undefined
    : await decode(spec.kwargs) as Record<string, unknown>;
  return {
    name: spec.name,
    ident: currentIdent(),
    daemon: spec.daemon,
    cell,
    target,
    args: args as unknown[],
    kwargs,
  };
}
