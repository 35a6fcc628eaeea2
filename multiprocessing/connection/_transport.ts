// Copyright 2026 the @skein/concurrent authors. MIT license.
// How a Connection's messages travel: a pipe's end routed between
// processes (_internal/process_links.ts), or a socket from a Listener or a
// Client (./_socket.ts). One Connection class keeps the messages, the
// waiting and Python's API over either.
import type { LinkMessage } from "../../_internal/process_links.ts";

/** A pipe's end: its id, its peer's, and its directions. */
export interface End {
  readonly id: string;
  readonly peer: string;
  readonly readable: boolean;
  readonly writable: boolean;
}

/** What carries one Connection's messages. */
export interface Transport {
  readonly readable: boolean;
  readonly writable: boolean;
  /** A pipe's end, which can move to a child; absent for a socket. */
  readonly end?: End;
  /** Starts delivering: each message, then `null` when the peer is gone. */
  open(receive: (message: LinkMessage) => void): void;
  /** Sends one message (throws the error of an earlier failed write). */
  send(message: Uint8Array): void;
  /**
   * Sends the message `mark` then `bytes` without joining them first,
   * when it can (a ring copies them in at once); whether it did.
   */
  sendMarked?(mark: number, bytes: Uint8Array): boolean;
  /** Closes this end; the peer hears the end of the stream. */
  close(): void;
  /** Whether someone waits for a message (a socket then holds the loop). */
  hold?(held: boolean): void;
  /** Delivers the messages that are there now, at once (a ring's). */
  pull?(): void;
  /**
   * What moves this end to another process, with `pending` and `eof`,
   * what reached it here and was not taken (a pipe's end only).
   */
  moving?(pending: Uint8Array[], eof: boolean): unknown;
  /** The end now lives in another process. */
  moved?(): void;
}

let constructing = false;

/** Runs `make` with Connection's constructor allowed (package use only). */
export function construct<T>(make: () => T): T {
  constructing = true;
  try {
    return make();
  } finally {
    constructing = false;
  }
}

/** Whether construct() is running. */
export function isConstructing(): boolean {
  return constructing;
}

/**
 * The internal method `wait()` uses: `null` when the connection is ready
 * (a message or the end of the stream is there), else a promise that
 * settles when it becomes ready or `signal` aborts (at once when already
 * aborted: a check that leaves nothing behind).
 */
export const whenReady: unique symbol = Symbol("whenReady");

/** What `wait()` needs of a Connection. */
export interface Waitable {
  [whenReady](signal: AbortSignal): Promise<void> | null;
}
