// Copyright 2026 the @skein/concurrent authors. MIT license.
import { describe } from "../_internal/describe.ts";
import { hold, release } from "../_internal/wait.ts";
import { RuntimeError } from "../errors.ts";
import { Pipe } from "./connection.ts";
import { ProcessError } from "./errors.ts";
import { currentProcess, Process } from "./process.ts";
import {
  granted,
  type ProcessPermissions,
} from "../_internal/child_permissions.ts";
import { clientFor, dropClient } from "./_manager_client.ts";
import type { RegisteredType } from "./_manager_server.ts";
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
   * in the server and returns a proxy of its result.
   *
   * @param typeid The type's name.
   * @param callable Makes the object, in the server: an exported function
   * (shipped by reference) or one that uses no outer variables (shipped as
   * source text).
   * @param options The `exposed` methods.
   * @throws {TypeError} If `typeid` is not a string or `callable` not a
   * function.
   */
  static register(
    typeid: string,
    callable?: (...args: never[]) => unknown,
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
    if (
      address !== undefined && typeof address !== "string" &&
      !(Array.isArray(address) && address.length === 2 &&
        typeof address[0] === "string" && Number.isInteger(address[1]))
    ) {
      throw new TypeError(
        `Cannot create manager as 'address' must be a path or [hostname, port]: received ${
          describe(address)
        }`,
      );
    }
    if (
      authkey !== undefined && typeof authkey !== "string" &&
      !(authkey instanceof Uint8Array)
    ) {
      throw new TypeError(
        `Cannot create manager as 'authkey' must be a Uint8Array or a string: received ${
          describe(authkey)
        }`,
      );
    }
    this.#address = address;
    this.#authkey = typeof authkey === "string"
      ? new TextEncoder().encode(authkey)
      : authkey ?? currentProcess().authkey;
  }

  /** The server's address; `undefined` before `start()` binds one. */
  get address(): ManagerAddress | undefined {
    return this.#address;
  }

  /**
   * Starts the server process and waits until it listens.
   *
   * @param options The server's `permissions`.
   * @returns When the server is ready.
   * @throws {ProcessError} If already started or shut down.
   */
  async start(options: ManagerStartOptions = {}): Promise<void> {
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
   * Connects to a server started elsewhere at `address`, proving `authkey`.
   *
   * @returns When connected.
   * @throws {AuthenticationError} If the keys differ.
   * @throws {RuntimeError} Without an `address`.
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
