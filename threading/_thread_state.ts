// Copyright 2026 the @skein/concurrent authors. MIT license.
// What the threading module keeps per isolate, and the shared cell each
// started Thread has: its life cycle, readable from every thread, so that
// isAlive() and joinSync() need no message from the worker.
import { type Encoded, forgetShared } from "../_internal/codec.ts";
import type { FunctionRef } from "../_internal/ship.ts";
import type { Thread } from "./thread.ts";

/** Index of the life-cycle state in a thread's cell. */
export const STATE = 0;
/** Started, and its worker has not yet begun running it. */
export const STARTING = 0;
/** Running its target in its worker. */
export const RUNNING = 1;
/** Done: returned, raised, or its worker died. */
export const FINISHED = 2;

/**
 * A thread running in this worker whose Thread object is not made yet: a
 * Thread's target, or a pool's tasks, run without it, and currentThread()
 * makes it when one asks (so that a worker loads thread.ts, and the
 * modules it needs, only then).
 */
export interface PendingThread {
  readonly name: string;
  readonly ident: number;
  readonly daemon: boolean;
  /** A started Thread's shared cell; a pool's thread has none. */
  readonly cell?: Int32Array;
  /** A started Thread's target, arguments and keyword arguments. */
  readonly target?: ((...args: unknown[]) => unknown) | undefined;
  readonly args?: unknown[];
  readonly kwargs?: Record<string, unknown> | undefined;
}

/**
 * The Thread this isolate is running (its main thread, or a worker's), or
 * in a worker the `pending` one until currentThread() makes its object.
 */
export const current: {
  thread: Thread | undefined;
  pending: PendingThread | undefined;
} = { thread: undefined, pending: undefined };

/** Threads started from this isolate and not yet seen finished. */
export const started = new Set<Thread>();

/**
 * Private access to Thread's fields for the worker side, filled by
 * thread.ts's static block (a Thread's state stays private to users).
 */
export const threadInternals: {
  /** Makes `thread` the running thread of this worker. */
  adopt(
    thread: Thread,
    ident: number,
    nativeId: number,
    cell: Int32Array,
  ): void;
} = {
  adopt(): void {
    throw new Error("threading/thread.ts was not loaded");
  },
};

/** What a worker needs to run a Thread (see _thread_main.ts). */
export interface ThreadSpec {
  readonly name: string;
  readonly daemon: boolean;
  readonly target?: Encoded | undefined;
  readonly args?: Encoded;
  readonly kwargs?: Encoded | undefined;
  /** An exported Thread subclass that overrides run(), and its fields. */
  readonly subclass?: { readonly cls: FunctionRef; readonly fields: Encoded };
  /** The thread's shared life-cycle cell (added by start()). */
  readonly cell?: SharedArrayBuffer;
}

/** The hook set with setExcepthook(); undefined means the default. */
export const hooks: {
  excepthook: ((args: never) => unknown) | undefined;
} = { excepthook: undefined };

/** The `local` objects of this isolate, emptied when a thread ends here. */
export const locals = new Map<string, WeakRef<object>>();

/**
 * Ends this worker's thread-local state: every `local` is emptied, and the
 * next thread it reaches here gets a new one (a subclass's constructor runs
 * again, as Python's `__init__` in each thread).
 */
export function resetLocals(): void {
  for (const ref of locals.values()) {
    const object = ref.deref() as Record<string, unknown> | undefined;
    if (object !== undefined) {
      for (const key of Object.keys(object)) delete object[key];
      forgetShared(object);
    }
  }
  locals.clear();
}
