// Copyright 2026 the @skein/concurrent authors. MIT license.
// The messages between a thread that hands out work and a worker thread.
import type { Encoded } from "./codec.ts";
import type { FunctionRef } from "./ship.ts";

/** A task for a worker: call `fn(...args)`. */
export interface TaskMessage {
  readonly id: number;
  readonly fn: FunctionRef;
  /** The encoded argument array. */
  readonly args: Encoded;
  /** The ident of the thread the task runs as. */
  readonly ident: number;
  /** The process-wide ident counters (see ident.ts). */
  readonly counters: SharedArrayBuffer;
  /** The program's main module, searched for shipped functions. */
  readonly mainModule: string;
}

/** A task's outcome: its encoded result, or the encoded exception. */
export interface TaskReply {
  readonly id: number;
  readonly ok: boolean;
  readonly value: Encoded;
}

/**
 * What a heap-limited worker sends when it finds it has reached its limit
 * without being ended (see heap_limit.ts): no task has id 0.
 */
export interface HeapLimitNotice {
  readonly id: 0;
  readonly heapLimitReached: true;
}
