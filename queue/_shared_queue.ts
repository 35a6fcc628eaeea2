// Copyright 2026 the @skein/concurrent authors. MIT license.
// The state machine of Python's queue.Queue (3.13, with shutdown) over a
// shared control array: one futex mutex, and three conditions (not empty,
// not full, all tasks done) as sequence words that waiters wait on with
// Atomics.wait or waitAsync. Every thread that holds the queue runs this
// same code on the same memory; the items live in Storage.
import { lockSync, SPINS, unlock } from "../_internal/futex.ts";
import { Deadline, waitAsync, waitSync } from "../_internal/wait.ts";
import { describe } from "../_internal/describe.ts";
import { checkSeconds } from "../_internal/seconds.ts";
import { encodeBytes } from "../_internal/wire_encode.ts";
import {
  decodeBytes,
  load,
  missing,
  type Needs,
  readNeeds,
} from "../_internal/wire_decode.ts";
import { CARRIES, NEEDS } from "../_internal/wire_tags.ts";
import { ValueError } from "../errors.ts";
import { Empty, Full, ShutDown } from "./errors.ts";
import { COUNT, Storage } from "./_storage.ts";

// The control words. What the mutex guards shares the first cache line,
// waiter counts included (the side that notifies reads them on every put or
// get); each condition's sequence word, which waiters spin on, has a line
// of its own.
const MUTEX = 0;
const UNFINISHED = 2;
const SHUTDOWN = 3;
const MAXSIZE = 4;
const NOT_EMPTY = 16;
const NOT_FULL = 32;
const ALL_DONE = 48;
// The count of waiters of the condition at word w is at w / 16 + WAITERS.
const WAITERS = 4;

/** Options of `put`, as Python's `put(item, block, timeout)`. */
export interface PutOptions {
  /**
   * Whether to wait for a free slot; with `false`, a full queue throws
   * {@linkcode Full} at once.
   *
   * @default {true}
   */
  block?: boolean;
  /**
   * Seconds to wait at most for a free slot, then {@linkcode Full}; forever
   * when omitted. Only with `block`; negative is a `ValueError`.
   */
  timeout?: number;
  /** Stops waiting and rejects with the reason (async `put` only). */
  signal?: AbortSignal;
}

/** Options of `get`, as Python's `get(block, timeout)`. */
export interface GetOptions {
  /**
   * Whether to wait for an item; with `false`, an empty queue throws
   * {@linkcode Empty} at once.
   *
   * @default {true}
   */
  block?: boolean;
  /**
   * Seconds to wait at most for an item, then {@linkcode Empty}; forever
   * when omitted. Only with `block`; negative is a `ValueError`.
   */
  timeout?: number;
  /** Stops waiting and rejects with the reason (async `get` only). */
  signal?: AbortSignal;
}

// What one attempt under the mutex came to: an item (an int32 or its
// record), a registered wait, or needs to load before the item can be taken.
const WAIT = Symbol("wait");
type Attempt = typeof WAIT | Needs | number | Uint8Array;

// encodeItem()'s result, read right after the call (no tuple to allocate
// on the hot path).
let encodedValue = 0;
let encodedBytes: Uint8Array | undefined;

/** One queue's shared state, and Python's algorithms over it. */
export class SharedQueue {
  readonly storage: Storage;
  #c: Int32Array;
  #seq = 0;
  #timeout: number | undefined;

  constructor(order: number, maxsize: number, buffers?: SharedArrayBuffer[]) {
    this.storage = new Storage(order, buffers);
    this.#c = this.storage.control;
    if (buffers === undefined) this.maxsize = maxsize;
  }

  /** The bound, shared by every thread; zero or less for none. */
  get maxsize(): number {
    return Atomics.load(this.#c, MAXSIZE);
  }

  set maxsize(maxsize: number) {
    Atomics.store(
      this.#c,
      MAXSIZE,
      Math.max(-(2 ** 31), Math.min(maxsize, 2 ** 31 - 1)),
    );
  }

  get buffers(): SharedArrayBuffer[] {
    const s = this.storage;
    return [this.#c.buffer as SharedArrayBuffer, s.indexBuffer, s.arenaBuffer];
  }

  qsize(): number {
    return Atomics.load(this.#c, COUNT);
  }

  full(): boolean {
    const max = this.#c[MAXSIZE]!;
    return max > 0 && this.qsize() >= max;
  }

  isShutdown(): boolean {
    return Atomics.load(this.#c, SHUTDOWN) === 1;
  }

  putSync(what: string, item: unknown, options: PutOptions): void {
    const block = this.#checkPut(what, options);
    const timeout = this.#timeout;
    encodeItem(item);
    const value = encodedValue;
    const bytes = encodedBytes;
    let deadline: Deadline | undefined;
    while (!this.#tryPut(value, bytes, block, timeout)) {
      deadline ??= new Deadline(timeout);
      const left = deadline.remaining();
      if (left === 0) throw this.#gaveUp(NOT_FULL, full(this.maxsize));
      if (!this.#spin(NOT_FULL)) waitSync(this.#c, NOT_FULL, this.#seq, left);
      Atomics.sub(this.#c, (NOT_FULL >> 4) + WAITERS, 1);
    }
  }

  async put(what: string, item: unknown, options: PutOptions): Promise<void> {
    const block = this.#checkPut(what, options);
    const timeout = this.#timeout;
    const { signal } = options;
    signal?.throwIfAborted();
    encodeItem(item);
    const value = encodedValue;
    if (this.#tryPut(value, encodedBytes, block, timeout)) return;
    const bytes = encodedBytes?.slice(); // the scratch is reused meanwhile
    const deadline = new Deadline(timeout);
    do {
      const left = deadline.remaining();
      if (left === 0) throw this.#gaveUp(NOT_FULL, full(this.maxsize));
      try {
        await waitAsync(this.#c, NOT_FULL, this.#seq, left, signal);
      } finally {
        Atomics.sub(this.#c, (NOT_FULL >> 4) + WAITERS, 1);
      }
    } while (!this.#tryPut(value, bytes, block, timeout));
  }

  getSync(what: string, options: GetOptions): unknown {
    const block = this.#checkGet(what, options);
    const timeout = this.#timeout;
    let deadline: Deadline | undefined;
    for (;;) {
      const attempt = this.#tryGet(block, timeout);
      if (typeof attempt === "number") return attempt;
      if (attempt instanceof Uint8Array) return decodeBytes(attempt);
      if (attempt === WAIT) {
        deadline ??= new Deadline(timeout);
        const left = deadline.remaining();
        if (left === 0) throw this.#gaveUp(NOT_EMPTY, empty());
        if (!this.#spin(NOT_EMPTY)) {
          waitSync(this.#c, NOT_EMPTY, this.#seq, left);
        }
        Atomics.sub(this.#c, (NOT_EMPTY >> 4) + WAITERS, 1);
      } else {
        throw new TypeError(
          `Cannot ${what} in this thread as ${
            missing(attempt)
          }: use the async get(), which loads it, or import its module first`,
        );
      }
    }
  }

  async get(what: string, options: GetOptions): Promise<unknown> {
    const block = this.#checkGet(what, options);
    const timeout = this.#timeout;
    const deadline = new Deadline(timeout);
    const { signal } = options;
    signal?.throwIfAborted();
    for (;;) {
      const attempt = this.#tryGet(block, timeout);
      if (typeof attempt === "number") return attempt;
      if (attempt instanceof Uint8Array) return decodeBytes(attempt);
      if (attempt === WAIT) {
        const left = deadline.remaining();
        if (left === 0) throw this.#gaveUp(NOT_EMPTY, empty());
        try {
          await waitAsync(this.#c, NOT_EMPTY, this.#seq, left, signal);
        } finally {
          Atomics.sub(this.#c, (NOT_EMPTY >> 4) + WAITERS, 1);
        }
      } else {
        await load(attempt);
        signal?.throwIfAborted();
      }
    }
  }

  taskDone(): void {
    const c = this.#lock();
    try {
      const unfinished = c[UNFINISHED]! - 1;
      if (unfinished < 0) {
        throw new ValueError("task_done() called too many times");
      }
      if (unfinished === 0) this.#notify(ALL_DONE, Infinity);
      c[UNFINISHED] = unfinished;
    } finally {
      unlock(c, MUTEX);
    }
  }

  joinSync(): void {
    while (this.#mustWaitForTasks()) {
      waitSync(this.#c, ALL_DONE, this.#seq);
      Atomics.sub(this.#c, (ALL_DONE >> 4) + WAITERS, 1);
    }
  }

  async join(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    while (this.#mustWaitForTasks()) {
      try {
        await waitAsync(this.#c, ALL_DONE, this.#seq, undefined, signal);
      } finally {
        Atomics.sub(this.#c, (ALL_DONE >> 4) + WAITERS, 1);
      }
    }
  }

  shutdown(immediate: boolean): void {
    const c = this.#lock();
    try {
      c[SHUTDOWN] = 1;
      if (immediate) {
        while (c[COUNT]! > 0) {
          drop(this.storage.take());
          if (c[UNFINISHED]! > 0) c[UNFINISHED] = c[UNFINISHED]! - 1;
        }
        this.#notify(ALL_DONE, Infinity);
      }
      this.#notify(NOT_EMPTY, Infinity);
      this.#notify(NOT_FULL, Infinity);
    } finally {
      unlock(c, MUTEX);
    }
  }

  #lock(): Int32Array {
    lockSync(this.#c, MUTEX, undefined);
    this.storage.refresh();
    return this.#c;
  }

  // Wakes up to `count` waiters of the condition at `word`.
  // Wakes up to `count` waiters of the condition at `word`.
  #notify(word: number, count: number): void {
    const c = this.#c;
    if (Atomics.load(c, (word >> 4) + WAITERS) === 0) return;
    Atomics.add(c, word, 1);
    Atomics.notify(c, word, count);
  }

  // Registers a waiter for the condition at `word`, under the mutex; the
  // sequence word it waits on is left in #seq.
  #willWait(word: number): void {
    this.#seq = Atomics.load(this.#c, word);
    Atomics.add(this.#c, (word >> 4) + WAITERS, 1);
  }

  // Before a blocking wait: a peer on another core often notifies within
  // microseconds, sooner than a sleep and wake-up would take.
  #spin(word: number): boolean {
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(this.#c, word) !== this.#seq) return true;
    }
    return false;
  }

  #gaveUp(word: number, error: Error): Error {
    Atomics.sub(this.#c, (word >> 4) + WAITERS, 1);
    return error;
  }

  #tryPut(
    value: number,
    bytes: Uint8Array | undefined,
    block: boolean,
    timeout: number | undefined,
  ): boolean {
    const c = this.#lock();
    try {
      if (c[SHUTDOWN] === 1) {
        throw new ShutDown("Cannot put into a shut-down queue");
      }
      const max = c[MAXSIZE]!;
      if (max > 0 && block && timeout! < 0) throw negativeTimeout();
      if (max > 0 && c[COUNT]! >= max) {
        if (!block) throw full(max);
        this.#willWait(NOT_FULL);
        return false;
      }
      this.storage.add(value, bytes);
      // Saturates rather than wrap, for queues whose tasks no one marks.
      c[UNFINISHED] = Math.min(c[UNFINISHED]! + 1, 2 ** 31 - 1);
      this.#notify(NOT_EMPTY, 1);
      return true;
    } finally {
      unlock(c, MUTEX);
    }
  }

  #tryGet(block: boolean, timeout: number | undefined): Attempt {
    const c = this.#lock();
    try {
      if (c[COUNT] === 0 && c[SHUTDOWN] === 1) {
        throw new ShutDown("Cannot get from a shut-down, empty queue");
      }
      if (block && timeout! < 0) throw negativeTimeout();
      if (c[COUNT] === 0) {
        if (!block) throw empty();
        this.#willWait(NOT_EMPTY);
        return WAIT;
      }
      const record = this.storage.peekRecord();
      if (record !== undefined && (record[0]! & NEEDS) !== 0) {
        const needs = readNeeds(record)!;
        if (missing(needs) !== undefined) return needs;
      }
      const item = this.storage.take();
      this.#notify(NOT_FULL, 1);
      return item;
    } finally {
      unlock(c, MUTEX);
    }
  }

  #mustWaitForTasks(): boolean {
    const c = this.#lock();
    try {
      if (c[UNFINISHED] === 0) return false;
      this.#willWait(ALL_DONE);
      return true;
    } finally {
      unlock(c, MUTEX);
    }
  }

  // Python checks shutdown first, then a negative timeout (only when it
  // could wait: put on a bounded queue, get always).
  // Each validates the arguments, returns `block` and leaves the timeout in
  // #timeout. The state checks (shut down? a negative timeout where it
  // could wait?) are made under the mutex, in Python's order.
  #checkPut(what: string, options: PutOptions): boolean {
    const block = checkBlock(what, options.block);
    this.#timeout = checkSeconds(what, "timeout", options.timeout, ValueError);
    return block;
  }

  #checkGet(what: string, options: GetOptions): boolean {
    const block = checkBlock(what, options.block);
    this.#timeout = checkSeconds(what, "timeout", options.timeout, ValueError);
    return block;
  }
}

function checkBlock(what: string, block: unknown): boolean {
  if (block === undefined) return true;
  if (typeof block !== "boolean") {
    throw new TypeError(
      `Cannot ${what} as 'block' must be a boolean: received ${
        describe(block)
      }`,
    );
  }
  return block;
}

function negativeTimeout(): ValueError {
  return new ValueError("'timeout' must be a non-negative number");
}

function full(maxsize: number): Full {
  return new Full(`Cannot put into a full queue (maxsize ${maxsize})`);
}

function empty(): Empty {
  return new Empty("Cannot get from an empty queue");
}

// An int32 is stored as itself; anything else as a record of the codec.
function encodeItem(item: unknown): void {
  if (typeof item === "number" && (item | 0) === item && !Object.is(item, -0)) {
    encodedValue = item;
    encodedBytes = undefined;
  } else {
    encodedValue = 0;
    encodedBytes = encodeBytes(item, "item");
  }
}

// An item dropped by shutdown({ immediate }): decoded when it carries
// SharedArrayBuffers, to take them out of Deno's store, where it can be.
function drop(item: number | Uint8Array): void {
  if (typeof item === "number" || (item[0]! & CARRIES) === 0) return;
  const needs = readNeeds(item);
  if (needs !== undefined && missing(needs) !== undefined) return;
  try {
    decodeBytes(item);
  } catch {
    // nothing else can be done for it
  }
}
