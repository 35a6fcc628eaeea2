// Copyright 2026 the @skein/concurrent authors. MIT license.
// A manager's server (Python's managers.Server): holds the objects and
// answers each connection's requests. Requests run concurrently, so one
// proxy waiting in `Queue.get()` or `Lock.acquire()` holds up nobody else;
// each answer names its request.
import { RuntimeError, ValueError } from "../errors.ts";
import { AttributeError, StopIteration } from "./errors.ts";
import { BUILTINS } from "./_managed_types.ts";
import { addLocalServer, removeLocalServer } from "./_proxy_str.ts";
import { PROXY_REPLY, type ProxyReplyData } from "./_proxy_types.ts";
import { pyRepr, pyTypeName } from "../_internal/py_repr.ts";
import {
  authenticateServer,
  boundAddress,
  Channel,
  listen,
  type ManagerAddress,
} from "./connection/_socket.ts";

/**
 * A type registered with a manager (see `BaseManager.register`): what
 * makes its objects in the server, and the methods a proxy may call.
 */
export interface RegisteredType {
  /** Makes an object: called, or constructed with `new` when `construct`. */
  readonly callable?:
    | ((...args: never[]) => unknown)
    | (new (...args: never[]) => unknown);
  /** Whether `callable` is a class, made with `new`. */
  readonly construct?: boolean;
  /** The methods a proxy may call; by default the object's public ones. */
  readonly exposed?: readonly string[];
  /**
   * The methods whose results the server holds as new objects of a
   * typeid, returning proxies of them (Python's `method_to_typeid`).
   */
  readonly methodToTypeid?: Readonly<Record<string, string>>;
}

/** Options of {@linkcode Server.prototype.serveForever}. */
export interface ServeForeverOptions {
  /** Stops serving when it aborts. */
  signal?: AbortSignal;
}

interface Held {
  readonly typeid: string;
  readonly object: Record<string, unknown>;
  readonly exposed: readonly string[];
  readonly methodToTypeid: Readonly<Record<string, string>> | undefined;
}

/** A result the server holds as a new object: a proxy goes back. */
class Made {
  readonly reply: ProxyReplyData;
  constructor(reply: ProxyReplyData) {
    this.reply = reply;
  }
}

/**
 * The public methods of `object`, sorted, as Python's `public_methods()`
 * (from `dir()`).
 */
function publicMethods(object: unknown): string[] {
  const names = new Set<string>();
  if (typeof object !== "object") return [];
  for (
    let o: object | null = object;
    o !== null && o !== Object.prototype;
    o = Object.getPrototypeOf(o)
  ) {
    for (const name of Object.getOwnPropertyNames(o)) {
      const value = Object.getOwnPropertyDescriptor(o, name)?.value;
      if (
        typeof value === "function" && name !== "constructor" &&
        !name.startsWith("_")
      ) names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * A manager's server, as Python's `multiprocessing.managers.Server`: it
 * listens at its address from the start, and `serveForever()` makes the
 * registered types' objects and answers their proxies' calls. Get one
 * with `BaseManager.getServer()` to serve in this process (Python's
 * "Using a remote manager"); `BaseManager.start()` runs one in a child
 * process.
 *
 * `serveForever()` stops when a client asks the server to shut down (as
 * the manager that started it does), or when its `signal` aborts: then it
 * stops listening, closes every connection and resolves (Python's exits
 * the process). Ctrl-C ends the program as usual; to stop gracefully on a
 * signal, abort the `signal` from `Deno.addSignalListener`.
 *
 * @example Serve in this process, until aborted
 * ```ts
 * import { BaseManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const store = new Map<string, number>([["answer", 42]]);
 * class StoreManager extends BaseManager {}
 * // Made here, in this process: a closure is fine.
 * StoreManager.register("getStore", () => ({
 *   get: (key: string) => store.get(key),
 * }));
 *
 * const server = new StoreManager({
 *   address: ["127.0.0.1", 0],
 *   authkey: "abracadabra",
 * }).getServer();
 * const stop = new AbortController();
 * const serving = server.serveForever({ signal: stop.signal });
 *
 * const client = new StoreManager({
 *   address: server.address,
 *   authkey: "abracadabra",
 * });
 * await client.connect();
 * const remote = await client.create<{ get(key: string): number }>(
 *   "getStore",
 * );
 * assert.equal(await remote.get("answer"), 42);
 * await client.shutdown(); // a connected manager only disconnects
 * stop.abort();
 * await serving;
 * ```
 */
export class Server {
  readonly #registry: Readonly<Record<string, RegisteredType>>;
  readonly #authkey: Uint8Array;
  readonly #listener: Deno.Listener;
  readonly #address: ManagerAddress;
  readonly #objects = new Map<string, Held>();
  readonly #channels = new Set<Channel>();
  #next = 0;
  #state: "listening" | "serving" | "stopped" = "listening";
  #stop: () => void = () => {};

  /**
   * Listens at `address` for the types of `registry` (a manager's
   * `getServer()` makes one).
   *
   * @param registry The registered types, by typeid.
   * @param address A Unix socket's path, or `[hostname, port]` (port 0:
   * any free one).
   * @param authkey The key a client must prove it holds.
   * @throws {Deno.errors.AddrInUse} If the address is taken (Deno's errors
   * name the address).
   */
  constructor(
    registry: Readonly<Record<string, RegisteredType>>,
    address: ManagerAddress,
    authkey: Uint8Array,
  ) {
    this.#registry = registry;
    this.#authkey = authkey;
    this.#listener = listen(address);
    this.#address = boundAddress(this.#listener);
    // String(proxy) of its referents, here, reads them directly.
    addLocalServer(this.#address, authkey, (id) => this.#objects.get(id));
  }

  /** The address it listens at (with the port a port 0 was given). */
  get address(): ManagerAddress {
    return this.#address;
  }

  /**
   * Serves until a client asks it to shut down or `signal` aborts; then
   * stops listening, closes the connections (a Unix socket's file is
   * removed) and resolves.
   *
   * @param options The `signal` that stops it.
   * @returns When it has stopped.
   * @throws {RuntimeError} If it is serving already or has stopped.
   */
  async serveForever(options: ServeForeverOptions = {}): Promise<void> {
    const { signal } = options;
    if (this.#state !== "listening") {
      throw new RuntimeError(
        `Cannot serve as the server ${
          this.#state === "serving" ? "is serving already" : "has stopped"
        }`,
      );
    }
    this.#state = "serving";
    const stopped = new Promise<void>((resolve) => this.#stop = resolve);
    const onAbort = (): void => this.#stop();
    if (signal?.aborted) this.#stop();
    signal?.addEventListener("abort", onAbort, { once: true });
    const accepting = (async () => {
      for await (const conn of this.#listener) this.#handle(conn);
    })().catch(() => {}); // ends when the listener closes
    await stopped;
    signal?.removeEventListener("abort", onAbort);
    this.#state = "stopped";
    this.#listener.close();
    removeLocalServer(this.#address);
    await accepting;
    for (const channel of this.#channels) channel.close();
    // As Python's Listener: a Unix socket's file goes with it.
    if (typeof this.#address === "string") {
      await Deno.remove(this.#address).catch(() => {});
    }
  }

  async #handle(conn: Deno.Conn): Promise<void> {
    const channel = new Channel(conn);
    this.#channels.add(channel);
    try {
      await authenticateServer(channel, this.#authkey);
      for (;;) {
        const request = await channel.recv();
        if (request === undefined) break;
        this.#answer(channel, request as unknown[]);
      }
    } catch {
      // a peer that failed the challenge or went away mid-frame
    } finally {
      this.#channels.delete(channel);
      channel.close();
    }
  }

  async #answer(channel: Channel, request: unknown[]): Promise<void> {
    const [id, op, ...rest] = request as [number, string, ...unknown[]];
    let reply: unknown[];
    try {
      const value = op === "create"
        ? await this.#create(rest[0] as string, rest[1] as unknown[])
        : op === "call"
        ? await this.#call(
          rest[0] as string,
          rest[1] as string,
          rest[2] as unknown[],
        )
        : op === "count"
        ? this.#objects.size
        : undefined;
      reply = value instanceof Made
        ? [id, true, value.reply, PROXY_REPLY]
        : [id, true, value];
    } catch (error) {
      reply = [id, false, error];
    }
    try {
      await channel.send(reply, "a managed method's result");
    } catch (error) {
      await channel.send([id, false, error], "an error").catch(() => {});
    }
    if (op === "shutdown") this.#stop();
  }

  // Python's Server.create: a registered callable makes the object, else
  // the one argument is the object (a method's result, methodToTypeid).
  async #create(
    typeid: string,
    args: unknown[],
  ): Promise<ProxyReplyData> {
    const builtin = BUILTINS[typeid];
    const registered = this.#registry[typeid];
    let object: Record<string, unknown>;
    let exposed: readonly string[];
    if (registered?.callable !== undefined) {
      // Python's callable: a class is constructed, a function called.
      const callable = registered.callable as (...a: unknown[]) => unknown;
      const made = await (registered.construct
        ? Reflect.construct(callable, args)
        : callable(...args)); // with no `this`, as a plain call
      object = made as Record<string, unknown>;
      exposed = registered.exposed ?? publicMethods(made);
    } else if (builtin !== undefined) {
      object = (builtin.make as (...a: unknown[]) => object)(...args) as Record<
        string,
        unknown
      >;
      exposed = builtin.exposed;
    } else if (registered !== undefined) {
      if (args.length !== 1) {
        throw new ValueError(
          `Cannot create '${typeid}' as it has no callable, so it needs exactly one argument, the object: received ${args.length}`,
        );
      }
      object = args[0] as Record<string, unknown>;
      exposed = registered.exposed ?? publicMethods(object);
    } else {
      throw new TypeError(
        `Cannot create '${typeid}' as no such type is registered`,
      );
    }
    const methodToTypeid = registered?.methodToTypeid;
    if (methodToTypeid !== undefined) {
      exposed = [...new Set([...exposed, ...Object.keys(methodToTypeid)])];
    }
    const id = (++this.#next).toString(16);
    this.#objects.set(id, { typeid, object, exposed, methodToTypeid });
    return { typeid, id, exposed: [...exposed] };
  }

  async #call(id: string, method: string, args: unknown[]): Promise<unknown> {
    const held = this.#objects.get(id);
    if (held === undefined) {
      throw new ReferenceError(`No managed object with id '${id}'`);
    }
    const { object, exposed } = held;
    if (
      (method === "__repr__" || method === "__str__") &&
      !exposed.includes(method)
    ) {
      // Python's fallbacks: any referent answers repr() and str().
      return pyRepr(object);
    }
    if (!exposed.includes(method)) {
      throw new AttributeError(
        `method '${method}' of <class '${
          typeName(object)
        }'> object is not in exposed=[${
          exposed.map((m) => `'${m}'`).join(", ")
        }]`,
      );
    }
    const result = await callExposed(object, method, args);
    const typeid = held.methodToTypeid?.[method];
    if (typeid === undefined) return result;
    // Python's '#PROXY': the result stays here, as an object of `typeid`.
    return new Made(await this.#create(typeid, [result]));
  }
}

// Python's name of a referent's type: its class's, and Python's for a
// generator, whose class has no name in JavaScript.
function typeName(object: unknown): string {
  const tag = (object as { [Symbol.toStringTag]?: unknown } | null)?.[
    Symbol.toStringTag
  ];
  return tag === "Generator"
    ? "generator"
    : tag === "AsyncGenerator"
    ? "async_generator"
    : pyTypeName(object);
}

/**
 * Calls `method` of `object`; Python's `__next__` is a JavaScript
 * iterator's `next()`, whose end is Python's StopIteration.
 */
async function callExposed(
  object: Record<string, unknown>,
  method: string,
  args: unknown[],
): Promise<unknown> {
  const fn = object?.[method];
  if (
    method === "__next__" && fn === undefined &&
    typeof object?.next === "function"
  ) {
    const step = await (object.next as () => unknown)() as IteratorResult<
      unknown
    >;
    if (step.done) throw new StopIteration(step.value);
    return step.value;
  }
  if (fn === undefined) {
    throw new AttributeError(
      `'${typeName(object)}' object has no attribute '${method}'`,
    );
  }
  if (typeof fn !== "function") {
    throw new TypeError(`'${pyTypeName(fn)}' object is not callable`);
  }
  return await fn.apply(object, args);
}
