// Copyright 2026 the @skein/concurrent authors. MIT license.
import { describe } from "../_internal/describe.ts";
import { hold, release } from "../_internal/wait.ts";
import { RuntimeError } from "../errors.ts";
import { Pipe } from "./connection/connection.ts";
import { ProcessError } from "./errors.ts";
import { currentProcess, Process } from "./process.ts";
import {
  granted,
  type ProcessPermissions,
} from "../_internal/child_permissions.ts";
import { clientFor, dropClient } from "./_manager_client.ts";
import { checkAddress, checkAuthkey } from "./connection/_socket.ts";
import { type RegisteredType, Server } from "./server.ts";
import type { AutoProxy, ManagerAddress, ProxyToken } from "./base_proxy.ts";
import { makeProxy } from "./proxies.ts";

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

/** Options of {@linkcode BaseManager.register}. */
export interface RegisterOptions {
  /**
   * The methods a proxy may call.
   *
   * @default {the object's public methods}
   */
  exposed?: readonly string[];
}

const registries = new WeakMap<object, Map<string, RegisteredType>>();

type ManagerState = "initial" | "started" | "shutdown";

function registryOf(cls: object): Map<string, RegisteredType> {
  const chain: Map<string, RegisteredType>[] = [];
  for (let c: object | null = cls; c !== null; c = Object.getPrototypeOf(c)) {
    const own = registries.get(c);
    if (own !== undefined) chain.unshift(own);
  }
  return new Map(chain.flatMap((m) => [...m]));
}

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
 * collected); a registered type gets an `AutoProxy` (no `proxytype`); the
 * server's permissions are this process's unless narrowed.
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
   * in the server and returns a proxy of its result. As Python's callable,
   * a class is constructed (`new callable(...args)`) and a function
   * called. A manager that only connects registers the typeid alone.
   *
   * @param typeid The type's name.
   * @param callable Makes the object, in the server: an exported function
   * or class (shipped by reference) or one that uses no outer variables
   * (shipped as source text). A server from `getServer()` runs in this
   * process, so there any function will do.
   * @param options The `exposed` methods.
   * @throws {TypeError} If `typeid` is not a string or `callable` not a
   * function.
   */
  static register(
    typeid: string,
    callable?:
      | ((...args: never[]) => unknown)
      | (new (...args: never[]) => unknown),
    options: RegisterOptions = {},
  ): void {
    if (typeof typeid !== "string" || typeid === "") {
      throw new TypeError(
        `Cannot register as 'typeid' must be a non-empty string: received ${
          describe(typeid)
        }`,
      );
    }
    if (callable !== undefined && typeof callable !== "function") {
      throw new TypeError(
        `Cannot register '${typeid}' as 'callable' must be a function: received ${
          describe(callable)
        }`,
      );
    }
    let own = registries.get(this);
    if (own === undefined) registries.set(this, own = new Map());
    own.set(typeid, {
      ...(callable === undefined ? {} : { callable }),
      ...(callable !== undefined && isClass(callable)
        ? { construct: true }
        : {}),
      ...(options.exposed === undefined ? {} : { exposed: options.exposed }),
    });
  }

  /**
   * Makes a manager; nothing runs until `start()` or `connect()`.
   *
   * @param options The `address` and `authkey`.
   * @throws {TypeError} If `address` or `authkey` has the wrong type.
   */
  constructor(options: BaseManagerOptions = {}) {
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
    const registry = Object.fromEntries(registryOf(this.constructor));
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
    const registry = Object.fromEntries(registryOf(this.constructor));
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
    if (!registryOf(this.constructor).has(typeid)) {
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
    return makeProxy(token) as AutoProxy<T>;
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

// Python's callable: a class is made with `new` (its source is a class,
// or it is a built-in constructor such as Map), a function is called.
function isClass(fn: object): boolean {
  const source = Function.prototype.toString.call(fn);
  return /^class\b/.test(source) ||
    (source.endsWith("{ [native code] }") &&
      (fn as { prototype?: unknown }).prototype !== undefined);
}
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
