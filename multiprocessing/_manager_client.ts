// Copyright 2026 the @skein/concurrent authors. MIT license.
// This process's connection to a manager's server: one per address, shared
// by every proxy here, opened on first use, answers matched to requests by
// number. It holds the process open only while a request is waiting.
import { EOFError } from "../errors.ts";
import {
  authenticateClient,
  type Channel,
  connect,
  type ManagerAddress,
} from "./connection/_socket.ts";
import {
  PROXY_REPLY,
  ProxyReply,
  type ProxyReplyData,
} from "./_proxy_types.ts";

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A connection to one manager. */
export class ManagerClient {
  readonly #address: ManagerAddress;
  readonly #authkey: Uint8Array;
  #channel: Promise<Channel> | undefined;
  #reading: Promise<void> | undefined;
  #pending = new Map<number, Waiter>();
  #next = 0;

  constructor(address: ManagerAddress, authkey: Uint8Array) {
    this.#address = address;
    this.#authkey = authkey;
  }

  /** Sends `[op, ...args]`; the server's answer, or its error thrown. */
  async request(op: string, ...args: unknown[]): Promise<unknown> {
    const channel = await (this.#channel ??= this.#open());
    const id = ++this.#next;
    const answer = new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
    channel.ref(true);
    try {
      await channel.send([id, op, ...args], "the call's arguments");
    } catch (error) {
      this.#pending.delete(id);
      if (this.#pending.size === 0) channel.ref(false);
      throw error;
    }
    return answer;
  }

  /** Closes the connection, waiting for its reader to finish. */
  async close(): Promise<void> {
    const channel = this.#channel;
    this.#channel = undefined;
    if (channel === undefined) return;
    (await channel.catch(() => undefined))?.close();
    await this.#reading;
  }

  async #open(): Promise<Channel> {
    let channel: Channel;
    try {
      channel = await connect(this.#address);
    } catch (error) {
      this.#channel = undefined;
      throw error;
    }
    try {
      await authenticateClient(channel, this.#authkey);
    } catch (error) {
      channel.close();
      this.#channel = undefined;
      throw error;
    }
    channel.ref(false);
    this.#reading = this.#read(channel);
    return channel;
  }

  async #read(channel: Channel): Promise<void> {
    for (;;) {
      let record: unknown;
      try {
        record = await channel.recv();
      } catch {
        record = undefined;
      }
      if (record === undefined) break;
      const [id, ok, value, kind] = record as [
        number,
        boolean,
        unknown,
        string?,
      ];
      const waiter = this.#pending.get(id);
      this.#pending.delete(id);
      if (this.#pending.size === 0) channel.ref(false);
      if (ok) {
        waiter?.resolve(
          kind === PROXY_REPLY
            ? new ProxyReply(value as ProxyReplyData)
            : value,
        );
      } else waiter?.reject(value);
    }
    channel.close();
    if (this.#channel !== undefined) this.#channel = undefined;
    const error = new EOFError("The manager's connection was closed");
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}

const clients = new Map<string, ManagerClient>();

// One client per address and key: a wrong key must not spoil the right one.
function keyOf(address: ManagerAddress, authkey: Uint8Array): string {
  return JSON.stringify([address, Array.from(authkey)]);
}

/** This process's client of the manager at `address`. */
export function clientFor(
  address: ManagerAddress,
  authkey: Uint8Array,
): ManagerClient {
  const key = keyOf(address, authkey);
  let client = clients.get(key);
  if (client === undefined) {
    client = new ManagerClient(address, authkey);
    clients.set(key, client);
  }
  return client;
}

/** Forgets (and closes) this process's client of `address`. */
export async function dropClient(
  address: ManagerAddress,
  authkey: Uint8Array,
): Promise<void> {
  const key = keyOf(address, authkey);
  const client = clients.get(key);
  clients.delete(key);
  await client?.close();
}
