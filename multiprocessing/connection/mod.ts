// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `multiprocessing.connection`: {@linkcode Listener} and
 * {@linkcode Client} open a {@linkcode Connection} over a socket (TCP, or a
 * Unix socket's path), with Python's `authkey` challenge; {@linkcode wait}
 * waits on several connections and process sentinels at once;
 * {@linkcode Pipe} and {@linkcode Connection} are the ones
 * `@skein/concurrent/multiprocessing` exports.
 *
 * | Python | here |
 * | --- | --- |
 * | `Listener(address, family, backlog, authkey)` | `new Listener(address, { family, backlog, authkey })` |
 * | `listener.accept()`, `listener.address`, `listener.last_accepted` | `await listener.accept()`, `listener.address`, `listener.lastAccepted` |
 * | `with Listener(...) as listener:` | `using listener = new Listener(...)` |
 * | `Client(address, family, authkey)` | `await Client(address, { family, authkey })` |
 * | `wait(object_list, timeout)` | `await wait(objectList, { timeout })` |
 * | `('localhost', 6000)`, `'/tmp/socket'` | `["127.0.0.1", 6000]`, `"/tmp/socket"` |
 * | `AuthenticationError` | {@linkcode AuthenticationError} |
 *
 * A connection from a socket has a pipe's API: `send`, `recv`,
 * `sendBytes`, `recvBytes`, `recvBytesInto`, `poll`, `close`, `using`.
 * With an `authkey` on both sides, each proves it holds the key by
 * Python's HMAC challenge (SHA-256), so a peer with another key fails with
 * `AuthenticationError` on both sides. Messages are frames of this
 * package's wire codec: both ends must be this package (Python's pickles
 * do not cross).
 *
 * Deviations: receiving and `accept` return promises; `wait` takes
 * connections and promises (a `Process`'s `sentinel` is a promise of its
 * exit code), not raw sockets or file descriptors; Listener's `backlog` is
 * checked but not passed on (Deno's listen takes none); a connection from a
 * socket cannot be passed to another process (a pipe's end can); Python's
 * `OSError`s on a closed connection or listener are `ValueError`s.
 *
 * @example Python's Listener and Client examples, in one program
 * ```ts
 * import { Client, Listener } from "@skein/concurrent/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * await using listener = new Listener(["127.0.0.1", 0], {
 *   authkey: "secret password",
 * });
 * const accepted = listener.accept();
 * using conn = await Client(listener.address, { authkey: "secret password" });
 * using server = await accepted;
 * server.send([2.25, null, "junk"]);
 * server.sendBytes(new Int32Array([42, 1729]));
 * assert.deepEqual(await conn.recv(), [2.25, null, "junk"]);
 * const arr = new Int32Array(5);
 * assert.equal(await conn.recvBytesInto(arr), 8);
 * assert.deepEqual([...arr], [42, 1729, 0, 0, 0]);
 * ```
 *
 * @module
 */
export * from "./connection.ts";
export * from "./listener.ts";
export * from "./client.ts";
export * from "./wait.ts";
export {
  AuthenticationError,
  BufferTooShort,
  ProcessError,
} from "../errors.ts";
export { EOFError, ValueError } from "../../errors.ts";
