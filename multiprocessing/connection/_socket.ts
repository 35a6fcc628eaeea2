// Copyright 2026 the @skein/concurrent authors. MIT license.
// A manager's connections: frames of the wire codec over a Unix socket or
// TCP, opened by Python's HMAC challenge in both directions (the side that
// accepts challenges first), so a peer without the authkey is refused.
import { frame, FrameReader } from "../../_internal/frames.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { takeMoved } from "../../_internal/portable.ts";
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { AuthenticationError } from "../errors.ts";

/** A manager's address: a Unix socket's path, or a TCP host and port. */
export type ManagerAddress = string | readonly [hostname: string, port: number];

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

/** Opens a connection to `address` (no authentication yet). */
export async function connect(address: ManagerAddress): Promise<Channel> {
  const conn = typeof address === "string"
    ? await Deno.connect({ transport: "unix", path: address })
    : await Deno.connect({ hostname: address[0], port: address[1] });
  return new Channel(conn);
}

/** Listens on `address`; a Unix path, or a host and port (0: any). */
export function listen(address: ManagerAddress): Deno.Listener {
  return typeof address === "string"
    ? Deno.listen({ transport: "unix", path: address })
    : Deno.listen({ hostname: address[0], port: address[1] });
}

/** The address a listener is bound to, in {@linkcode ManagerAddress} form. */
export function boundAddress(listener: Deno.Listener): ManagerAddress {
  const addr = listener.addr;
  return addr.transport === "unix"
    ? (addr as Deno.UnixAddr).path
    : [(addr as Deno.NetAddr).hostname, (addr as Deno.NetAddr).port];
}

async function digest(
  authkey: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    authkey as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    message as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(mac);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  const head = text.encode(prefix);
  return equal(bytes.subarray(0, head.length), head);
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
  if (answer === undefined || !equal(answer, await digest(authkey, nonce))) {
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
