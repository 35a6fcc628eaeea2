// Copyright 2026 the @skein/concurrent authors. MIT license.
import { positionalOptions, timeoutOptions } from "../../_internal/keywords.ts";
import { describe } from "../../_internal/describe.ts";
import { Fifo } from "../../_internal/fifo.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { registerShareable } from "../../_internal/shareable.ts";
import { takeMoved, toProcess } from "../../_internal/portable.ts";
import type { LinkMessage } from "../../_internal/process_links.ts";
import { checkSeconds } from "../../_internal/seconds.ts";
import { EOFError, ValueError } from "../../errors.ts";
import { BufferTooShort } from "../errors.ts";
import {
  construct,
  isConstructing,
  type Transport,
  whenReady,
} from "./_transport.ts";
import { type MovedEnd, PipeTransport } from "./_pipe_transport.ts";
import { customInspect, objectId, pyRepr } from "../../_internal/py_repr.ts";

const TAG = "multiprocessing.Connection";

/** Options of {@linkcode Pipe}. */
export interface PipeOptions {
  /**
   * Whether both ends send and receive; with `false`, the first end only
   * receives and the second only sends.
   *
   * @default {true}
   */
  duplex?: boolean;
}

/** Options of {@linkcode Connection.prototype.poll}. */
export interface PollOptions {
  /**
   * Seconds to wait for a message; 0 (do not wait) when omitted, as
   * Python's `poll()`; `null` (Python's None) or `Infinity` waits until one.
   */
  timeout?: number | null;
}

/**
 * One end of a {@linkcode Pipe}, as Python's
 * `multiprocessing.connection.Connection`: `send` and `recv` objects
 * (copied through the wire codec) or raw bytes. Passed to a
 * {@linkcode Process} as an argument, the end moves to the child: messages
 * to it go there (through this process when its peer is in another child).
 * `Listener` and `Client` (`@skein/concurrent/multiprocessing/connection`)
 * give connections over a socket with the same API; those cannot move to
 * another process, and a failed write (the peer gone) is thrown by the
 * next `send`.
 *
 * `recv`, `recvBytes`, `recvBytesInto` and `poll` return promises: a
 * message reaches a process through its event loop, so there is no
 * blocking form. When the other end is closed (or its process has exited)
 * and no message is left, they throw `EOFError`, as Python's.
 *
 * @example Talk to a child process
 * ```ts
 * import { Pipe, Process } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const [here, there] = Pipe();
 * const p = new Process({
 *   target: async (conn: typeof there) => {
 *     const n = await conn.recv() as number;
 *     conn.send(n * 2);
 *     conn.close();
 *   },
 *   args: [there],
 * });
 * p.start();
 * here.send(21);
 * assert.equal(await here.recv(), 42);
 * await p.join();
 * here.close();
 * ```
 */
export class Connection implements Disposable {
  #transport: Transport;
  #messages = new Fifo<Uint8Array>();
  #eof = false;
  #closed = false;
  #movedTo: string | undefined;
  // Every receive or poll waiting for a message (several may wait at once).
  #waiters = new Set<() => void>();

  /**
   * Not for use: connections come from {@linkcode Pipe}, `Listener` and
   * `Client`.
   *
   * @param transport What carries its messages.
   * @ignore
   */
  constructor(transport: Transport) {
    if (!isConstructing()) {
      throw new TypeError(
        "Cannot create a Connection directly: make a pair with Pipe(), or use Listener and Client",
      );
    }
    this.#transport = transport;
    transport.open((message) => this.#receive(message));
  }

  /** Whether this end is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Whether this end can receive. */
  get readable(): boolean {
    return this.#transport.readable;
  }

  /** Whether this end can send. */
  get writable(): boolean {
    return this.#transport.writable;
  }

  /**
   * Sends a copy of `obj` to the other end.
   *
   * @param obj The value, copied through the wire codec.
   * @throws {TypeError} If it cannot cross to another process.
   * @throws {ValueError} If this end is closed or cannot send.
   */
  send(obj: unknown): void {
    this.#check("send", "writable");
    const bytes = encodeBytes(obj, "obj", true).slice();
    if (takeMoved().length > 0) {
      throw new TypeError(
        "Cannot send a Connection through a Connection: pass it to the Process as an argument",
      );
    }
    this.#transport.send(bytes);
  }

  /**
   * Sends `buffer` (or `size` bytes of it from `offset`) as one message.
   *
   * @param buffer The bytes.
   * @param offset Where to start.
   * @param size How many bytes; the rest of the buffer when omitted.
   * @throws {ValueError} If the range is outside the buffer.
   */
  sendBytes(
    buffer: ArrayBufferView | ArrayBuffer,
    offset = 0,
    size?: number,
  ): void {
    this.#check("send", "writable");
    const bytes = ArrayBuffer.isView(buffer)
      ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      : new Uint8Array(buffer);
    const count = size ?? bytes.length - offset;
    if (offset < 0 || offset > bytes.length) {
      throw new ValueError("offset is negative or greater than buffer size");
    }
    if (count < 0 || offset + count > bytes.length) {
      throw new ValueError("buffer length < offset + size");
    }
    // A raw message is marked by a leading RAW byte (an object record's
    // flags byte is never above 3).
    const body = bytes.subarray(offset, offset + count);
    if (this.#transport.sendMarked?.(RAW, body)) return;
    const message = new Uint8Array(count + 1);
    message[0] = RAW;
    message.set(body, 1);
    this.#transport.send(message);
  }

  /**
   * Receives the next object sent with `send`. As Python's `recv()`
   * (`loads(recv_bytes())`), bytes sent with `sendBytes` that are an
   * object's encoding (as `recvBytes` gives it) come as that object.
   *
   * @returns The object.
   * @throws {ValueError} If the message is bytes that encode no object.
   * @throws {EOFError} If the other end is closed and nothing is left.
   */
  async recv(): Promise<unknown> {
    const message = await this.#next();
    if (message[0] !== RAW) return await decoded(message);
    try {
      return await decoded(message.subarray(1));
    } catch (error) {
      throw new ValueError(
        "Cannot recv() a message sent with sendBytes() that encodes no object: use recvBytes()",
        { cause: error },
      );
    }
  }

  /**
   * Receives the next message as bytes (an object sent with `send` comes
   * as its encoding).
   *
   * @param maxlength The most bytes to accept.
   * @returns The bytes.
   * @throws {ValueError} If the message is longer than `maxlength`.
   * @throws {EOFError} If the other end is closed and nothing is left.
   */
  async recvBytes(maxlength?: number): Promise<Uint8Array> {
    if (
      maxlength !== undefined && (!Number.isInteger(maxlength) || maxlength < 0)
    ) {
      throw new ValueError("negative maxlength");
    }
    const message = raw(await this.#next());
    if (maxlength !== undefined && message.length > maxlength) {
      this.close();
      throw new ValueError("bad message length");
    }
    return message;
  }

  /**
   * Receives the next message into `buffer` at `offset`.
   *
   * @param buffer Where to write it.
   * @param offset Where in `buffer`.
   * @returns The message's length in bytes.
   * @throws {BufferTooShort} If it does not fit (the error carries it).
   * @throws {EOFError} If the other end is closed and nothing is left.
   */
  async recvBytesInto(
    buffer: ArrayBufferView | ArrayBuffer,
    offset = 0,
  ): Promise<number> {
    const target = ArrayBuffer.isView(buffer)
      ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      : new Uint8Array(buffer);
    if (offset < 0 || offset > target.length) {
      throw new ValueError("negative offset or offset beyond buffer");
    }
    const message = raw(await this.#next());
    if (offset + message.length > target.length) {
      throw new BufferTooShort(message);
    }
    target.set(message, offset);
    return message.length;
  }

  /**
   * Whether a message (or the end of the stream) is there to receive,
   * waiting up to `timeout` seconds for one.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options (`null` or `Infinity` to wait until one).
   * @returns `true` when `recv` would not wait.
   */
  async poll(options?: number | null | PollOptions): Promise<boolean> {
    this.#check("poll", "readable");
    const given = timeoutOptions("poll", options).timeout;
    const timeout = given === null
      ? Infinity
      : checkSeconds("poll", "timeout", given, ValueError) ?? 0;
    this.#transport.pull?.();
    if (this.#messages.length > 0 || this.#eof) return true;
    if (timeout <= 0) return false;
    await this.#wait(timeout);
    return this.#messages.length > 0 || this.#eof;
  }

  /** Closes this end: the other end's receives end with `EOFError`. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wakeAll(); // waiting receives end with "handle is closed"
    if (this.#movedTo === undefined) this.#transport.close();
  }

  /** Closes this end, as Python's `with conn:` does on exit. */
  [Symbol.dispose](): void {
    this.close();
  }

  async #next(): Promise<Uint8Array> {
    this.#check("receive", "readable");
    this.#transport.pull?.();
    while (this.#messages.length === 0) {
      if (this.#eof) throw new EOFError("The other end of the pipe is closed");
      await this.#wait(Infinity);
    }
    return this.#messages.shift()!;
  }

  // Waits for a message, the end, close() (then throws) or `timeout` s.
  async #wait(timeout: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: () => void = () => {};
    await new Promise<void>((resolve) => {
      wake = resolve;
      this.#waiters.add(resolve);
      this.#hold();
      if (timeout !== Infinity) timer = setTimeout(resolve, timeout * 1000);
    });
    clearTimeout(timer);
    this.#waiters.delete(wake);
    this.#hold();
    if (this.#closed) throw new ValueError("handle is closed");
  }

  #receive(message: LinkMessage): void {
    if (message === null) this.#eof = true;
    else this.#messages.push(message);
    this.#wakeAll();
  }

  #wakeAll(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
    this.#hold();
  }

  // A socket holds the event loop open only while someone waits on it.
  #hold(): void {
    this.#transport.hold?.(this.#waiters.size > 0);
  }

  /**
   * What `wait()` waits for: `null` when a message or the end of the
   * stream is there, else when one comes (or `signal` aborts).
   *
   * @ignore
   */
  [whenReady](signal: AbortSignal): Promise<void> | null {
    this.#check("wait on", "readable");
    this.#transport.pull?.();
    if (this.#messages.length > 0 || this.#eof) return null;
    return new Promise((resolve) => {
      const wake = (): void => {
        signal.removeEventListener("abort", wake);
        this.#waiters.delete(wake);
        this.#hold();
        resolve();
      };
      if (signal.aborted) return wake();
      this.#waiters.add(wake);
      this.#hold();
      signal.addEventListener("abort", wake, { once: true });
    });
  }

  #check(what: string, direction: "readable" | "writable"): void {
    if (this.#closed) throw new ValueError("handle is closed");
    if (this.#movedTo !== undefined) {
      throw new ValueError(
        `Cannot ${what} on this end: it was passed to process ${this.#movedTo}`,
      );
    }
    if (!this.#transport[direction]) {
      throw new ValueError(
        `connection is ${direction === "readable" ? "write" : "read"}-only`,
      );
    }
  }

  /**
   * What makes the end move to a child process (used by the package when
   * it is passed to one).
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown; moves: boolean } {
    if (this.#closed) throw new ValueError("handle is closed");
    const moving = this.#transport.moving;
    if (moving === undefined) {
      throw new TypeError(
        "Cannot pass a Connection made by Listener or Client to another process: only a Pipe's end can move to a child",
      );
    }
    // The messages already here go with it.
    const data = moving.call(
      this.#transport,
      this.#messages.items(),
      this.#eof,
    );
    return { tag: TAG, data, moves: true };
  }

  /**
   * Hands this end over to the child `name` (the messages already here
   * went with it): this object can no longer receive.
   *
   * @ignore
   */
  movedTo(name: string): void {
    this.#movedTo = name;
    this.#transport.moved?.();
    this.#messages.drain();
  }

  /** Whether this end went to another process. @ignore */
  get moved(): boolean {
    return this.#movedTo !== undefined;
  }

  /** The id of this end and of its peer. @ignore */
  get ids(): { id: string; peer: string } {
    const end = this.#transport.end!;
    return { id: end.id, peer: end.peer };
  }

  /**
   * Python's repr, `<Connection object at 0x1>`, with what this end can do:
   * `<Connection object at 0x1 readable writable>` (a duplex end), `...
   * readable>` or `... writable>` (one way), `... closed>`, or `... moved to
   * 'Process-1'>` once it went to that child. The address is an id that is
   * the same for the object's whole life.
   *
   * @returns The repr.
   */
  toString(): string {
    const state = this.#movedTo !== undefined
      ? [`moved to ${pyRepr(this.#movedTo)}`]
      : this.#closed
      ? ["closed"]
      : [
        ...(this.readable ? ["readable"] : []),
        ...(this.writable ? ["writable"] : []),
      ];
    return `<${this.constructor.name} object at ${objectId(this)} ${
      state.join(" ")
    }>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}

const RAW = 0xff;

async function decoded(record: Uint8Array): Promise<unknown> {
  const needs = readNeeds(record);
  if (needs !== undefined) await load(needs);
  return decodeBytes(record);
}

function raw(message: Uint8Array): Uint8Array {
  return message[0] === RAW ? message.subarray(1) : message;
}

// A pipe's end (see ./_pipe_transport.ts for how its messages travel).
function make(transport: PipeTransport): Connection {
  return construct(() => new Connection(transport));
}

/**
 * A pair of connected ends, as Python's `multiprocessing.Pipe(duplex)`.
 *
 * @example Within one process
 * ```ts
 * import { Pipe } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * a.send({ hello: "world" });
 * assert.deepEqual(await b.recv(), { hello: "world" });
 * assert.equal(await a.poll(), false);
 * b.close();
 * await a.recv().catch((e) => assert.equal(e.name, "EOFError"));
 * a.close();
 * ```
 *
 * @param options `duplex`, by position (Python's `Pipe(False)`) or in the
 * options.
 * @returns `[conn1, conn2]`; without `duplex`, conn1 receives and conn2
 * sends.
 */
export function Pipe(
  options?: boolean | PipeOptions,
): [Connection, Connection] {
  const { duplex = true } =
    positionalOptions<PipeOptions>("create Pipe", ["duplex"], [options]) ?? {};
  if (typeof duplex !== "boolean") {
    throw new TypeError(
      `Cannot create Pipe as 'duplex' must be a boolean: received ${
        describe(duplex)
      }`,
    );
  }
  const a = crypto.randomUUID();
  const b = crypto.randomUUID();
  const pair = { ends: [] };
  return [
    make(
      new PipeTransport(
        { id: a, peer: b, readable: true, writable: duplex },
        0,
        pair,
      ),
    ),
    make(
      new PipeTransport(
        { id: b, peer: a, readable: duplex, writable: true },
        1,
        pair,
      ),
    ),
  ];
}

registerShareable(TAG, import.meta.url, (state) => {
  const data = state.data as MovedEnd;
  return make(new PipeTransport(data, data.side ?? 0, undefined, data));
});
