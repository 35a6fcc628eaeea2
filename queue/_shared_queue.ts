// Copyright 2026 the @skein/concurrent authors. MIT license.
// The state machine of Python's queue.Queue (3.13, with shutdown) over a
// shared control array (_layout.ts). Every thread that holds the queue runs
// this same code on the same memory; the items live in a Ring (FIFO) or a
// Storage (LIFO, priority).
//
// A FIFO queue has two futex mutexes, one for puts and one for gets, and an
// atomic count of its items: a put counts its item in once it is written,
// a get counts it out once it is read, so a producer and a consumer never
// hold each other up. The three conditions (not empty, not full, all tasks
// done) are sequence words that waiters sleep on with Atomics.wait or
// waitAsync, and waiter counts. A waiter counts itself in, then reads the
// sequence, then looks at the state once more; the other side changes the
// state, then reads the count, and bumps the sequence and notifies if it is
// not zero. As all of these are sequentially consistent atomics, either the
// waiter sees the change or the other side sees the waiter: no wake-up is
// lost.
import { lockSync, unlock } from "../_internal/futex.ts";
import { Deadline, waitAsync, waitSync } from "../_internal/wait.ts";
import { describe } from "../_internal/describe.ts";
import { checkTimeout } from "../_internal/seconds.ts";
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
import {
  ALL_DONE,
  DONE,
  FIFO,
  GET_MUTEX,
  type Items,
  MAXSIZE,
  NOT_EMPTY,
  NOT_FULL,
  PUT_MUTEX,
  SHUTDOWN,
  waitersOf,
} from "./_layout.ts";
import { Ring } from "./_ring.ts";
import { Storage } from "./_storage.ts";

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
   * when omitted or `null` (Python's None). Only with `block`; negative is
   * a `ValueError`.
   */
  timeout?: number | null;
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
   * when omitted or `null` (Python's None). Only with `block`; negative is
   * a `ValueError`.
   */
  timeout?: number | null;
  /** Stops waiting and rejects with the reason (async `get` only). */
  signal?: AbortSignal;
}

// What one attempt came to: an item (an int32 or its record), a wait, or
// needs to load before the item can be taken.
const WAIT = Symbol("wait");
type Attempt = typeof WAIT | Needs | number | Uint8Array;

// What an attempt that finds it must wait does: return WAIT with nothing
// registered (before spinning), register as a waiter, or give up as the
// deadline has passed.
const PEEK = 0;
const REGISTER = 1;
const EXPIRED = 2;
type Mode = typeof PEEK | typeof REGISTER | typeof EXPIRED;
// How many loads a blocking put or get spins before it registers to sleep:
// a peer on another core often puts or gets within microseconds, sooner
// than a sleep and wake-up would take. Each load is followed by a pause
// hint, so the spinner does not take the peer's cache line on every
// item: the peer puts (or gets) several while it pauses, and they are
// then taken in a batch (1M ints thread -> thread: 255 ms -> 105 ms).
const SPINS = 2000;

// encodeItem()'s result, read right after the call (no tuple to allocate
// on the hot path).
let encodedValue = 0;
let encodedBytes: Uint8Array | undefined;

/** One queue's shared state, and Python's algorithms over it. */
export class SharedQueue {
  readonly items: Items;
  #c: Int32Array;
  // The mutex gets take: a FIFO queue's own, else the put mutex.
  #getMutex: number;
  #seq = 0;
  #timeout: number | undefined;

  constructor(order: number, maxsize: number, buffers?: SharedArrayBuffer[]) {
    this.items = order === FIFO
      ? new Ring(buffers)
      : new Storage(order, buffers);
    this.#c = this.items.control;
    this.#getMutex = order === FIFO ? GET_MUTEX : PUT_MUTEX;
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
    const s = this.items;
    return [this.#c.buffer as SharedArrayBuffer, s.indexBuffer, s.arenaBuffer];
  }

  qsize(): number {
    return this.items.size();
  }

  full(): boolean {
    const max = this.maxsize;
    return max > 0 && this.qsize() >= max;
  }

  isShutdown(): boolean {
    return Atomics.load(this.#c, SHUTDOWN) === 1;
  }

  putSync(what: string, item: unknown, options: PutOptions): void {
    const block = this.#check(what, options);
    encodeItem(item);
    this.#putSync(block);
  }

  /** putSync() of an item already encoded: a record of the wire codec. */
  putRecordSync(what: string, record: Uint8Array, options: PutOptions): void {
    const block = this.#check(what, options);
    encodedValue = 0;
    encodedBytes = record;
    this.#putSync(block);
  }

  async put(what: string, item: unknown, options: PutOptions): Promise<void> {
    const block = this.#check(what, options);
    options.signal?.throwIfAborted();
    encodeItem(item);
    await this.#put(block, options.signal);
  }

  /** put() of an item already encoded: a record of the wire codec. */
  async putRecord(
    what: string,
    record: Uint8Array,
    options: PutOptions,
  ): Promise<void> {
    const block = this.#check(what, options);
    options.signal?.throwIfAborted();
    encodedValue = 0;
    encodedBytes = record;
    await this.#put(block, options.signal);
  }

  // A put of the item encodeItem() left, with the timeout #check() left.
  #putSync(block: boolean): void {
    const timeout = this.#timeout;
    const value = encodedValue;
    const bytes = encodedBytes;
    if (this.#tryPut(value, bytes, block, timeout, PEEK)) return;
    if (
      this.#spin(NOT_FULL) && this.#tryPut(value, bytes, block, timeout, PEEK)
    ) return;
    const deadline = new Deadline(timeout);
    for (;;) {
      const mode = deadline.expired() ? EXPIRED : REGISTER;
      if (this.#tryPut(value, bytes, block, timeout, mode)) return;
      this.#sleepSync(NOT_FULL, deadline.remaining());
    }
  }

  async #put(block: boolean, signal: AbortSignal | undefined): Promise<void> {
    const timeout = this.#timeout;
    const value = encodedValue;
    const deadline = new Deadline(timeout);
    let mode: Mode = deadline.expired() ? EXPIRED : REGISTER;
    if (this.#tryPut(value, encodedBytes, block, timeout, mode)) return;
    const bytes = encodedBytes?.slice(); // the scratch is reused meanwhile
    for (;;) {
      await this.#sleep(NOT_FULL, deadline.remaining(), signal);
      mode = deadline.expired() ? EXPIRED : REGISTER;
      if (this.#tryPut(value, bytes, block, timeout, mode)) return;
    }
  }

  getSync(what: string, options: GetOptions): unknown {
    const block = this.#check(what, options);
    const timeout = this.#timeout;
    let attempt = this.#tryGet(block, timeout, PEEK);
    if (attempt === WAIT && this.#spin(NOT_EMPTY)) {
      attempt = this.#tryGet(block, timeout, PEEK);
    }
    if (attempt === WAIT) {
      const deadline = new Deadline(timeout);
      for (;;) {
        attempt = this.#tryGet(
          block,
          timeout,
          deadline.expired() ? EXPIRED : REGISTER,
        );
        if (attempt !== WAIT) break;
        this.#sleepSync(NOT_EMPTY, deadline.remaining());
      }
    }
    if (typeof attempt === "number") return attempt;
    if (attempt instanceof Uint8Array) return decodeBytes(attempt);
    throw new TypeError(
      `Cannot ${what} in this thread as ${
        missing(attempt)
      }: use the async get(), which loads it, or import its module first`,
    );
  }

  get(what: string, options: GetOptions): Promise<unknown> {
    return this.#get(what, options, false);
  }

  /**
   * get() of the item's record of the wire codec, as it was put (a copy),
   * not decoded: for passing on to another process. An int32 item comes
   * as its record.
   */
  getRecord(what: string, options: GetOptions): Promise<Uint8Array> {
    return this.#get(what, options, true) as Promise<Uint8Array>;
  }

  // The item, or with `raw` its record. Either is made in the same
  // synchronous run as the take: the record is in a scratch buffer that
  // the next take in this thread reuses.
  async #get(
    what: string,
    options: GetOptions,
    raw: boolean,
  ): Promise<unknown> {
    const block = this.#check(what, options);
    const timeout = this.#timeout;
    const deadline = new Deadline(timeout);
    const { signal } = options;
    signal?.throwIfAborted();
    for (;;) {
      const mode = deadline.expired() ? EXPIRED : REGISTER;
      const attempt = this.#tryGet(block, timeout, mode, raw);
      if (typeof attempt === "number") {
        return raw ? encodeBytes(attempt, "item", true).slice() : attempt;
      }
      if (attempt instanceof Uint8Array) {
        return raw ? attempt.slice() : decodeBytes(attempt);
      }
      if (attempt === WAIT) {
        await this.#sleep(NOT_EMPTY, deadline.remaining(), signal);
      } else {
        await load(attempt);
        signal?.throwIfAborted();
      }
    }
  }

  taskDone(): void {
    const c = this.#c;
    for (;;) {
      const done = Atomics.load(c, DONE);
      const unfinished = (this.items.puts() - done) | 0;
      if (unfinished <= 0) {
        throw new ValueError("task_done() called too many times");
      }
      if (Atomics.compareExchange(c, DONE, done, (done + 1) | 0) === done) {
        if (unfinished === 1) this.#notify(ALL_DONE, Infinity);
        return;
      }
    }
  }

  joinSync(): void {
    while (this.#mustWaitForTasks()) {
      this.#sleepSync(ALL_DONE, undefined);
    }
  }

  async join(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    while (this.#mustWaitForTasks()) {
      await this.#sleep(ALL_DONE, undefined, signal);
    }
  }

  shutdown(immediate: boolean): void {
    const c = this.#c;
    lockSync(c, PUT_MUTEX, undefined);
    if (this.#getMutex !== PUT_MUTEX) lockSync(c, this.#getMutex, undefined);
    try {
      this.items.refresh();
      Atomics.store(c, SHUTDOWN, 1);
      if (immediate) {
        let dropped = 0;
        while (this.items.hasItem()) {
          drop(this.items.take());
          dropped++;
        }
        this.#markDone(dropped);
        this.#notify(ALL_DONE, Infinity);
      }
      this.#notify(NOT_EMPTY, Infinity);
      this.#notify(NOT_FULL, Infinity);
    } finally {
      if (this.#getMutex !== PUT_MUTEX) unlock(c, this.#getMutex);
      unlock(c, PUT_MUTEX);
    }
  }

  // Wakes up to `count` waiters of the condition at `word`, if any.
  #notify(word: number, count: number): void {
    const c = this.#c;
    if (Atomics.load(c, waitersOf(word)) === 0) return;
    Atomics.add(c, word, 1);
    Atomics.notify(c, word, count);
  }

  // Counts this thread in as a waiter of the condition at `word`, leaving
  // the sequence to wait on in #seq. The caller looks at the state again
  // before it waits (see the top of the file).
  #register(word: number): void {
    Atomics.add(this.#c, waitersOf(word), 1);
    this.#seq = Atomics.load(this.#c, word);
  }

  // Sleeps on the condition at `word` from the sequence #register() left,
  // then counts this thread out as its waiter. #sleep() must be called in
  // the same synchronous run as the #register() before it.
  #sleepSync(word: number, timeout: number | undefined): void {
    waitSync(this.#c, word, this.#seq, timeout);
    Atomics.sub(this.#c, waitersOf(word), 1);
  }

  async #sleep(
    word: number,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    try {
      await waitAsync(this.#c, word, this.#seq, timeout, signal);
    } finally {
      Atomics.sub(this.#c, waitersOf(word), 1);
    }
  }

  // Loads and pauses only, no mutex: returns as soon as a put or get may
  // succeed.
  #spin(word: number): boolean {
    const c = this.#c;
    for (let i = 0; i < SPINS; i++) {
      if (Atomics.load(c, SHUTDOWN) === 1) return true;
      const count = this.items.size();
      if (word === NOT_EMPTY ? count > 0 : count < Atomics.load(c, MAXSIZE)) {
        return true;
      }
      Atomics.pause();
    }
    return false;
  }

  // One put under the put mutex: true when the item went in; false when
  // the queue is full and `mode` allows waiting (with REGISTER, counted in
  // as a waiter).
  #tryPut(
    value: number,
    bytes: Uint8Array | undefined,
    block: boolean,
    timeout: number | undefined,
    mode: Mode,
  ): boolean {
    const c = this.#c;
    lockSync(c, PUT_MUTEX, undefined);
    try {
      this.items.refresh();
      if (c[SHUTDOWN] === 1) {
        throw new ShutDown("Cannot put into a shut-down queue");
      }
      const max = Atomics.load(c, MAXSIZE);
      if (max > 0 && block && timeout! < 0) throw negativeTimeout();
      if (max > 0 && !this.items.hasRoom(max)) {
        if (!block || mode === EXPIRED) throw full(max);
        if (mode === PEEK) return false;
        this.#register(NOT_FULL);
        if (!this.items.hasRoom(max)) return false;
        Atomics.sub(c, waitersOf(NOT_FULL), 1); // a get made room meanwhile
      }
      this.items.add(value, bytes);
      this.items.commit();
      this.#notify(NOT_EMPTY, 1);
      return true;
    } finally {
      unlock(c, PUT_MUTEX);
    }
  }

  // One get under the get mutex, as #tryPut; `raw` takes a record even if
  // this thread lacks the modules its decoding needs.
  #tryGet(
    block: boolean,
    timeout: number | undefined,
    mode: Mode,
    raw = false,
  ): Attempt {
    const c = this.#c;
    lockSync(c, this.#getMutex, undefined);
    try {
      this.items.refresh();
      const some = this.items.hasItem();
      if (!some && c[SHUTDOWN] === 1) {
        throw new ShutDown("Cannot get from a shut-down, empty queue");
      }
      if (block && timeout! < 0) throw negativeTimeout();
      if (!some) {
        if (!block || mode === EXPIRED) throw empty();
        if (mode === PEEK) return WAIT;
        this.#register(NOT_EMPTY);
        if (!this.items.hasItem()) return WAIT;
        Atomics.sub(c, waitersOf(NOT_EMPTY), 1); // a put came meanwhile
      }
      const record = this.items.peekRecord();
      if (!raw && record !== undefined && (record[0]! & NEEDS) !== 0) {
        const needs = readNeeds(record)!;
        if (missing(needs) !== undefined) return needs;
      }
      const item = this.items.take();
      this.#notify(NOT_FULL, 1);
      return item;
    } finally {
      unlock(c, this.#getMutex);
    }
  }

  // Python's unfinished_tasks. DONE is read first: a zero then means that
  // all puts so far are done.
  #unfinished(): number {
    const done = Atomics.load(this.#c, DONE);
    return (this.items.puts() - done) | 0;
  }

  // Marks up to `n` tasks done, as many as are unfinished.
  #markDone(n: number): void {
    const c = this.#c;
    for (;;) {
      const done = Atomics.load(c, DONE);
      const k = Math.min(n, Math.max(0, (this.items.puts() - done) | 0));
      if (Atomics.compareExchange(c, DONE, done, (done + k) | 0) === done) {
        return;
      }
    }
  }

  #mustWaitForTasks(): boolean {
    const c = this.#c;
    if (this.#unfinished() === 0) return false;
    this.#register(ALL_DONE);
    if (this.#unfinished() !== 0) return true;
    Atomics.sub(c, waitersOf(ALL_DONE), 1);
    return false;
  }

  // Validates the options of a put or get, returns `block` and leaves the
  // timeout in #timeout. The state checks (shut down? a negative timeout
  // where it could wait?) are made under the mutex, in Python's order.
  #check(what: string, options: PutOptions | GetOptions): boolean {
    const block = checkBlock(what, options.block);
    this.#timeout = checkTimeout(what, options.timeout, ValueError);
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
