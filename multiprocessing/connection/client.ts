// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkOptionKeys } from "../../_internal/keywords.ts";
import {
  authenticateClient,
  checkAddress,
  connect,
  type Family,
  socketTransport,
} from "./_socket.ts";
import { checkAuthkey } from "../../_internal/hmac.ts";
import { construct } from "./_transport.ts";
import { Connection } from "./connection.ts";
import type { Address } from "./listener.ts";

/** Options of {@linkcode Client}, as Python's keyword arguments. */
export interface ClientOptions {
  /**
   * The address family; it must match `address`.
   *
   * @default {"AF_INET" for [hostname, port], "AF_UNIX" for a path}
   */
  family?: Family;
  /**
   * The key to prove to the {@linkcode Listener} (and to check that it
   * holds too); a string is its UTF-8 bytes. Without one, no
   * authentication is done (as Python's `authkey=None`).
   */
  authkey?: Uint8Array | string;
}

/**
 * Connects to the {@linkcode Listener} at `address`, as Python's
 * `multiprocessing.connection.Client`, and returns the
 * {@linkcode Connection} to it. With an `authkey`, it answers the
 * listener's challenge and then challenges the listener, so a listener
 * with another key fails with `AuthenticationError` on both sides.
 *
 * @example Connect to a listener
 * ```ts
 * import { Client, Listener } from "@skein/concurrent/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * await using listener = new Listener(["127.0.0.1", 0], { authkey: "key" });
 * const accepted = listener.accept();
 * using conn = await Client(listener.address, { authkey: "key" });
 * using other = await accepted;
 * conn.send("ping");
 * assert.equal(await other.recv(), "ping");
 * ```
 *
 * @param address A Unix socket's path, or `[hostname, port]`.
 * @param options The `family` and `authkey`.
 * @returns The connection, once connected (and authenticated).
 * @throws {TypeError} If `address` or `authkey` has the wrong form.
 * @throws {ValueError} If `family` is unknown or does not match `address`.
 * @throws {AuthenticationError} If the listener holds another key.
 * @throws {Deno.errors.ConnectionRefused} If nothing listens there (Deno's
 * errors, `NotFound` for a missing socket file among them, name the
 * address).
 */
export async function Client(
  address: Address,
  options: ClientOptions = {},
): Promise<Connection> {
  checkOptionKeys("connect Client", options, ["family", "authkey"]);
  const { family, authkey } = options;
  checkAddress("connect Client", address ?? null, family);
  const key = checkAuthkey("connect Client", authkey);
  const channel = await connect(address);
  if (key !== undefined) {
    try {
      await authenticateClient(channel, key);
    } catch (error) {
      channel.close();
      throw error;
    }
  }
  return construct(() => new Connection(socketTransport(channel)));
}
