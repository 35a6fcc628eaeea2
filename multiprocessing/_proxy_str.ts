// Copyright 2026 the @skein/concurrent authors. MIT license.
// A proxy's str without waiting (String(proxy), console.log(proxy)), as
// Python's str(proxy): the referent's repr, asked of its manager's server
// by a worker thread while this thread blocks (_internal/blocking_call.ts).
// A server listening in this thread answers through this thread's event
// loop, which the block stops: its referents are read here directly.
import { callBlocking } from "../_internal/blocking_call.ts";
import { pyRepr } from "../_internal/py_repr.ts";
import { clientFor } from "./_manager_client.ts";
import type { ManagerAddress } from "./connection/_socket.ts";

/** Seconds `String(proxy)` waits for the server before giving up. */
let strTimeout = 10;

/** Sets the seconds `String(proxy)` waits (tests shorten it); the old one. */
export function setStrTimeout(seconds: number): number {
  const old = strTimeout;
  strTimeout = seconds;
  return old;
}

/** A referent as this thread's server holds it. */
export interface LocalReferent {
  readonly object: unknown;
  readonly exposed: readonly string[];
}

interface LocalServer {
  readonly address: ManagerAddress;
  readonly authkey: Uint8Array;
  readonly lookup: (id: string) => LocalReferent | undefined;
}

const servers: LocalServer[] = [];
const SELF = import.meta.url;

/**
 * Notes a server listening in this thread at `address`: `lookup` finds its
 * referents by id.
 */
export function addLocalServer(
  address: ManagerAddress,
  authkey: Uint8Array,
  lookup: (id: string) => LocalReferent | undefined,
): void {
  servers.push({ address, authkey, lookup });
}

/** Forgets the server at `address` (it stopped listening). */
export function removeLocalServer(address: ManagerAddress): void {
  const index = servers.findIndex((s) => sameAddress(s.address, address));
  if (index >= 0) servers.splice(index, 1);
}

/**
 * The referent's repr, as Python's `str(proxy)`, without waiting.
 *
 * @throws {Error} If the server cannot answer: unreachable, no such
 * object, a wrong key, no answer in time (10 seconds).
 */
export function referentReprSync(
  address: ManagerAddress,
  authkey: Uint8Array,
  id: string,
): string {
  const server = servers.find((s) => sameAddress(s.address, address));
  if (server !== undefined) return localRepr(server, authkey, id);
  const outcome = callBlocking(
    SELF,
    "referentRepr",
    [address, authkey, id],
    strTimeout,
  );
  if (outcome.status === "ok") return outcome.value;
  throw new Error(
    outcome.status === "timeout"
      ? `The manager did not answer in ${strTimeout} seconds`
      : `${outcome.name}: ${outcome.message}`,
  );
}

/** In the worker: asks the server for the referent's repr. */
export function referentRepr(
  address: ManagerAddress,
  authkey: Uint8Array,
  id: string,
): Promise<unknown> {
  return clientFor(address, authkey).request("call", id, "__repr__", []);
}

// What the server's `__repr__` answers, as its request handler does: the
// referent's exposed `__repr__`, else the Python repr of the object.
function localRepr(
  server: LocalServer,
  authkey: Uint8Array,
  id: string,
): string {
  if (!sameBytes(server.authkey, authkey)) {
    throw new Error("The manager's authkey is not the proxy's");
  }
  const held = server.lookup(id);
  if (held === undefined) {
    throw new ReferenceError(`No managed object with id '${id}'`);
  }
  if (!held.exposed.includes("__repr__")) return pyRepr(held.object);
  const object = held.object as { __repr__(): unknown };
  const value = object.__repr__();
  if (value instanceof Promise) {
    value.catch(() => {}); // it cannot be waited for: its outcome is dropped
    throw new Error("The referent's __repr__ returned a promise");
  }
  return String(value);
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|::1|0\.0\.0\.0|::)$/;

// A TCP address names this thread's server when the port is its own and
// both hostnames are this host's (a server on 0.0.0.0 answers 127.0.0.1).
function sameAddress(a: ManagerAddress, b: ManagerAddress): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a[1] === b[1] &&
    (a[0] === b[0] || (LOOPBACK.test(a[0]) && LOOPBACK.test(b[0])));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
