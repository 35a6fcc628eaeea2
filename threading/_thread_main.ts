// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a Thread: the worker bootstrap calls runThread() (by
// this module's URL and the export's name) with what Thread.start() sent.
import { threadId } from "node:worker_threads";
import { RuntimeError } from "../errors.ts";
import { decode } from "../_internal/codec.ts";
import { currentIdent } from "../_internal/ident.ts";
import { callForHeapLimit } from "../_internal/heap_limit.ts";
import { findExport } from "../_internal/ship.ts";
import { Thread } from "./thread.ts";
import {
  current,
  FINISHED,
  resetLocals,
  RUNNING,
  STATE,
  threadInternals,
  type ThreadSpec,
} from "./_thread_state.ts";

/** Runs one Thread in this worker; throws what its run() throws. */
export async function runThread(spec: ThreadSpec): Promise<void> {
  const cell = new Int32Array(spec.cell!);
  // A pool thread that ran in this worker before may have left values.
  resetLocals();
  try {
    const thread = await build(spec);
    threadInternals.adopt(thread, currentIdent(), threadId, cell);
    current.thread = thread;
    current.pool = undefined;
    Atomics.store(cell, STATE, RUNNING);
    await callForHeapLimit(() => thread.run());
  } finally {
    current.thread = undefined;
    resetLocals();
    Atomics.store(cell, STATE, FINISHED);
    Atomics.notify(cell, STATE);
  }
}

async function build(spec: ThreadSpec): Promise<Thread> {
  const { name, daemon } = spec;
  if (spec.subclass !== undefined) {
    const cls = await findExport(spec.subclass.cls);
    if (typeof cls !== "function" || !(cls.prototype instanceof Thread)) {
      throw new RuntimeError(
        `Cannot run Thread subclass '${spec.subclass.cls.name}' in a worker as it is not exported from ${
          spec.subclass.cls.modules.join(" or ")
        }: export the class (and call registerModule(import.meta.url) in modules other than the main one)`,
      );
    }
    const thread = Reflect.construct(Thread, [{ name, daemon }], cls) as Thread;
    Object.assign(thread, await decode(spec.subclass.fields));
    return thread;
  }
  const target = spec.target === undefined
    ? undefined
    : await decode(spec.target) as (...args: unknown[]) => unknown;
  const args = spec.args === undefined ? [] : await decode(spec.args);
  const kwargs = spec.kwargs === undefined
    ? undefined
    : await decode(spec.kwargs) as Record<string, unknown>;
  return new Thread({
    ...(target === undefined ? {} : { target }),
    args: args as unknown[],
    ...(kwargs === undefined ? {} : { kwargs }),
    name,
    daemon,
  });
}
