// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread objects for threads that no Thread started: the main thread, and
// workers that run pool tasks (Python's _MainThread and _DummyThread, and
// the named threads of a ThreadPoolExecutor).
import { threadId } from "node:worker_threads";
import { currentIdent } from "../_internal/ident.ts";
import { Thread } from "./thread.ts";
import {
  current,
  resetLocals,
  RUNNING,
  STATE,
  threadInternals,
} from "./_thread_state.ts";

/** A running Thread object for a thread that already exists. */
export function standIn(name: string, ident: number, nativeId: number): Thread {
  const thread = new Thread({ name, daemon: false });
  const cell = new Int32Array(new SharedArrayBuffer(8));
  cell[STATE] = RUNNING;
  threadInternals.adopt(thread, ident, nativeId, cell);
  return thread;
}

/**
 * Names this worker's thread, for a pool's workers: `currentThread().name`.
 * A pool thread new to this worker starts with no `local` values (what an
 * earlier thread of the worker set is not its).
 */
export function nameWorkerThread(name: string): void {
  const ident = currentIdent();
  if (current.thread?.name === name && current.thread.ident === ident) return;
  resetLocals();
  current.thread = standIn(name, ident, threadId);
}
