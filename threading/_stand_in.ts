// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread objects made after the fact: for threads that no Thread started
// (the main thread, and workers that run pool tasks: Python's _MainThread
// and _DummyThread, and the named threads of a ThreadPoolExecutor, see
// _pool_thread.ts), and for a started Thread in its worker, whose target
// runs before its object is made (see _thread_main.ts).
import { Thread } from "./thread.ts";
import {
  type PendingThread,
  RUNNING,
  STATE,
  threadInternals,
} from "./_thread_state.ts";

/** A running Thread object for a thread that already exists. */
export function standIn(name: string, ident: number, nativeId: number): Thread {
  return madeLate({ name, ident, daemon: false }, nativeId);
}

/** The Thread object of `pending`, running in the worker `nativeId`. */
export function madeLate(pending: PendingThread, nativeId: number): Thread {
  const { name, daemon, target, args, kwargs } = pending;
  const thread = new Thread({
    name,
    daemon,
    ...(target === undefined ? {} : { target }),
    ...(args === undefined ? {} : { args }),
    ...(kwargs === undefined ? {} : { kwargs }),
  });
  let cell = pending.cell;
  if (cell === undefined) {
    cell = new Int32Array(new SharedArrayBuffer(8));
    cell[STATE] = RUNNING;
  }
  threadInternals.adopt(thread, pending.ident, nativeId, cell);
  return thread;
}
