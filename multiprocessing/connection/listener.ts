// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkOptionKeys } from "../../_internal/keywords.ts";
import { ValueError } from "../../errors.ts";
import {
  authenticateServer,
  boundAddress,
  Channel,
  checkAddress,
  type Family,
  listen,
  type ManagerAddress,
  socketTransport,
} from "./_socket.ts";
import { checkAuthkey } from "../../_internal/hmac.ts";
import { construct } from "./_transport.ts";
import { Connection } from "./connection.ts";

export type { Family } from "./_socket.ts";

/**
 * Where a {@linkcode Listener} listens and a {@linkcode Client} connects:
 * a Unix socket's path (Python's `AF_UNIX`), or `[hostname, port]` for TCP
 * (`AF_INET`).
 */
export type Address = ManagerAddress;

/** Options of {@linkcode Listener}, as Python's keyword arguments. */
export interface ListenerOptions {
  /**
   * The address family; it must match `address`.
   *
   * @default {"AF_INET" for [hostname, port] (and no address), "AF_UNIX" for a path}
   */
  family?: Family;
  /**
   * Python's listen queue length: checked, but Deno's `Deno.listen` takes
   * none and uses its own.
   *
   * @default {1}
   */
  backlog?: number;
  /**
   * The key a client must prove it holds, by Python's HMAC challenge in
   * both directions; a string is its UTF-8 bytes. Without one, no
   * authentication is done (as Python's `authkey=None`).
   */
  authkey?: Uint8Array | string;
}

/**
 * A socket that accepts connections, as Python's
 * `multiprocessing.connection.Listener`: `await accept()` returns a
 * {@linkcode Connection} to the client, with the same API as a pipe's end
 * (`send`, `recv`, `sendBytes`, `recvBytes`, `recvBytesInto`, `poll`,
 * `close`).
 *
 * It binds in the constructor: `[hostname, port]` listens on TCP (port 0:
 * a free one, which `address` then shows), a path on a Unix socket (its
 * file is removed by `close()`, as Python's). Without an address it
 * listens on `["127.0.0.1", 0]`, or with `family: "AF_UNIX"` on a new path
 * in a temporary folder. Deno asks for `--allow-net` (for the host; for a
 * Unix socket also `--allow-read` and `--allow-write` of its path).
 *
 * With an `authkey`, `accept()` challenges each client to prove it holds
 * the same key, then answers the client's challenge; a client with another
 * key fails with `AuthenticationError` on both sides.
 *
 * `using listener = new Listener(...)` (or `await using`) closes it, as
 * Python's `with`. Deviations: `accept` returns a promise; `backlog` is
 * not passed on (Deno's listen has none); Python's `OSError` after
 * `close()` is a `ValueError`; a Connection from a socket cannot be passed
 * to another process (only a `Pipe`'s end moves).
 *
 * @example Python's Listener and Client, in one program
 * ```ts
 * import { Client, Listener } from "@skein/concurrent/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * using listener = new Listener(["127.0.0.1", 0], {
 *   authkey: "secret password",
 * });
 * const client = Client(listener.address, { authkey: "secret password" });
 * {
 *   using conn = await listener.accept();
 *   assert.ok(Array.isArray(listener.lastAccepted)); // [host, port]
 *   conn.send([2.25, null, "junk", new Date(0)]);
 *   conn.sendBytes(new TextEncoder().encode("hello"));
 *   conn.sendBytes(new Int32Array([42, 1729]));
 * }
 * using conn = await client;
 * assert.deepEqual(await conn.recv(), [2.25, null, "junk", new Date(0)]);
 * assert.equal(new TextDecoder().decode(await conn.recvBytes()), "hello");
 * const arr = new Int32Array([0, 0, 0, 0, 0]);
 * assert.equal(await conn.recvBytesInto(arr), 8);
 * assert.deepEqual([...arr], [42, 1729, 0, 0, 0]);
 * ```
 */
export class Listener implements Disposable, AsyncDisposable {
  #listener: Deno.Listener;
  #address: Address;
  #authkey: Uint8Array | undefined;
  #lastAccepted: Address | null = null;
  #closed = false;
  #tempDir: string | undefined;

  /**
   * Binds a socket to `address` and listens.
   *
   * @param address A path, or `[hostname, port]` (port 0: any free one).
   * @param options The `family`, `backlog` and `authkey`.
   * @throws {TypeError} If `address` or `authkey` has the wrong form, or
   * `backlog` is not an integer.
   * @throws {ValueError} If `family` is unknown or does not match
   * `address`, or `backlog` is below 0.
   * @throws {Deno.errors.AddrInUse} If the address is taken (Deno's
   * errors name the address).
   */
  constructor(address?: Address, options: ListenerOptions = {}) {
    checkOptionKeys("create Listener", options, [
      "family",
      "backlog",
      "authkey",
    ]);
    const { family, backlog = 1, authkey } = options;
    checkAddress("create Listener", address, family);
    if (!Number.isInteger(backlog)) {
      throw new TypeError(
        `Cannot create Listener as 'backlog' must be an integer: received ${backlog}`,
      );
    }
    if (backlog < 0) {
      throw new ValueError(
        `Cannot create Listener as 'backlog' must be >= 0: current value is ${backlog}`,
      );
    }
    this.#authkey = checkAuthkey("create Listener", authkey);
    if (address === undefined && family === "AF_UNIX") {
      // Python's arbitrary_address(): a new name in a temporary folder.
      this.#tempDir = Deno.makeTempDirSync({ prefix: "listener-" });
      address = `${this.#tempDir}/socket`;
    }
    try {
      this.#listener = listen(address ?? ["127.0.0.1", 0]);
    } catch (error) {
      if (this.#tempDir !== undefined) Deno.removeSync(this.#tempDir);
      throw error;
    }
    this.#address = boundAddress(this.#listener);
  }

  /** The address it listens on (with the port a port 0 was given). */
  get address(): Address {
    return this.#address;
  }

  /**
   * The peer's address of the last accepted connection (a Unix socket's
   * client usually has none: `""`), else `null`.
   */
  get lastAccepted(): Address | null {
    return this.#lastAccepted;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Waits for a client and returns the connection to it, after the
   * `authkey` challenge when there is a key.
   *
   * @returns The connection.
   * @throws {AuthenticationError} If the client proved another key (it
   * is closed).
   * @throws {ValueError} If the listener is closed (or closes while
   * waiting).
   */
  async accept(): Promise<Connection> {
    if (this.#closed) throw new ValueError("listener is closed");
    let conn: Deno.Conn;
    try {
      conn = await this.#listener.accept();
    } catch (error) {
      if (this.#closed) {
        throw new ValueError("listener is closed", { cause: error });
      }
      throw error;
    }
    const channel = new Channel(conn);
    this.#lastAccepted = channel.remoteAddress;
    if (this.#authkey !== undefined) {
      try {
        await authenticateServer(channel, this.#authkey);
      } catch (error) {
        channel.close();
        throw error;
      }
    }
    return construct(() => new Connection(socketTransport(channel)));
  }

  /**
   * Stops listening; a Unix socket's file (and the folder made for it)
   * is removed. Connections already accepted stay open.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener.close();
    if (typeof this.#address === "string") {
      try {
        Deno.removeSync(this.#tempDir ?? this.#address, { recursive: true });
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
  }

  /** `close()`, as Python's `with listener:` on exit. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * `close()`, for `await using`.
   *
   * @returns When closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}
