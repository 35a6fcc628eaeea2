// Copyright 2026 the @skein/concurrent authors. MIT license.
import { isMainThread, threadId } from "node:worker_threads";
import { currentIdent, MAIN_IDENT } from "../_internal/ident.ts";
import type { Thread } from "./thread.ts";
import { current, started } from "./_thread_state.ts";
import { madeLate, standIn } from "./_stand_in.ts";

let main: Thread | undefined;
let dummy: Thread | undefined;

/**
 * The main thread's {@linkcode Thread} object, as Python's
 * `threading.main_thread()`. In a worker it is a stand-in with the main
 * thread's name and ident.
 *
 * @returns The main thread.
 *
 * @example Usage
 * ```ts
 * import { currentThread, mainThread } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(mainThread().name, "MainThread");
 * assert.equal(currentThread(), mainThread());
 * ```
 */
export function mainThread(): Thread {
  return main ??= standIn("MainThread", MAIN_IDENT, 0);
}

/**
 * The {@linkcode Thread} object of the caller, as Python's
 * `threading.current_thread()`: inside a thread's target it is that thread
 * (the object `run()` was called on), on the main thread `mainThread()`.
 *
 * @returns The current thread.
 *
 * @example Usage
 * ```ts
 * import { currentThread, getIdent } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(currentThread().ident, getIdent());
 * ```
 */
export function currentThread(): Thread {
  if (current.thread !== undefined) return current.thread;
  const pending = current.pending;
  if (pending !== undefined) {
    current.pending = undefined;
    return current.thread = madeLate(pending, threadId);
  }
  if (isMainThread) return mainThread();
  // A worker running pool tasks rather than a Thread (Python's _DummyThread).
  return dummy ??= standIn(`Dummy-${currentIdent()}`, currentIdent(), threadId);
}

/**
 * The current thread's ident, as Python's `threading.get_ident()`: a
 * positive number unique among the running threads of the process (the
 * main thread's is 1).
 *
 * @returns The ident.
 *
 * @example Usage
 * ```ts
 * import { getIdent } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getIdent(), 1);
 * ```
 */
export function getIdent(): number {
  return currentIdent();
}

/**
 * The current thread's native id, as Python's `get_native_id()`: here the
 * `node:worker_threads` `threadId` (0 on the main thread), since Deno does
 * not expose OS thread ids.
 *
 * @returns The native id.
 *
 * @example Usage
 * ```ts
 * import { getNativeId } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getNativeId(), 0);
 * ```
 */
export function getNativeId(): number {
  return threadId;
}

/**
 * The threads alive, as Python's `threading.enumerate()`: the current
 * thread and the threads it started (threads started by other threads are
 * listed by those threads: each worker keeps its own list).
 *
 * @returns The live threads.
 *
 * @example Usage
 * ```ts
 * import { currentThread, enumerate } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.ok(enumerate().includes(currentThread()));
 * ```
 */
export function enumerate(): Thread[] {
  const threads = [currentThread()];
  for (const thread of started) {
    if (thread.isAlive()) threads.push(thread);
    else started.delete(thread);
  }
  return threads;
}

/**
 * How many threads are alive, as Python's `threading.active_count()`: the
 * length of {@linkcode enumerate}'s list.
 *
 * @returns The count.
 *
 * @example Usage
 * ```ts
 * import { activeCount } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(activeCount(), 1);
 * ```
 */
export function activeCount(): number {
  return enumerate().length;
}
