// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import type { GetOptions, PutOptions } from "../queue/mod.ts";
import {
  autoProxy,
  BaseProxy,
  PROXY_TAG,
  type ProxyToken,
} from "./base_proxy.ts";
import {
  type ProxyClass,
  type ProxyTypes,
  setProxyTypes,
} from "./_proxy_types.ts";
import type { ProcessAcquireOptions } from "./synchronize.ts";
import type { ProcessEventWaitOptions } from "./event.ts";

/**
 * A proxy of a dict held by a manager, as Python's `DictProxy`. Python's
 * operators are methods: `d[k]` is `getItem(k)` (a `KeyError` when
 * missing), `d[k] = v` is `setItem(k, v)`, `del d[k]` is `delItem(k)`,
 * `k in d` is `has(k)`, `len(d)` is `len()`. Keys are compared as values
 * when they are primitives (a string, a number, ...).
 *
 * @typeParam K The keys' type.
 * @typeParam V The values' type.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const d = await manager.dict<string, number>();
 * await d.setItem("a", 1);
 * assert.equal(await d.get("b", 2), 2);
 * assert.deepEqual(await d.items(), [["a", 1]]);
 * ```
 */
export class DictProxy<K = unknown, V = unknown> extends BaseProxy {
  /** `d[key]`; a `KeyError` when missing. @param key The key. @returns The value. */
  getItem(key: K): Promise<V> {
    return this.callMethod("getItem", [key]) as Promise<V>;
  }
  /** `d[key] = value`. @param key The key. @param value The value. @returns When done. */
  setItem(key: K, value: V): Promise<void> {
    return this.callMethod("setItem", [key, value]) as Promise<void>;
  }
  /** `del d[key]`; a `KeyError` when missing. @param key The key. @returns When done. */
  delItem(key: K): Promise<void> {
    return this.callMethod("delItem", [key]) as Promise<void>;
  }
  /** `key in d`. @param key The key. @returns Whether it is there. */
  has(key: K): Promise<boolean> {
    return this.callMethod("has", [key]) as Promise<boolean>;
  }
  /** `len(d)`. @returns The number of keys. */
  len(): Promise<number> {
    return this.callMethod("len") as Promise<number>;
  }
  /**
   * `d.get(key, default)`.
   *
   * @param key The key.
   * @param fallback What to return when missing (`null`, as Python's None).
   * @returns The value or the fallback.
   */
  get(key: K, fallback: V | null = null): Promise<V | null> {
    return this.callMethod("get", [key, fallback]) as Promise<V | null>;
  }
  /** `list(d.keys())`. @returns The keys, in insertion order. */
  keys(): Promise<K[]> {
    return this.callMethod("keys") as Promise<K[]>;
  }
  /** `list(d.values())`. @returns The values. */
  values(): Promise<V[]> {
    return this.callMethod("values") as Promise<V[]>;
  }
  /** `list(d.items())`. @returns The key-value pairs. */
  items(): Promise<[K, V][]> {
    return this.callMethod("items") as Promise<[K, V][]>;
  }
  /** `d.clear()`. @returns When done. */
  clear(): Promise<void> {
    return this.callMethod("clear") as Promise<void>;
  }
  /** `d.copy()`. @returns A copy, as a Map. */
  copy(): Promise<Map<K, V>> {
    return this.callMethod("copy") as Promise<Map<K, V>>;
  }
  /**
   * `d.pop(key[, default])`.
   *
   * @param key The key.
   * @param fallback What to return when missing; without it, a `KeyError`.
   * @returns The value removed, or the fallback.
   */
  pop(key: K, ...fallback: [] | [V]): Promise<V> {
    return this.callMethod("pop", [key, ...fallback]) as Promise<V>;
  }
  /** `d.popitem()`: the last pair; a `KeyError` when empty. @returns The pair. */
  popitem(): Promise<[K, V]> {
    return this.callMethod("popitem") as Promise<[K, V]>;
  }
  /**
   * `d.setdefault(key, default)`.
   *
   * @param key The key.
   * @param fallback The value to set when missing.
   * @returns The value now at `key`.
   */
  setdefault(key: K, fallback: V | null = null): Promise<V | null> {
    return this.callMethod("setdefault", [key, fallback]) as Promise<V | null>;
  }
  /**
   * `d.update(other)`.
   *
   * @param other A Map, an object, or an array of pairs.
   * @returns When done.
   */
  update(other: Map<K, V> | Record<string, V> | [K, V][]): Promise<void> {
    return this.callMethod("update", [other]) as Promise<void>;
  }
}

/**
 * A proxy of a list held by a manager, as Python's `ListProxy`: `l[i]` is
 * `getItem(i)` (negative from the end; an `IndexError` out of range),
 * `l[i] = v` is `setItem(i, v)`, `del l[i]` is `delItem(i)`, `x in l` is
 * `has(x)`, `l[:]` is `copy()`.
 *
 * @typeParam T The items' type.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const l = await manager.list([3, 1, 2]);
 * await l.sort();
 * await l.append(4);
 * assert.deepEqual(await l.copy(), [1, 2, 3, 4]);
 * assert.equal(await l.getItem(-1), 4);
 * ```
 */
export class ListProxy<T = unknown> extends BaseProxy {
  /** `l[index]`. @param index The index. @returns The item. */
  getItem(index: number): Promise<T> {
    return this.callMethod("getItem", [index]) as Promise<T>;
  }
  /** `l[index] = value`. @param index The index. @param value The item. @returns When done. */
  setItem(index: number, value: T): Promise<void> {
    return this.callMethod("setItem", [index, value]) as Promise<void>;
  }
  /** `del l[index]`. @param index The index. @returns When done. */
  delItem(index: number): Promise<void> {
    return this.callMethod("delItem", [index]) as Promise<void>;
  }
  /** `value in l`. @param value The item. @returns Whether it is there. */
  has(value: T): Promise<boolean> {
    return this.callMethod("has", [value]) as Promise<boolean>;
  }
  /** `len(l)`. @returns The length. */
  len(): Promise<number> {
    return this.callMethod("len") as Promise<number>;
  }
  /** `l.append(value)`. @param value The item. @returns When done. */
  append(value: T): Promise<void> {
    return this.callMethod("append", [value]) as Promise<void>;
  }
  /** `l.extend(values)`. @param values The items. @returns When done. */
  extend(values: readonly T[]): Promise<void> {
    return this.callMethod("extend", [values]) as Promise<void>;
  }
  /** `l.insert(index, value)`. @param index Where. @param value The item. @returns When done. */
  insert(index: number, value: T): Promise<void> {
    return this.callMethod("insert", [index, value]) as Promise<void>;
  }
  /** `l.pop(index)`; an `IndexError` when empty. @param index Which (the last by default). @returns The item. */
  pop(index = -1): Promise<T> {
    return this.callMethod("pop", [index]) as Promise<T>;
  }
  /** `l.remove(value)`; a `ValueError` when absent. @param value The item. @returns When done. */
  remove(value: T): Promise<void> {
    return this.callMethod("remove", [value]) as Promise<void>;
  }
  /** `l.index(value)`; a `ValueError` when absent. @param value The item. @returns Its first index. */
  index(value: T): Promise<number> {
    return this.callMethod("index", [value]) as Promise<number>;
  }
  /** `l.count(value)`. @param value The item. @returns How many are equal to it. */
  count(value: T): Promise<number> {
    return this.callMethod("count", [value]) as Promise<number>;
  }
  /** `l.reverse()`. @returns When done. */
  reverse(): Promise<void> {
    return this.callMethod("reverse") as Promise<void>;
  }
  /**
   * `l.sort(reverse=...)`, in Python's order (a `TypeError` for items that
   * cannot be ordered, the list unchanged).
   *
   * @param options `reverse`.
   * @returns When done.
   */
  sort(options: { reverse?: boolean } = {}): Promise<void> {
    return this.callMethod("sort", [options]) as Promise<void>;
  }
  /** `l[:]`. @returns A copy of the items. */
  copy(): Promise<T[]> {
    return this.callMethod("copy") as Promise<T[]>;
  }
}

/**
 * A proxy of a Namespace held by a manager, as Python's
 * `NamespaceProxy`: `ns.x` is `getAttr("x")` (an `AttributeError` when
 * missing), `ns.x = v` is `setAttr("x", v)`, `del ns.x` is `delAttr("x")`,
 * and `print(ns)` is `console.log(ns)`, which prints `Namespace(x=1, y=2)`
 * (the referent's repr, from the server; `ns.repr()` is the proxy's).
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const ns = await manager.Namespace({ x: 1 });
 * await ns.setAttr("y", 2);
 * assert.deepEqual(await ns.toObject(), { x: 1, y: 2 });
 * ```
 */
export class NamespaceProxy extends BaseProxy {
  /** `ns.<name>`. @param name The attribute. @returns Its value. */
  getAttr(name: string): Promise<unknown> {
    return this.callMethod("getAttr", [name]);
  }
  /** `ns.<name> = value`. @param name The attribute. @param value Its value. @returns When done. */
  setAttr(name: string, value: unknown): Promise<void> {
    return this.callMethod("setAttr", [name, value]) as Promise<void>;
  }
  /** `del ns.<name>`. @param name The attribute. @returns When done. */
  delAttr(name: string): Promise<void> {
    return this.callMethod("delAttr", [name]) as Promise<void>;
  }
  /** `vars(ns)`. @returns The attributes. */
  toObject(): Promise<Record<string, unknown>> {
    return this.callMethod("toObject") as Promise<Record<string, unknown>>;
  }
}

/**
 * A proxy of a value held by a manager, as Python's `ValueProxy`.
 *
 * @typeParam T The value's type.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const v = await manager.Value("i", 1);
 * await v.set(2);
 * assert.equal(await v.get(), 2);
 * ```
 */
export class ValueProxy<T = unknown> extends BaseProxy {
  /** The value. @returns It. */
  get(): Promise<T> {
    return this.callMethod("get") as Promise<T>;
  }
  /** Sets the value. @param value The new value. @returns When done. */
  set(value: T): Promise<void> {
    return this.callMethod("set", [value]) as Promise<void>;
  }
}

/**
 * A proxy of an array of numbers held by a manager, as Python's
 * `ArrayProxy`.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const a = await manager.Array("i", [1, 2, 3]);
 * await a.setItem(0, 9);
 * assert.deepEqual(await a.copy(), [9, 2, 3]);
 * ```
 */
export class ArrayProxy extends BaseProxy {
  /** `len(a)`. @returns The length. */
  len(): Promise<number> {
    return this.callMethod("len") as Promise<number>;
  }
  /** `a[index]`. @param index The index. @returns The item. */
  getItem(index: number): Promise<number | bigint> {
    return this.callMethod("getItem", [index]) as Promise<number | bigint>;
  }
  /** `a[index] = value`. @param index The index. @param value The number. @returns When done. */
  setItem(index: number, value: number | bigint): Promise<void> {
    return this.callMethod("setItem", [index, value]) as Promise<void>;
  }
  /** `a[:]`. @returns The items. */
  copy(): Promise<(number | bigint)[]> {
    return this.callMethod("copy") as Promise<(number | bigint)[]>;
  }
}

/**
 * A proxy of a queue held by a manager (Python proxies `queue.Queue`):
 * `put` and `get` wait in the server without holding up other proxies.
 *
 * @typeParam T The items' type.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const q = await manager.Queue<string>();
 * await q.put("x");
 * assert.equal(await q.get({ timeout: 5 }), "x");
 * assert.equal(await q.empty(), true);
 * ```
 */
export class QueueProxy<T = unknown> extends BaseProxy {
  /** Puts `item`. @param item The item. @param options `block` and `timeout`. @returns When put. */
  put(item: T, options: Omit<PutOptions, "signal"> = {}): Promise<void> {
    return this.callMethod("put", [item, options]) as Promise<void>;
  }
  /** Takes the next item. @param options `block` and `timeout`. @returns The item. */
  get(options: Omit<GetOptions, "signal"> = {}): Promise<T> {
    return this.callMethod("get", [options]) as Promise<T>;
  }
  /** `put` without waiting: `Full` when full. @param item The item. @returns When put. */
  putNowait(item: T): Promise<void> {
    return this.callMethod("putNowait", [item]) as Promise<void>;
  }
  /** `get` without waiting: `Empty` when empty. @returns The item. */
  getNowait(): Promise<T> {
    return this.callMethod("getNowait") as Promise<T>;
  }
  /** The approximate size. @returns It. */
  qsize(): Promise<number> {
    return this.callMethod("qsize") as Promise<number>;
  }
  /** Whether it is empty (approximately). @returns It. */
  empty(): Promise<boolean> {
    return this.callMethod("empty") as Promise<boolean>;
  }
  /** Whether it is full (approximately). @returns It. */
  full(): Promise<boolean> {
    return this.callMethod("full") as Promise<boolean>;
  }
}

/**
 * A proxy of a joinable queue held by a manager.
 *
 * @typeParam T The items' type.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const q = await manager.JoinableQueue<number>();
 * await q.put(1);
 * assert.equal(await q.get(), 1);
 * await q.taskDone();
 * await q.join();
 * ```
 */
export class JoinableQueueProxy<T = unknown> extends QueueProxy<T> {
  /** Marks a task gotten with `get` done. @returns When done. */
  taskDone(): Promise<void> {
    return this.callMethod("taskDone") as Promise<void>;
  }
  /** Waits until every item put has been marked done. @returns Then. */
  join(): Promise<void> {
    return this.callMethod("join") as Promise<void>;
  }
}

/**
 * A proxy of a lock or semaphore held by a manager, as Python's
 * `AcquirerProxy`: `await using _ = await lock.enter()` is Python's
 * `with lock:`.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const lock = await manager.Lock();
 * assert.equal(await lock.acquire(), true);
 * assert.equal(await lock.acquire({ timeout: 0.01 }), false);
 * await lock.release();
 * ```
 */
export class AcquirerProxy extends BaseProxy {
  /** Takes it. @param options `blocking` and `timeout`. @returns Whether it was taken. */
  acquire(options: ProcessAcquireOptions = {}): Promise<boolean> {
    return this.callMethod("acquire", [options]) as Promise<boolean>;
  }
  /** Releases it. @returns When done. */
  release(): Promise<void> {
    return this.callMethod("release") as Promise<void>;
  }
  /**
   * Takes it and returns a guard whose async dispose releases it.
   *
   * @returns The guard.
   */
  async enter(): Promise<AsyncDisposable> {
    await this.acquire();
    return { [Symbol.asyncDispose]: () => this.release() };
  }
}

/**
 * A proxy of an event held by a manager, as Python's `EventProxy`.
 *
 * @example Usage
 * ```ts
 * import { SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const event = await manager.Event();
 * assert.equal(await event.wait({ timeout: 0.01 }), false);
 * await event.set();
 * assert.equal(await event.isSet(), true);
 * ```
 */
export class EventProxy extends BaseProxy {
  /** Whether the flag is set. @returns It. */
  isSet(): Promise<boolean> {
    return this.callMethod("isSet") as Promise<boolean>;
  }
  /** Sets the flag. @returns When done. */
  set(): Promise<void> {
    return this.callMethod("set") as Promise<void>;
  }
  /** Clears the flag. @returns When done. */
  clear(): Promise<void> {
    return this.callMethod("clear") as Promise<void>;
  }
  /** Waits for the flag. @param options A `timeout` in seconds. @returns The flag. */
  wait(options: ProcessEventWaitOptions = {}): Promise<boolean> {
    return this.callMethod("wait", [options]) as Promise<boolean>;
  }
}

const KINDS: Record<string, ProxyClass> = {
  dict: DictProxy,
  list: ListProxy,
  Namespace: NamespaceProxy,
  Value: ValueProxy,
  Array: ArrayProxy,
  Queue: QueueProxy,
  JoinableQueue: JoinableQueueProxy,
  Lock: AcquirerProxy,
  Semaphore: AcquirerProxy,
  BoundedSemaphore: AcquirerProxy,
  Event: EventProxy,
};

/**
 * The proxy of `token`: the class registered for its typeid in `types`
 * (register's `proxytype`), else its built-in class, else an AutoProxy;
 * it keeps `types` for the proxies its methods return.
 */
export function makeProxy(
  token: ProxyToken,
  types: Readonly<Record<string, new (token: ProxyToken) => BaseProxy>> = {},
): BaseProxy {
  setProxyTypes(token, types);
  const Kind = types[token.typeid] ?? KINDS[token.typeid];
  return Kind === undefined ? autoProxy(token) : new Kind(token);
}

registerShareable(PROXY_TAG, import.meta.url, (state) => {
  const { token, types } = state.data as {
    token: ProxyToken;
    types: ProxyTypes;
  };
  return makeProxy(token, types);
});
