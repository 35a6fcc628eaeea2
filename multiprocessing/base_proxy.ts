// Copyright 2026 the @skein/concurrent authors. MIT license.
import { toProcess } from "../_internal/portable.ts";
import { clientFor } from "./_manager_client.ts";
import {
  customInspect,
  objectId,
  pyRepr,
  reprMethod,
} from "../_internal/py_repr.ts";
import { referentReprSync } from "./_proxy_str.ts";
import { crossingTypes, ProxyReply, proxyTypesOf } from "./_proxy_types.ts";
import type { ManagerAddress } from "./connection/_socket.ts";

export type { ManagerAddress } from "./connection/_socket.ts";

/** The tag under which proxies cross to other processes. */
export const PROXY_TAG = "multiprocessing.managers.Proxy";

/**
 * What identifies a managed object, as Python's `Token`: its manager's
 * address, its type and its id there, and the methods a proxy may call.
 */
export interface ProxyToken {
  /** The registered type's name, e.g. `"dict"`. */
  readonly typeid: string;
  /** The server's id of the object. */
  readonly id: string;
  /** The manager's address. */
  readonly address: ManagerAddress;
  /** The key that opens a connection to the manager. */
  readonly authkey: Uint8Array;
  /** The methods a proxy may call. */
  readonly exposed: readonly string[];
}

/**
 * A reference to an object held by a manager's server process, as
 * Python's `multiprocessing.managers.BaseProxy`: each method call is a
 * request to the server, so it returns a promise. Passed to a child
 * process (as an argument, or inside a queue item or another managed
 * object), it refers to the same object there. Printed (`String(proxy)`,
 * `console.log(proxy)`), it shows the referent's repr, asked of the server,
 * as Python's `print(proxy)`; `repr()` describes the proxy itself.
 *
 * @example Call a managed object's method
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const d = await manager.dict();
 * await d.callMethod("setItem", ["a", 1]); // Python's _callmethod
 * assert.equal(await d.getItem("a"), 1);
 * assert.equal(await d.callMethod("__len__"), 1);
 * assert.equal(await d.callMethod("__getitem__", ["a"]), 1);
 * assert.equal(await d.callMethod("__repr__"), "{'a': 1}");
 * ```
 */
export class BaseProxy {
  /**
   * The methods a proxy of this class may call, as Python's class
   * attribute `_exposed_`: `BaseManager.register()` takes it when its
   * `exposed` option is not given.
   */
  static _exposed_?: readonly string[];
  /**
   * Which methods' results become proxies of which registered typeid, as
   * Python's class attribute `_method_to_typeid_`: `BaseManager.register()`
   * takes it when its `methodToTypeid` option is not given.
   */
  static _methodToTypeid_?: Readonly<Record<string, string>>;

  readonly #token: ProxyToken;

  /**
   * Makes a proxy of the object `token` names (the manager makes them).
   *
   * @param token The object's token.
   */
  constructor(token: ProxyToken) {
    this.#token = token;
  }

  /** The object's registered type. */
  get typeid(): string {
    return this.#token.typeid;
  }

  /**
   * The methods this proxy may call (Python's `proxy._exposed_`): the
   * registered `exposed`, or the referent's public methods, with the
   * methods of `methodToTypeid`.
   */
  get _exposed_(): readonly string[] {
    return this.#token.exposed;
  }

  /**
   * Calls `method` of the referent with `args` in the server, as Python's
   * `_callmethod`. Python's operator names work where Python's proxies
   * expose them: `__len__`, `__getitem__`, `__setitem__`, `__delitem__`,
   * `__contains__` on a dict, list or Array proxy; `__add__`, `__iadd__`,
   * `__mul__`, `__rmul__`, `__imul__`, `__reversed__` on a list proxy;
   * `__getattribute__`, `__setattr__`, `__delattr__` on a Namespace
   * proxy; and `__repr__` and `__str__` on every proxy (the referent's
   * Python repr). (A dict's `__iter__`, an iterator proxy in Python, is
   * not offered: `keys()` gives the keys.)
   *
   * A method that register's `methodToTypeid` maps to a typeid returns a
   * proxy of its result (held by the server as an object of that typeid),
   * of the proxy class registered for it. `__next__` on a JavaScript
   * iterator or generator is its `next()`, and the end of the iteration
   * is a {@linkcode StopIteration}, as Python's.
   *
   * @param method A method the referent exposes.
   * @param args Its arguments; they cross through the wire codec.
   * @returns The method's result, copied back, or a proxy of it.
   * @throws {AttributeError} If `method` is not exposed.
   * @throws The method's error, as its own class when the package knows it.
   */
  async callMethod(
    method: string,
    args: readonly unknown[] = [],
  ): Promise<unknown> {
    const { address, authkey, id } = this.#token;
    const result = await clientFor(address, authkey)
      .request("call", id, method, args);
    if (!(result instanceof ProxyReply)) return result;
    const { makeProxy } = await import("./proxies.ts"); // it imports this one
    const { typeid, id: rid, exposed } = result;
    const token: ProxyToken = { typeid, id: rid, address, authkey, exposed };
    return makeProxy(token, proxyTypesOf(this.#token));
  }

  /**
   * Python's spelling of {@linkcode BaseProxy.prototype.callMethod}, for
   * proxy classes ported from Python (`return this._callmethod("__next__")`).
   *
   * @param method A method the referent exposes.
   * @param args Its arguments.
   * @returns The method's result, or a proxy of it.
   * @throws {AttributeError} If `method` is not exposed.
   *
   * @example A proxy class, as Python's `BaseProxy` subclasses
   * ```ts
   * import { BaseManager, BaseProxy } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * class CounterProxy extends BaseProxy {
   *   static override _exposed_ = ["add"];
   *   add(k: number): Promise<number> {
   *     return this._callmethod("add", [k]) as Promise<number>;
   *   }
   * }
   * class MyManager extends BaseManager {}
   * MyManager.register("Counter", () => {
   *   let n = 0;
   *   return { add: (k: number) => n += k, reset: () => n = 0 };
   * }, { proxytype: CounterProxy });
   *
   * await using manager = new MyManager();
   * await manager.start();
   * const counter = await manager.create("Counter") as unknown as CounterProxy;
   * assert.ok(counter instanceof CounterProxy);
   * await counter.add(2);
   * assert.equal(await counter.add(3), 5);
   * assert.deepEqual(counter._exposed_, ["add"]);
   * ```
   */
  _callmethod(method: string, args: readonly unknown[] = []): Promise<unknown> {
    return this.callMethod(method, args);
  }

  /**
   * Python's `str(proxy)`, awaited: the referent's repr, asked of the
   * server, as `{'a': 1}` for a dict, `[1, 2]` for a list, `Namespace(x=10,
   * y='hello')`, `Value('i', 1)`; when that fails (the manager is gone),
   * this proxy's repr with `; '__str__()' failed`, as Python's.
   * `String(proxy)` gives the same without awaiting, blocking this thread
   * for the round trip (see {@linkcode BaseProxy.prototype.toString}).
   *
   * @returns The referent's repr.
   *
   * @example Printing a Namespace as Python's `print(ns)`
   * ```ts
   * import { SyncManager } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * await using manager = new SyncManager();
   * await manager.start();
   * const ns = await manager.Namespace({ y: "hello", x: 10 });
   * assert.equal(await ns.str(), "Namespace(x=10, y='hello')");
   * assert.equal(String(ns), "Namespace(x=10, y='hello')");
   * ```
   */
  async str(): Promise<string> {
    try {
      return String(await this.callMethod("__repr__"));
    } catch {
      return this.#failed();
    }
  }

  /**
   * Python's `repr(proxy)`: `<DictProxy object, typeid 'dict' at 0x1>`,
   * where the address is an id that is the same for the proxy's whole
   * life. It describes the proxy, not the referent (that is
   * {@linkcode BaseProxy.prototype.str}), and asks nothing of the server.
   *
   * @returns The proxy's repr.
   *
   * @example The proxy's repr, and the referent's
   * ```ts
   * import { SyncManager } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * await using manager = new SyncManager();
   * await manager.start();
   * const l = await manager.list([0, 1, 4]);
   * assert.match(l.repr(), /^<ListProxy object, typeid 'list' at 0x[0-9a-f]+>$/);
   * assert.equal(`${l}`, "[0, 1, 4]");
   * ```
   */
  repr(): string {
    return `<${this.constructor.name} object, typeid ${
      pyRepr(this.#token.typeid)
    } at ${objectId(this)}>`;
  }

  /**
   * Python's `str(proxy)`, as `String(proxy)`, `` `${proxy}` ``,
   * `console.log(proxy)` and `Deno.inspect(proxy)` give it: the
   * referent's repr, asked of the server, as
   * {@linkcode BaseProxy.prototype.str}. As the answer comes from another
   * process, this thread blocks for the round trip (a worker thread asks
   * while it waits in `Atomics.wait`: under a millisecond once that
   * worker runs, close to an awaited `str()`; some 150 ms for a thread's
   * first call, which starts it), as Python's `print(proxy)`
   * blocks. A server listening in this thread
   * (`getServer().serveForever()`) cannot answer while the thread is
   * blocked: its referents are read directly. When the server cannot
   * answer (it is gone, or says nothing in 10 seconds), the result is
   * this proxy's repr with `; '__str__()' failed`, as Python's.
   *
   * @returns The referent's repr.
   *
   * @example Python's `print(d)`
   * ```ts
   * import { SyncManager } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * const manager = new SyncManager();
   * await manager.start();
   * const d = await manager.dict<number | string, string | null>();
   * await d.setItem(1, "1");
   * await d.setItem(0.25, null);
   * console.log(d); // {1: '1', 0.25: None}
   * assert.equal(String(d), "{1: '1', 0.25: None}");
   * assert.equal(Deno.inspect(d), "{1: '1', 0.25: None}");
   * await manager.shutdown();
   * assert.equal(String(d), `${d.repr().slice(0, -1)}; '__str__()' failed>`);
   * ```
   */
  toString(): string {
    const { address, authkey, id } = this.#token;
    try {
      return referentReprSync(address, authkey, id);
    } catch {
      return this.#failed();
    }
  }

  /**
   * The referent's repr for `console.log` and `Deno.inspect`, as
   * `toString()`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  /**
   * The proxy's repr where a Python repr is wanted (a proxy inside a
   * list prints as `[<ListProxy object, ...>]`).
   *
   * @ignore
   */
  [reprMethod](): string {
    return this.repr();
  }

  #failed(): string {
    return `${this.repr().slice(0, -1)}; '__str__()' failed>`;
  }

  /**
   * What makes it the same referent in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    const types = crossingTypes(this.#token);
    return { tag: PROXY_TAG, data: { token: this.#token, types } };
  }
}

/**
 * A proxy whose methods are the referent's exposed ones, each returning a
 * promise of its result, as Python's `AutoProxy`.
 *
 * @typeParam T The referent's type.
 */
export type AutoProxy<T> =
  & BaseProxy
  & {
    [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]:
      T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<
          Awaited<R>
        >
        : never;
  };

/** An {@linkcode AutoProxy} for `token`: calls go to its exposed methods. */
export function autoProxy<T>(token: ProxyToken): AutoProxy<T> {
  const base = new BaseProxy(token);
  return new Proxy(base, {
    get(target, key): unknown {
      if (key in target) {
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      if (typeof key === "string" && token.exposed.includes(key)) {
        return (...args: unknown[]) => target.callMethod(key, args);
      }
      return undefined;
    },
  }) as AutoProxy<T>;
}
