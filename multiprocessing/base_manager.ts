// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkOptionKeys } from "../_internal/keywords.ts";
import { describe } from "../_internal/describe.ts";
import { hold, release } from "../_internal/wait.ts";
import { RuntimeError } from "../errors.ts";
import { Pipe } from "./connection/connection.ts";
import { ProcessError } from "./errors.ts";
import { Process } from "./process.ts";
import { currentProcess } from "./current_process.ts";
import {
  granted,
  type ProcessPermissions,
} from "../_internal/child_permissions.ts";
import { clientFor, dropClient } from "./_manager_client.ts";
import { checkAddress } from "./connection/_socket.ts";
import { checkAuthkey } from "../_internal/hmac.ts";
import { Server } from "./server.ts";
import type {
  AutoProxy,
  BaseProxy,
  ManagerAddress,
  ProxyToken,
} from "./base_proxy.ts";
import { makeProxy } from "./proxies.ts";
import {
  addCreateMethod,
  addRegistration,
  checkCreateMethod,
  makeRegistration,
  proxyTypesFor,
  registryOf,
  serverRegistry,
} from "./_registry.ts";

/** Options of {@linkcode BaseManager}'s constructor. */
export interface BaseManagerOptions {
  /**
   * Where the server listens (with `start()`) or is (with `connect()`): a
   * Unix socket's path, or `[hostname, port]` for TCP (port 0: any free
   * one).
   *
   * @default {["127.0.0.1", 0]: loopback TCP on a free port}
   */
  address?: ManagerAddress;
  /**
   * The key a connection must prove it holds (HMAC challenge, as Python's).
   *
   * @default {`currentProcess().authkey`, which children inherit}
   */
  authkey?: Uint8Array | string;
}

/** Options of {@linkcode BaseManager.prototype.start}. */
export interface ManagerStartOptions {
  /** The server process's permissions, as a `Process`'s. */
  permissions?: ProcessPermissions;
  /**
   * Called in the server process before it serves, as Python's: an
   * exported function, or one that uses no outer variables.
   */
  initializer?: (...args: never[]) => unknown;
  /**
   * The arguments for `initializer`, copied to the server process.
   *
   * @default {[]}
   */
  initargs?: readonly unknown[];
}

/** Options of {@linkcode BaseManager.register}, as Python's keywords. */
export interface RegisterOptions {
  /**
   * The class of the proxies `create()` returns for this type (Python's
   * `proxytype`): `BaseProxy` or a subclass, whose methods call the
   * referent's with `this._callmethod(name, args)`. The class is
   * constructed in this process, never in the server; a proxy passed to a
   * child process is rebuilt there as this class, which the child imports
   * by module and name, as pickle does: a class used only in this process
   * may be local, one sent to a child must be exported from its module.
   *
   * @default {an AutoProxy, whose methods are the exposed ones}
   */
  proxytype?: typeof BaseProxy;
  /**
   * The methods a proxy may call (Python's `exposed`): others are an
   * `AttributeError`, names starting with `_` included (`_h`), which are
   * otherwise hidden.
   *
   * @default {`proxytype._exposed_`, else the object's public methods (the
   * names not starting with `_`), sorted}
   */
  exposed?: readonly string[];
  /**
   * Which methods return proxies instead of copies (Python's
   * `method_to_typeid`): the server keeps the result of `method` as an
   * object of the registered typeid `methodToTypeid[method]` (a typeid
   * registered without a callable takes the result itself), and the
   * caller gets a proxy of it, of the proxy class registered for that
   * typeid. These methods are exposed too.
   *
   * @default {`proxytype._methodToTypeid_`, else none}
   */
  methodToTypeid?: Readonly<Record<string, string>>;
  /**
   * Whether the manager class gets a method named `typeid` (Python's
   * `create_method`): `manager[typeid](...args)` is
   * `manager.create(typeid, ...args)`. TypeScript does not know of it, so
   * `create()` is the typed way; a typeid that names a member the class
   * has already (`start`, `create`) needs `createMethod: false`.
   *
   * @default {true}
   */
  createMethod?: boolean;
}

type ManagerState = "initial" | "started" | "shutdown";

/** Runs the server in the manager's process (shipped as source text). */
async function runServer(url: string, ...args: unknown[]): Promise<void> {
  const server = await import(url);
  await server.serve(...args);
}

/**
 * A manager, as Python's `multiprocessing.managers.BaseManager`: a server
 * process holds objects, and proxies in any process that can reach its
 * address call their methods there. `register()` adds a type; `start()`
 * starts the server (a daemon child process); `connect()` reaches one
 * started elsewhere; `shutdown()` stops it. A connection must prove it
 * holds `authkey` (Python's HMAC challenge), so one without it is refused
 * with `AuthenticationError`.
 *
 * Deviations: a proxy's method calls return promises; objects live until
 * the manager shuts down (Python frees one when its last proxy is
 * collected); the server's permissions are this process's unless
 * narrowed; `manager.Foo()` (register's `createMethod`) exists but is
 * untyped, so `create("Foo")` is the typed way.
 *
 * @example Register a type and use it from a proxy
 * ```ts
 * import { BaseManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * class MyManager extends BaseManager {}
 * // Made in the server: a function that uses no outer variables.
 * MyManager.register("Counter", () => {
 *   let n = 0;
 *   return { add: (k: number) => n += k };
 * });
 *
 * await using manager = new MyManager();
 * await manager.start();
 * const counter = await manager.create<{ add(k: number): number }>("Counter");
 * await counter.add(2);
 * assert.equal(await counter.add(3), 5);
 * ```
 */
export class BaseManager {
  #address: ManagerAddress | undefined;
  #authkey: Uint8Array;
  #state: ManagerState = "initial";
  #process: Process<[url: string, ...args: unknown[]]> | undefined;

  /**
   * Registers a type with this manager class (and its subclasses), as
   * Python's `register`: `create(typeid, ...args)` then calls `callable`
   * in the server and returns a proxy of its result: an AutoProxy of its
   * exposed methods, or an instance of `proxytype`. As Python's callable,
   * a class is constructed (`new callable(...args)`) and a function
   * called; without a callable (a manager that only connects, or a typeid
   * for `methodToTypeid` results) the server takes its one argument as
   * the object. With `createMethod` (the default), `manager[typeid](...)`
   * is `manager.create(typeid, ...)` too, untyped.
   *
   * A proxy's `__next__` on a JavaScript generator or iterator is its
   * `next()`, and the end is a `StopIteration`: a proxy class whose
   * `_exposed_` is `["__next__"]` and whose `[Symbol.asyncIterator]`
   * calls it until then iterates a generator held by the server, as
   * Python's `GeneratorProxy` in the docs' `mp_newtype.py`.
   *
   * @example A generator in the server, iterated through a proxy class
   * ```ts
   * import {
   *   BaseManager,
   *   BaseProxy,
   *   StopIteration,
   * } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * class GeneratorProxy extends BaseProxy {
   *   static override _exposed_ = ["__next__"];
   *   async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
   *     for (;;) {
   *       try {
   *         yield await this._callmethod("__next__");
   *       } catch (error) {
   *         if (error instanceof StopIteration) return;
   *         throw error;
   *       }
   *     }
   *   }
   * }
   * class MyManager extends BaseManager {}
   * MyManager.register("squares", function* (n: number) {
   *   for (let i = 0; i < n; i++) yield i * i;
   * }, { proxytype: GeneratorProxy });
   *
   * await using manager = new MyManager();
   * await manager.start();
   * const it = await manager.create("squares", 4) as unknown as GeneratorProxy;
   * const seen = [];
   * for await (const x of it) seen.push(x);
   * assert.deepEqual(seen, [0, 1, 4, 9]);
   * ```
   *
   * @example `exposed`, and a method whose result is a proxy
   * ```ts
   * import {
   *   AttributeError,
   *   BaseManager,
   *   BaseProxy,
   * } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * class MyManager extends BaseManager {}
   * MyManager.register("Store", () => {
   *   const items = new Map<string, { n: number; add(): number }>();
   *   return {
   *     entry(key: string) {
   *       if (!items.has(key)) {
   *         const e = { n: 0, add: () => ++e.n };
   *         items.set(key, e);
   *       }
   *       return items.get(key);
   *     },
   *     size: () => items.size,
   *     _clear: () => items.clear(),
   *   };
   * }, { exposed: ["size"], methodToTypeid: { entry: "Entry" } });
   * MyManager.register("Entry"); // no callable: the result is the object
   *
   * await using manager = new MyManager();
   * await manager.start();
   * const store = await manager.create("Store");
   * const a = await store.callMethod("entry", ["a"]) as BaseProxy;
   * assert.equal(a.typeid, "Entry");
   * assert.equal(await a.callMethod("add"), 1);
   * const again = await store.callMethod("entry", ["a"]) as BaseProxy;
   * assert.equal(await again.callMethod("add"), 2); // the same entry
   * assert.equal(await store.callMethod("size"), 1);
   * await assert.rejects(store.callMethod("_clear"), AttributeError);
   * ```
   *
   * @param typeid The type's name.
   * @param callable Makes the object, in the server: an exported function
   * or class (shipped by reference) or one that uses no outer variables
   * (shipped as source text). A server from `getServer()` runs in this
   * process, so there any function will do.
   * @param options The `proxytype`, `exposed`, `methodToTypeid` and
   * `createMethod`.
   * @throws {TypeError} If `typeid` is not a string, `callable` not a
   * function, `proxytype` not `BaseProxy` or a subclass, `exposed` not an
   * array of strings or `methodToTypeid` not an object of strings.
   * @throws {ValueError} If `createMethod` would replace a member of the
   * class.
   */
  static register(
    typeid: string,
    callable?:
      | ((...args: never[]) => unknown)
      | (new (...args: never[]) => unknown),
    options: RegisterOptions = {},
  ): void {
    const registration = makeRegistration(typeid, callable, options);
    const createMethod = options.createMethod ?? true;
    if (createMethod) checkCreateMethod(this, typeid);
    addRegistration(this, typeid, registration);
    if (createMethod) addCreateMethod(this, typeid);
  }

  /**
   * Makes a manager; nothing runs until `start()` or `connect()`.
   *
   * @param options The `address` and `authkey`.
   * @throws {TypeError} If `address` or `authkey` has the wrong type.
   */
  constructor(options: BaseManagerOptions = {}) {
    checkOptionKeys("create manager", options, ["address", "authkey"]);
    const { address, authkey } = options;
    if (address !== undefined) checkAddress("create manager", address);
    this.#authkey = checkAuthkey("create manager", authkey) ??
      currentProcess().authkey;
    this.#address = address;
  }

  /** The server's address; `undefined` before `start()` binds one. */
  get address(): ManagerAddress | undefined {
    return this.#address;
  }

  /**
   * Starts the server process and waits until it listens (after its
   * `initializer`, when given, has run there).
   *
   * @param options The server's `permissions`, `initializer` and
   * `initargs`.
   * @returns When the server is ready.
   * @throws {ProcessError} If already started or shut down.
   * @throws {TypeError} If `initializer` is not a function or `initargs`
   * not an array.
   */
  async start(options: ManagerStartOptions = {}): Promise<void> {
    checkOptionKeys("start manager", options, [
      "permissions",
      "initializer",
      "initargs",
    ]);
    const { initializer, initargs = [] } = options;
    if (initializer !== undefined && typeof initializer !== "function") {
      throw new TypeError(
        `Cannot start manager as 'initializer' must be a function: received ${
          describe(initializer)
        }`,
      );
    }
    if (!Array.isArray(initargs)) {
      throw new TypeError(
        `Cannot start manager as 'initargs' must be an array: received ${
          describe(initargs)
        }`,
      );
    }
    if (this.#state === "started") {
      throw new ProcessError("Already started server");
    }
    if (this.#state === "shutdown") {
      throw new ProcessError("Manager has shut down");
    }
    const registry = serverRegistry(this.constructor);
    const address = this.#address ?? DEFAULT_ADDRESS;
    const [reader, writer] = Pipe({ duplex: false });
    const process = new Process({
      target: runServer,
      args: [
        new URL("./_manager_server.ts", import.meta.url).href,
        address,
        this.#authkey,
        registry,
        writer,
        initializer === undefined ? null : [initializer, initargs],
      ],
      name: `${this.constructor.name}-${++started}`,
      daemon: true,
      permissions: options.permissions ?? serverPermissions(address),
    });
    process.start();
    writer.close();
    let report: unknown;
    hold(); // the server is a daemon: nothing else holds this process
    try {
      report = await reader.recv();
    } catch (error) {
      await process.join();
      throw new ProcessError(
        `The manager's server exited before it listened (exit code ${process.exitcode})`,
        { cause: error },
      );
    } finally {
      release();
      reader.close();
    }
    const [status, value] = report as [string, unknown];
    if (status !== "ok") {
      await process.join();
      throw value;
    }
    this.#address = value as ManagerAddress;
    this.#process = process;
    this.#state = "started";
  }

  /**
   * A server for this manager's registered types, listening at its
   * `address`, to run in this process with `serveForever()`, as Python's
   * `get_server()` ("Using a remote manager"). Other programs reach it
   * with a manager of the same address and `authkey` and `connect()`.
   * The address is the caller's choice: `["0.0.0.0", port]` serves other
   * machines, which then reach it with this one's name (Python's `('',
   * port)`); anyone who can reach it and holds the key can run the
   * registered types' methods.
   *
   * @example Python's "Using a remote manager", in one program
   * ```ts
   * import { BaseManager } from "@skein/concurrent/multiprocessing";
   * import { Queue } from "@skein/concurrent/queue";
   * import assert from "node:assert/strict";
   *
   * const queue = new Queue<string>();
   * class QueueManager extends BaseManager {}
   * QueueManager.register("get_queue", () => queue);
   * const m = new QueueManager({
   *   address: ["127.0.0.1", 0],
   *   authkey: "abracadabra",
   * });
   * const s = m.getServer();
   * const stop = new AbortController();
   * const serving = s.serveForever({ signal: stop.signal });
   *
   * // Another program (here: the same one) connects and puts.
   * class RemoteQueueManager extends BaseManager {}
   * RemoteQueueManager.register("get_queue");
   * const remote = new RemoteQueueManager({
   *   address: s.address,
   *   authkey: "abracadabra",
   * });
   * await remote.connect();
   * const q = await remote.create<Queue<string>>("get_queue");
   * await q.put("hello");
   * assert.equal(await queue.get(), "hello");
   * await remote.shutdown();
   * stop.abort();
   * await serving;
   * ```
   *
   * @returns The server, already listening (`server.address` has the
   * port a port 0 was given).
   * @throws {ProcessError} If the manager was started or shut down.
   * @throws {Deno.errors.AddrInUse} If the address is taken (Deno's errors
   * name the address).
   */
  getServer(): Server {
    if (this.#state === "started") {
      throw new ProcessError("Already started server");
    }
    if (this.#state === "shutdown") {
      throw new ProcessError("Manager has shut down");
    }
    const registry = serverRegistry(this.constructor);
    const server = new Server(
      registry,
      this.#address ?? DEFAULT_ADDRESS,
      this.#authkey,
    );
    this.#address = server.address;
    return server;
  }

  /**
   * Connects to a server started elsewhere at `address`, proving `authkey`.
   *
   * @returns When connected.
   * @throws {AuthenticationError} If the keys differ.
   * @throws {RuntimeError} Without an `address`.
   * @throws {Deno.errors.ConnectionRefused} If nothing listens there
   * (Deno's errors name the address).
   */
  async connect(): Promise<void> {
    if (this.#address === undefined) {
      throw new RuntimeError(
        "Cannot connect as the manager has no 'address': pass one to the constructor",
      );
    }
    await clientFor(this.#address, this.#authkey).request("count");
    this.#state = "started";
  }

  /**
   * Makes an object of a registered type in the server.
   *
   * @typeParam T The object's type (for the proxy's methods).
   * @param typeid The registered type.
   * @param args The callable's arguments.
   * @returns A proxy of the new object.
   * @throws {RuntimeError} If the server is not started (or has shut down).
   * @throws {TypeError} If `typeid` is not registered.
   */
  async create<T = unknown>(
    typeid: string,
    ...args: unknown[]
  ): Promise<AutoProxy<T>> {
    if (this.#state !== "started" || this.#address === undefined) {
      throw new RuntimeError("server not yet started");
    }
    const registry = registryOf(this.constructor);
    if (!registry.has(typeid)) {
      throw new TypeError(
        `Cannot create '${typeid}' as ${this.constructor.name} has no such type registered`,
      );
    }
    const { id, exposed } = await clientFor(this.#address, this.#authkey)
      .request("create", typeid, args) as { id: string; exposed: string[] };
    const token: ProxyToken = {
      typeid,
      id,
      address: this.#address,
      authkey: this.#authkey,
      exposed,
    };
    return makeProxy(token, proxyTypesFor(registry, typeid)) as AutoProxy<T>;
  }

  /**
   * Stops the server (when this manager started it) and closes this
   * process's connection to it. Proxies of its objects fail afterwards.
   *
   * @returns When the server has exited.
   */
  async shutdown(): Promise<void> {
    if (this.#state !== "started" || this.#address === undefined) {
      this.#state = this.#state === "initial" ? "initial" : "shutdown";
      return;
    }
    this.#state = "shutdown";
    const client = clientFor(this.#address, this.#authkey);
    if (this.#process !== undefined) {
      await client.request("shutdown").catch(() => {});
      await this.#process.join({ timeout: 1 });
      if (this.#process.exitcode === null) {
        this.#process.terminate();
        await this.#process.join();
      }
      this.#process.close();
      this.#process = undefined;
    }
    await dropClient(this.#address, this.#authkey);
  }

  /** `shutdown()`: `await using manager = ...` is Python's `with`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }
}

let started = 0;

// Loopback TCP on a free port: it needs only --allow-net=127.0.0.1 (a Unix
// socket, Python's default, needs --allow-net too under Deno, and read and
// write access to its directory).
const DEFAULT_ADDRESS: ManagerAddress = ["127.0.0.1", 0];

// What the server needs beyond this process's full grants: its host, or
// its socket's directory (a child gets a grant limited to some hosts or
// paths only when it is named).
function serverPermissions(address: ManagerAddress): ProcessPermissions {
  if (typeof address === "string") {
    const dir = [address.slice(0, address.lastIndexOf("/")) || "/"];
    return {
      read: granted("read") ? "inherit" : dir,
      write: granted("write") ? "inherit" : dir,
    };
  }
  return { net: granted("net") ? "inherit" : [address[0]] };
}
