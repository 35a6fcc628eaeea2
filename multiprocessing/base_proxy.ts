// Copyright 2026 the @skein/concurrent authors. MIT license.
import { toProcess } from "../_internal/portable.ts";
import { clientFor } from "./_manager_client.ts";
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
 * object), it refers to the same object there.
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
 * ```
 */
export class BaseProxy {
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
   * Calls `method` of the referent with `args` in the server, as Python's
   * `_callmethod`.
   *
   * @param method A method the referent exposes.
   * @param args Its arguments; they cross through the wire codec.
   * @returns The method's result, copied back.
   * @throws The method's error, as its own class when the package knows it.
   */
  callMethod(method: string, args: readonly unknown[] = []): Promise<unknown> {
    const { address, authkey, id } = this.#token;
    return clientFor(address, authkey).request("call", id, method, args);
  }

  /**
   * A description in Python's form.
   *
   * @returns `<DictProxy object, typeid 'dict' at 1>`.
   */
  toString(): string {
    return `<${this.constructor.name} object, typeid '${this.#token.typeid}' at ${this.#token.id}>`;
  }

  /**
   * What makes it the same referent in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: PROXY_TAG, data: this.#token };
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
