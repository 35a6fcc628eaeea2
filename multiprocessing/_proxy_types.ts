// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a proxy knows beyond its token, where Python's keeps its manager:
// the proxy classes registered (`proxytype`) for its own typeid and for the
// typeids its methods' results become (`methodToTypeid`), so that such a
// result comes back as a proxy of its registered class, in this process
// and in a child the proxy crossed to (the classes cross with it, by
// reference). Kept by token: an AutoProxy's methods run on its target,
// which shares the token with the Proxy around it.
import { functionRef, mayExportSync } from "../_internal/ship.ts";
import type { BaseProxy, ProxyToken } from "./base_proxy.ts";

/** A proxy class: `BaseProxy` or a subclass, made from a token. */
export type ProxyClass = new (token: ProxyToken) => BaseProxy;

/** Registered proxy classes, by typeid (absent: the default proxy). */
export type ProxyTypes = Readonly<Record<string, ProxyClass>>;

const NONE: ProxyTypes = Object.freeze({});
const types = new WeakMap<ProxyToken, ProxyTypes>();

/** Notes the proxy classes the proxy of `token` may need. */
export function setProxyTypes(token: ProxyToken, table: ProxyTypes): void {
  if (Object.keys(table).length > 0) types.set(token, table);
}

/** The proxy classes the proxy of `token` may need (none by default). */
export function proxyTypesOf(token: ProxyToken): ProxyTypes {
  return types.get(token) ?? NONE;
}

/**
 * The proxy classes that cross with the proxy of `token` to another
 * process, where they are imported by module and name (as pickle finds a
 * class).
 *
 * @throws {TypeError} If no module exports one of them.
 */
export function crossingTypes(token: ProxyToken): ProxyTypes {
  const table = proxyTypesOf(token);
  for (const [typeid, cls] of Object.entries(table)) {
    const ref = functionRef(
      cls as unknown as () => unknown,
      `the proxytype of '${typeid}'`,
    );
    if (!ref.modules.some((url) => mayExportSync(url, ref.name))) {
      throw new TypeError(
        `Cannot send a proxy of '${token.typeid}' to another process as the proxytype registered for '${typeid}', ${
          ref.name || "an anonymous class"
        }, is not exported by any module, and the other process must import it: export the class from ${
          ref.modules.join(" or ")
        } (modules other than the main one also call registerModule(import.meta.url))`,
      );
    }
  }
  return table;
}

/** The marker of a reply that is a new managed object (Python's `#PROXY`). */
export const PROXY_REPLY = "#PROXY";

/** What the server answers for a new object of `typeid`. */
export interface ProxyReplyData {
  readonly typeid: string;
  readonly id: string;
  readonly exposed: readonly string[];
}

/**
 * A method's result that the server holds as a new object (register's
 * `methodToTypeid`), to be returned as a proxy of it.
 */
export class ProxyReply implements ProxyReplyData {
  readonly typeid: string;
  readonly id: string;
  readonly exposed: readonly string[];

  constructor(reply: ProxyReplyData) {
    this.typeid = reply.typeid;
    this.id = reply.id;
    this.exposed = reply.exposed;
  }
}
