// Copyright 2026 the @skein/concurrent authors. MIT license.
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../_internal/shareable.ts";
import {
  mayExportSync,
  programMainModule,
  registeredModules,
} from "../_internal/ship.ts";
import { locals } from "./_thread_state.ts";

const TAG = "threading.local";

// What crosses for a `local`: its id, and for a subclass the class and the
// arguments its constructor was given (Python keeps them to re-run
// `__init__` in each thread).
type LocalData = string | readonly [string, LocalClass, readonly unknown[]];
type LocalClass = new (...args: unknown[]) => local;

// The id and class of the instance being rebuilt in this thread: local's
// constructor takes that id instead of making a new one.
let adopting: { id: string; cls: LocalClass } | undefined;

/**
 * Thread-local data, as Python's `threading.local`: each thread sees its own
 * attributes on the same `local` object. Set any property on it.
 *
 * Threads are workers here, so a `local` made at a module's top level is
 * already a separate object in each thread; what this class adds is that a
 * `local` passed to a thread arrives there empty (and as one object however
 * often it is passed), and that a thread's values are cleared when it ends,
 * before its worker is reused for another thread. A `ThreadPoolExecutor`'s
 * thread keeps its values from one task to the next, as Python's pool
 * threads do, until the pool lets its worker go.
 *
 * A subclass behaves as in Python: its constructor (Python's `__init__`)
 * runs again, with the arguments it was first given, in each thread the
 * object arrives in, so defaults it sets and its methods are there in every
 * thread. For that the subclass must be exported by a module (the main
 * module, or one given to {@linkcode registerModule}), which the thread
 * imports to find it, and its constructor must pass its arguments on to
 * `super(...args)`: they are what `local` keeps. They must be able to cross
 * to another thread. `local` itself takes no arguments.
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
 *
 * @example A subclass keeps its constructor's arguments
 * ```ts
 * import { local } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * // Export it from the main module (or a registered one): each thread it
 * // is passed to imports it and runs this constructor again with
 * // { color: "red" }, so there `color` is "red" and squared() works.
 * // (examples/python_docs/threading_local.ts runs this across threads.)
 * export class MyLocal extends local {
 *   declare color: string;
 *   number = 2;
 *   constructor(kw: { color: string }) {
 *     super(kw); // what local keeps for the other threads
 *     Object.assign(this, kw);
 *   }
 *   squared(): number {
 *     return this.number ** 2;
 *   }
 * }
 *
 * const mydata = new MyLocal({ color: "red" });
 * assert.equal(mydata.color, "red");
 * assert.equal(mydata.squared(), 4);
 * assert.throws(() => new local({ color: "red" }), TypeError);
 * ```
 */
export class local {
  /** The attributes this thread has set. */
  [key: string]: unknown;

  /**
   * Makes an empty thread-local namespace. A subclass passes its
   * constructor's arguments here, to have them again in each thread.
   *
   * @param args A subclass's constructor arguments; none for `local`
   * itself.
   * @throws {TypeError} If `local` itself is given arguments, as Python's
   * "Initialization arguments are not supported".
   */
  constructor(...args: unknown[]) {
    if (new.target === local && args.length > 0) {
      throw new TypeError(
        `Cannot create local as it takes no arguments: received ${args.length} (initialization arguments are only kept for a subclass, whose constructor passes them to super(...args))`,
      );
    }
    let id: string;
    if (adopting !== undefined && new.target === adopting.cls) {
      id = adopting.id;
      adopting = undefined;
    } else id = crypto.randomUUID();
    const cls = new.target as LocalClass;
    const kept = [...args];
    Object.defineProperty(this, toShared, {
      value: (): SharedState => ({
        tag: TAG,
        buffers: [],
        data: cls === local ? id : [id, exportedClass(cls), kept],
      }),
    });
    locals.set(id, new WeakRef(this));
  }
}

// `cls`, when a module the other side searches exports it.
function exportedClass(cls: LocalClass): LocalClass {
  const modules = [...registeredModules(), programMainModule()];
  if (cls.name === "" || !modules.some((url) => mayExportSync(url, cls.name))) {
    throw new TypeError(
      `Cannot send an instance of local subclass '${
        cls.name || "(anonymous)"
      }' to another thread as no module exports the class, and the thread must import it to run its constructor there: export the class from ${
        modules.join(" or ")
      } (a module other than the main one also calls registerModule(import.meta.url))`,
    );
  }
  return cls;
}

registerShareable(TAG, import.meta.url, (state) => {
  const data = state.data as LocalData;
  const id = typeof data === "string" ? data : data[0];
  const known = locals.get(id)?.deref();
  if (known !== undefined) return known;
  if (typeof data !== "string") {
    // A subclass: its constructor runs again here, as Python re-runs
    // `__init__` with the original arguments in each thread.
    const [, cls, args] = data;
    adopting = { id, cls };
    try {
      return Reflect.construct(cls, args) as local;
    } catch (error) {
      locals.delete(id);
      throw error;
    } finally {
      adopting = undefined;
    }
  }
  const fresh = Object.create(local.prototype) as local;
  Object.defineProperty(fresh, toShared, {
    value: (): SharedState => ({ tag: TAG, buffers: [], data: id }),
  });
  locals.set(id, new WeakRef(fresh));
  return fresh;
});
