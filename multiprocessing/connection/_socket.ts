// Copyright 2026 the @skein/concurrent authors. MIT license.
// Sockets for Listener, Client and the managers: frames of the wire codec
// over a Unix socket or TCP, opened by Python's HMAC challenge in both
// directions (the side that accepts challenges first), so a peer without
// the authkey is refused. Addresses are checked, and Deno's errors name
// the address, here once for all of them.
import { describe } from "../../_internal/describe.ts";
import { digest, equalBytes } from "../../_internal/hmac.ts";
import { frame, FrameReader } from "../../_internal/frames.ts";
import { hold as holdProcess, letGo } from "../../_internal/holds.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { takeMoved } from "../../_internal/portable.ts";
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { ValueError } from "../../errors.ts";
import { AuthenticationError } from "../errors.ts";
import type { Transport } from "./_transport.ts";

/** A manager's address: a Unix socket's path, or a TCP host and port. */
export type ManagerAddress = string | readonly [hostname: string, port: number];

/** Python's address families: a Unix socket's path, or TCP. */
export type Family = "AF_UNIX" | "AF_INET";

/**
 * Checks `address` for `what` (e.g. "create Listener") and, when given,
 * that `family` matches it; returns the family (`undefined` address:
 * `family`, else AF_INET).
 *
 * @throws {TypeError} If `address` is neither a path nor [hostname, port].
 * @throws {ValueError} If the port is out of range, or `family` is not
 * one this knows or does not match.
 */
export function checkAddress(
  what: string,
  address: unknown,
  family?: unknown,
): Family {
  if (family !== undefined && family !== "AF_UNIX" && family !== "AF_INET") {
    throw new ValueError(
      `Cannot ${what} as 'family' must be "AF_INET" or "AF_UNIX": family ${
        String(family)
      } is not recognized`,
    );
  }
  if (address === undefined) return family ?? "AF_INET";
  const isPair = Array.isArray(address) && address.length === 2 &&
    typeof address[0] === "string" && Number.isInteger(address[1]);
  if (typeof address !== "string" && !isPair) {
    throw new TypeError(
      `Cannot ${what} as 'address' must be a path or [hostname, port]: received ${
        describe(address)
      }`,
    );
  }
  if (isPair && !(address[1] >= 0 && address[1] <= 65535)) {
    throw new ValueError(
      `Cannot ${what} as the port of 'address' must be 0-65535: current value is ${
        address[1]
      }`,
    );
  }
  const inferred: Family = typeof address === "string" ? "AF_UNIX" : "AF_INET";
  if (family !== undefined && family !== inferred) {
    throw new ValueError(
      `Cannot ${what} as 'family' ${family} does not match 'address' ${
        show(address as ManagerAddress)
      }: ${family} takes ${
        family === "AF_UNIX" ? "a path" : "[hostname, port]"
      }`,
    );
  }
  return inferred;
}

/** `address` as messages show it: a path, or `hostname:port`. */
export function show(address: ManagerAddress): string {
  return typeof address === "string" ? address : `${address[0]}:${address[1]}`;
}

// Deno's error, of the same class, with the address in its message.
function naming(error: unknown, what: string): unknown {
  if (!(error instanceof Error)) return error;
  const Class = error.constructor as new (
    message: string,
    options: ErrorOptions,
  ) => Error;
  try {
    return new Class(`Cannot ${what}: ${error.message}`, { cause: error });
  } catch {
    return error;
  }
}

const CHALLENGE = "#CHALLENGE#{sha256}";
const WELCOME = "#WELCOME#";
const FAILURE = "#FAILURE#";
const text = new TextEncoder();

/** One authenticated connection, sending and receiving codec records. */
export class Channel {
  readonly #conn: Deno.Conn;
  readonly #frames: FrameReader;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
    this.#frames = new FrameReader(conn);
    this.#writer = conn.writable.getWriter();
  }

  /** Sends raw bytes as one frame. */
  sendBytes(bytes: Uint8Array): Promise<void> {
    return this.#writer.write(frame(bytes));
  }

  /** Sends `value` through the wire codec (the process form). */
  send(value: unknown, path: string): Promise<void> {
    const bytes = encodeBytes(value, path, true).slice();
    if (takeMoved().length > 0) {
      throw new TypeError(
        `Cannot send ${path} to a manager as it holds a Connection, which can only move to a child process`,
      );
    }
    return this.sendBytes(bytes);
  }

  /** The next frame's bytes; `undefined` when the peer has closed. */
  recvBytes(): Promise<Uint8Array | undefined> {
    return this.#frames.next();
  }

  /** The next record, decoded; `undefined` when the peer has closed. */
  async recv(): Promise<unknown> {
    const bytes = await this.#frames.next();
    if (bytes === undefined) return undefined;
    const needs = readNeeds(bytes);
    if (needs !== undefined) await load(needs);
    return decodeBytes(bytes);
  }

  /** Lets the process exit while this connection waits (or not). */
  ref(held: boolean): void {
    if (held) this.#conn.ref();
    else this.#conn.unref();
  }

  /**
   * Closes the connection once the frames sent before are written; a
   * failed write closes it at once.
   */
  closeAfterWrites(): Promise<void> {
    this.#conn.ref(); // a pending read must hold the loop until it ends
    return this.#writer.close().catch(() => this.close());
  }

  /** The peer's address, in {@linkcode ManagerAddress} form. */
  get remoteAddress(): ManagerAddress {
    return addressOf(this.#conn.remoteAddr);
  }

  /** Closes the connection. */
  close(): void {
    try {
      this.#conn.ref(); // a pending read must hold the loop until it ends
      this.#conn.close();
    } catch {
      // already closed by the peer's end
    }
  }
}

/**
 * Opens a connection to `address` (no authentication yet).
 *
 * @throws Deno's error (`ConnectionRefused`, `NotFound`, ...) naming it.
 */
export async function connect(address: ManagerAddress): Promise<Channel> {
  let conn: Deno.Conn;
  try {
    conn = typeof address === "string"
      ? await Deno.connect({ transport: "unix", path: address })
      : await Deno.connect({ hostname: address[0], port: address[1] });
  } catch (error) {
    throw naming(error, `connect to ${show(address)}`);
  }
  return new Channel(conn);
}

/**
 * Listens on `address`; a Unix path, or a host and port (0: any).
 *
 * @throws Deno's error (`AddrInUse`, `NotCapable`, ...) naming it.
 */
export function listen(address: ManagerAddress): Deno.Listener {
  try {
    return typeof address === "string"
      ? Deno.listen({ transport: "unix", path: address })
      : Deno.listen({ hostname: address[0], port: address[1] });
  } catch (error) {
    throw naming(error, `listen on ${show(address)}`);
  }
}

/** The address a listener is bound to, in {@linkcode ManagerAddress} form. */
export function boundAddress(listener: Deno.Listener): ManagerAddress {
  return addressOf(listener.addr);
}

function addressOf(addr: Deno.Addr): ManagerAddress {
  return addr.transport === "unix" || addr.transport === "unixpacket"
    ? (addr as Deno.UnixAddr).path ?? "" // an unbound client: Python's ""
    : [(addr as Deno.NetAddr).hostname, (addr as Deno.NetAddr).port];
}

/**
 * A Connection's transport over an (authenticated) channel: each message
 * one frame. Sends are queued in order; a failed write is thrown by the
 * next send. The socket holds the event loop open only while someone
 * waits for a message, as a blocked `recv` holds a Python program.
 */
export function socketTransport(channel: Channel): Transport {
  let failed: unknown;
  let closed = false;
  return {
    readable: true,
    writable: true,
    open(receive): void {
      channel.ref(false);
      (async () => {
        for (;;) {
          let message: Uint8Array | undefined;
          try {
            message = await channel.recvBytes();
          } catch {
            message = undefined; // reset, or closed here: the stream ends
          }
          if (message === undefined) break;
          receive(message);
        }
        receive(null);
      })();
    },
    send(message): void {
      if (failed !== undefined) throw failed;
      // A child process waits for writes in flight before it exits.
      holdProcess();
      channel.sendBytes(message).catch((error) => failed ??= error)
        .finally(letGo);
    },
    close(): void {
      if (closed) return;
      closed = true;
      holdProcess();
      channel.closeAfterWrites().finally(letGo);
    },
    hold(held): void {
      if (!closed) channel.ref(held);
    },
  };
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  const head = text.encode(prefix);
  return equalBytes(bytes.subarray(0, head.length), head);
}

// Python's deliver_challenge: a random message; the peer must answer with
// its HMAC under the shared key.
async function deliverChallenge(
  channel: Channel,
  authkey: Uint8Array,
): Promise<void> {
  const nonce = crypto.getRandomValues(new Uint8Array(40));
  const message = new Uint8Array([...text.encode(CHALLENGE), ...nonce]);
  await channel.sendBytes(message);
  const answer = await channel.recvBytes();
  if (
    answer === undefined || !equalBytes(answer, await digest(authkey, nonce))
  ) {
    await channel.sendBytes(text.encode(FAILURE)).catch(() => {});
    throw new AuthenticationError("digest received was wrong");
  }
  await channel.sendBytes(text.encode(WELCOME));
}

// Python's answer_challenge.
async function answerChallenge(
  channel: Channel,
  authkey: Uint8Array,
): Promise<void> {
  const message = await channel.recvBytes();
  if (message === undefined || !startsWith(message, CHALLENGE)) {
    throw new AuthenticationError("Protocol error: expected a challenge");
  }
  const nonce = message.subarray(text.encode(CHALLENGE).length);
  await channel.sendBytes(await digest(authkey, nonce));
  const response = await channel.recvBytes();
  if (response === undefined || !startsWith(response, WELCOME)) {
    throw new AuthenticationError("digest sent was rejected");
  }
}

/** The accepting side: challenges the peer, then answers its challenge. */
export async function authenticateServer(
  channel: Channel,
  authkey: Uint8Array,
): Promise<void> {
  await deliverChallenge(channel, authkey);
  await answerChallenge(channel, authkey);
}

/** The connecting side: answers, then challenges the server. */
export async function authenticateClient(
  channel: Channel,
  authkey: Uint8Array,
): Promise<void> {
  await answerChallenge(channel, authkey);
  await deliverChallenge(channel, authkey);
}
