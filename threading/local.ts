// Copyright 2026 the @skein/concurrent authors. MIT license.
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../_internal/shareable.ts";
import { locals } from "./_thread_state.ts";

const TAG = "threading.local";

/**
 * Thread-local data, as Python's `threading.local`: each thread sees its own
 * attributes on the same `local` object. Set any property on it.
 *
 * Threads are workers here, so a `local` made at a module's top level is
 * already a separate object in each thread; what this class adds is that a
 * `local` passed to a thread arrives there empty (and as one object however
 * often it is passed), and that a thread's values are cleared when it ends,
 * before its worker is reused for another thread. Subclasses are not
 * re-initialised per thread as in Python.
 *
 * @example Each thread has its own values
 * ```ts
 * import { local, Thread } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const data = new local();
 * data.who = "main";
 * const seen = new Int32Array(new SharedArrayBuffer(4));
 * const thread = new Thread({
 *   target: (d: Record<string, unknown>, out: Int32Array) => {
 *     out[0] = d.who === undefined ? 1 : 2;
 *     d.who = "thread";
 *   },
 *   args: [data, seen],
 * });
 * thread.start();
 * await thread.join();
 * assert.equal(seen[0], 1);
 * assert.equal(data.who, "main");
 * ```
 */
export class local {
  /** The attributes this thread has set. */
  [key: string]: unknown;

  /** Makes an empty thread-local namespace. */
  constructor() {
    const id = crypto.randomUUID();
    Object.defineProperty(this, toShared, {
      value: (): SharedState => ({ tag: TAG, buffers: [], data: id }),
    });
    locals.set(id, new WeakRef(this));
  }
}

registerShareable(TAG, import.meta.url, (state) => {
  const id = state.data as string;
  const known = locals.get(id)?.deref();
  if (known !== undefined) return known;
  const fresh = Object.create(local.prototype) as local;
  Object.defineProperty(fresh, toShared, {
    value: (): SharedState => ({ tag: TAG, buffers: [], data: id }),
  });
  locals.set(id, new WeakRef(fresh));
  return fresh;
});
