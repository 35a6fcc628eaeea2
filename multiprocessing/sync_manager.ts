// Copyright 2026 the @skein/concurrent authors. MIT license.
import { BaseManager, type BaseManagerOptions } from "./base_manager.ts";
import { BUILTINS } from "./_managed_types.ts";
import type {
  AcquirerProxy,
  ArrayProxy,
  DictProxy,
  EventProxy,
  JoinableQueueProxy,
  ListProxy,
  NamespaceProxy,
  QueueProxy,
  ValueProxy,
} from "./proxies.ts";

/**
 * A manager with Python's shared types, as
 * `multiprocessing.managers.SyncManager`: `dict`, `list`, `Namespace`,
 * `Value`, `Array`, `Queue`, `JoinableQueue`, `Lock`, `Semaphore`,
 * `BoundedSemaphore` and `Event`, each held by the server process and used
 * through a proxy from any process that has it (proxies passed to a child
 * process reach the same objects). `RLock`, `Condition`, `Barrier` and
 * `Pool` are not offered: their ownership is per thread of the caller,
 * which the server cannot see; use the shared-memory `RLock`, `Condition`
 * and `Barrier` of this module instead.
 *
 * A process reaches the server over loopback TCP by default: it needs
 * `--allow-net` for `127.0.0.1`, and a child given a proxy needs it too
 * (pass `permissions: { net: ["127.0.0.1"] }` when this process's grant is
 * limited to some hosts, which a child does not get unless named).
 *
 * @example A dict shared with a child process
 * ```ts
 * import { Process, SyncManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const d = await manager.dict<string, number>();
 * const p = new Process({
 *   target: async (shared: typeof d) => {
 *     await shared.setItem("from child", Deno.pid);
 *   },
 *   args: [d],
 *   permissions: { net: ["127.0.0.1"] },
 * });
 * p.start();
 * await p.join();
 * assert.equal(await d.getItem("from child"), p.pid);
 * ```
 */
export class SyncManager extends BaseManager {
  /**
   * Makes a manager; `start()` starts its server.
   *
   * @param options The `address` and `authkey`.
   */
  constructor(options: BaseManagerOptions = {}) {
    super(options);
  }

  /**
   * A new managed dict.
   *
   * @typeParam K The keys' type.
   * @typeParam V The values' type.
   * @param init Its first entries: a Map, an object or pairs.
   * @returns Its proxy.
   */
  dict<K = unknown, V = unknown>(
    init?: Map<K, V> | Record<string, V> | [K, V][],
  ): Promise<DictProxy<K, V>> {
    return this.#make("dict", init === undefined ? [] : [init]);
  }

  /**
   * A new managed list.
   *
   * @typeParam T The items' type.
   * @param init Its first items.
   * @returns Its proxy.
   */
  list<T = unknown>(init?: readonly T[]): Promise<ListProxy<T>> {
    return this.#make("list", init === undefined ? [] : [init]);
  }

  /**
   * A new managed Namespace.
   *
   * @param init Its first attributes.
   * @returns Its proxy.
   */
  Namespace(init?: Record<string, unknown>): Promise<NamespaceProxy> {
    return this.#make("Namespace", init === undefined ? [] : [init]);
  }

  /**
   * A new managed value.
   *
   * @typeParam T The value's type.
   * @param typecode Python's typecode (kept, not enforced, as Python's).
   * @param value The first value.
   * @returns Its proxy.
   */
  Value<T>(typecode: string, value: T): Promise<ValueProxy<T>> {
    return this.#make("Value", [typecode, value]);
  }

  /**
   * A new managed array of numbers.
   *
   * @param typecode Python's typecode.
   * @param sequence Its items.
   * @returns Its proxy.
   */
  Array(
    typecode: string,
    sequence: readonly (number | bigint)[],
  ): Promise<ArrayProxy> {
    return this.#make("Array", [typecode, sequence]);
  }

  /**
   * A new managed queue.
   *
   * @typeParam T The items' type.
   * @param maxsize Its bound; 0 for none.
   * @returns Its proxy.
   */
  Queue<T = unknown>(maxsize = 0): Promise<QueueProxy<T>> {
    return this.#make("Queue", [maxsize]);
  }

  /**
   * A new managed joinable queue.
   *
   * @typeParam T The items' type.
   * @param maxsize Its bound; 0 for none.
   * @returns Its proxy.
   */
  JoinableQueue<T = unknown>(maxsize = 0): Promise<JoinableQueueProxy<T>> {
    return this.#make("JoinableQueue", [maxsize]);
  }

  /**
   * A new managed lock (`threading.Lock` in the server).
   *
   * @returns Its proxy.
   */
  Lock(): Promise<AcquirerProxy> {
    return this.#make("Lock", []);
  }

  /**
   * A new managed semaphore.
   *
   * @param value Its first value.
   * @returns Its proxy.
   */
  Semaphore(value = 1): Promise<AcquirerProxy> {
    return this.#make("Semaphore", [value]);
  }

  /**
   * A new managed bounded semaphore.
   *
   * @param value Its first and largest value.
   * @returns Its proxy.
   */
  BoundedSemaphore(value = 1): Promise<AcquirerProxy> {
    return this.#make("BoundedSemaphore", [value]);
  }

  /**
   * A new managed event.
   *
   * @returns Its proxy.
   */
  Event(): Promise<EventProxy> {
    return this.#make("Event", []);
  }

  async #make<P>(typeid: string, args: unknown[]): Promise<P> {
    return await this.create(typeid, ...args) as unknown as P;
  }
}

// The server makes these itself (no callable to ship); their methods are
// SyncManager's own.
for (const typeid of Object.keys(BUILTINS)) {
  SyncManager.register(typeid, undefined, { createMethod: false });
}

/**
 * Starts a {@linkcode SyncManager} and returns it, as Python's
 * `multiprocessing.Manager()`.
 *
 * @param options The `address` and `authkey`.
 * @returns The started manager; `shutdown()` (or `await using`) stops it.
 *
 * @example Usage
 * ```ts
 * import { Manager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = await Manager();
 * const l = await manager.list<number>();
 * await l.append(1);
 * assert.equal(await l.len(), 1);
 * ```
 */
export async function Manager(
  options: BaseManagerOptions = {},
): Promise<SyncManager> {
  const manager = new SyncManager(options);
  await manager.start();
  return manager;
}
