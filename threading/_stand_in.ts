// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread objects for threads that no Thread started: the main thread, and
// workers that run pool tasks (Python's _MainThread and _DummyThread, and
// the named threads of a ThreadPoolExecutor, see _pool_thread.ts).
import { Thread } from "./thread.ts";
import { RUNNING, STATE, threadInternals } from "./_thread_state.ts";

/** A running Thread object for a thread that already exists. */
export function standIn(name: string, ident: number, nativeId: number): Thread {
  const thread = new Thread({ name, daemon: false });
  const cell = new Int32Array(new SharedArrayBuffer(8));
  cell[STATE] = RUNNING;
  threadInternals.adopt(thread, ident, nativeId, cell);
  return thread;
}
