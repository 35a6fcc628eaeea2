// Copyright 2026 the @skein/concurrent authors. MIT license.
// A manager's server: runs in its own process, holds the objects, and
// answers each connection's requests (Python's managers.Server). Requests
// run concurrently, so one proxy waiting in `Queue.get()` or
// `Lock.acquire()` holds up nobody else; each answer names its request.
import type { Connection } from "./connection.ts";
import { AttributeError } from "./errors.ts";
import { BUILTINS } from "./_managed_types.ts";
import {
  authenticateServer,
  boundAddress,
  Channel,
  listen,
  type ManagerAddress,
} from "./_manager_wire.ts";

/** A type registered with a manager: how to make it, what is exposed. */
export interface RegisteredType {
  readonly callable?: (...args: never[]) => unknown;
  readonly exposed?: readonly string[];
}

interface Held {
  readonly typeid: string;
  readonly object: Record<string, unknown>;
  readonly exposed: readonly string[];
}

/** The public methods of `object`, as Python's `public_methods()`. */
function publicMethods(object: object): string[] {
  const names = new Set<string>();
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
  return [...names];
}

/**
 * Serves until asked to shut down; sends the bound address (or the error
 * that prevented listening) on `report` first.
 */
export async function serve(
  address: ManagerAddress,
  authkey: Uint8Array,
  registry: Record<string, RegisteredType>,
  report: Connection,
): Promise<void> {
  let listener: Deno.Listener;
  try {
    listener = listen(address);
  } catch (error) {
    report.send(["error", error]);
    report.close();
    return;
  }
  report.send(["ok", boundAddress(listener)]);
  report.close();

  const objects = new Map<string, Held>();
  let next = 0;

  async function create(typeid: string, args: unknown[]): Promise<unknown> {
    const builtin = BUILTINS[typeid];
    const registered = registry[typeid];
    let object: Record<string, unknown>;
    let exposed: readonly string[];
    if (registered?.callable !== undefined) {
      const made = await (registered.callable as (...a: unknown[]) => unknown)(
        ...args,
      );
      object = made as Record<string, unknown>;
      exposed = registered.exposed ??
        (typeof made === "object" && made !== null ? publicMethods(made) : []);
    } else if (builtin !== undefined) {
      object = (builtin.make as (...a: unknown[]) => object)(...args) as Record<
        string,
        unknown
      >;
      exposed = builtin.exposed;
    } else {
      throw new TypeError(
        `Cannot create '${typeid}' as no such type is registered`,
      );
    }
    const id = (++next).toString(16);
    objects.set(id, { typeid, object, exposed });
    return { id, exposed };
  }

  async function call(
    id: string,
    method: string,
    args: unknown[],
  ): Promise<unknown> {
    const held = objects.get(id);
    if (held === undefined) {
      throw new ReferenceError(`No managed object with id '${id}'`);
    }
    if (!held.exposed.includes(method)) {
      throw new AttributeError(
        `method '${method}' of '${held.typeid}' object is not in exposed=[${
          held.exposed.map((m) => `'${m}'`).join(", ")
        }]`,
      );
    }
    const fn = held.object[method] as (...a: unknown[]) => unknown;
    return await fn.apply(held.object, args);
  }

  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => stop = resolve);

  async function answer(channel: Channel, request: unknown[]): Promise<void> {
    const [id, op, ...rest] = request as [number, string, ...unknown[]];
    let reply: unknown[];
    try {
      const value = op === "create"
        ? await create(rest[0] as string, rest[1] as unknown[])
        : op === "call"
        ? await call(rest[0] as string, rest[1] as string, rest[2] as unknown[])
        : op === "count"
        ? objects.size
        : undefined;
      reply = [id, true, value];
    } catch (error) {
      reply = [id, false, error];
    }
    try {
      await channel.send(reply, "a managed method's result");
    } catch (error) {
      await channel.send([id, false, error], "an error").catch(() => {});
    }
    if (op === "shutdown") stop();
  }

  const channels = new Set<Channel>();
  async function handle(conn: Deno.Conn): Promise<void> {
    const channel = new Channel(conn);
    channels.add(channel);
    try {
      await authenticateServer(channel, authkey);
      for (;;) {
        const request = await channel.recv();
        if (request === undefined) break;
        answer(channel, request as unknown[]);
      }
    } catch {
      // a peer that failed the challenge or went away mid-frame
    } finally {
      channels.delete(channel);
      channel.close();
    }
  }

  (async () => {
    for await (const conn of listener) handle(conn);
  })().catch(() => {});
  await stopped;
  listener.close();
  for (const channel of channels) channel.close();
  // As Python's Listener: a Unix socket's file goes with it.
  if (typeof address === "string") await Deno.remove(address).catch(() => {});
  Deno.exit(0);
}
