// Copyright 2026 the @skein/concurrent authors. MIT license.
// A FIFO queue's items: two rings in growable SharedArrayBuffers, written
// by the thread holding the put mutex and read by the one holding the get
// mutex, so a producer and a consumer never wait for each other.
//
// The index ring has one entry per item, at its position modulo the slots:
// [-1, value] for an int32, else [byte length, arena position] of its record
// (wire_encode.ts). The arena is a ring of bytes; a record never wraps (the
// bytes left at the end are skipped). Positions only grow, as int32s that
// wrap; both sizes are powers of two, so a position masks to its offset,
// and when a ring doubles, the entries and bytes that must move are exactly
// those whose position has the old size's bit set.
import { lockSync, unlock } from "../_internal/futex.ts";
import {
  ARENA,
  ARENA_HEAD,
  ARENA_TAIL,
  copyOut,
  GET_MUTEX,
  HEAD,
  INLINE,
  type Items,
  MAX_ARENA,
  MAX_INDEX,
  newBuffers,
  SLOTS,
  TAIL,
  tooBig,
  tooMany,
} from "./_layout.ts";

/** The items of a FIFO queue: this thread's views of the shared rings. */
export class Ring implements Items {
  readonly control: Int32Array;
  readonly indexBuffer: SharedArrayBuffer;
  readonly arenaBuffer: SharedArrayBuffer;
  // What this thread last saw of the other side's position: the head
  // only grows and the tail only grows, so an old value errs on the safe
  // side, and is read again only when it says full or empty.
  #head = 0;
  #tail = 0;
  #index: Int32Array = new Int32Array(0);
  #arena: Uint8Array = new Uint8Array(0);

  constructor(buffers: readonly SharedArrayBuffer[] = newBuffers(2)) {
    this.control = new Int32Array(buffers[0]!);
    this.indexBuffer = buffers[1]!;
    this.arenaBuffer = buffers[2]!;
  }

  refresh(): void {
    const c = this.control;
    if (this.#index.length !== c[SLOTS]! * 2) {
      this.#index = new Int32Array(this.indexBuffer, 0, c[SLOTS]! * 2);
    }
    if (this.#arena.length !== c[ARENA]) {
      this.#arena = new Uint8Array(this.arenaBuffer, 0, c[ARENA]);
    }
  }

  size(): number {
    const head = Atomics.load(this.control, HEAD);
    return (Atomics.load(this.control, TAIL) - head) | 0;
  }

  puts(): number {
    return Atomics.load(this.control, TAIL);
  }

  hasRoom(max: number): boolean {
    const tail = this.control[TAIL]!;
    if (((tail - this.#head) | 0) < max) return true;
    this.#head = Atomics.load(this.control, HEAD);
    return ((tail - this.#head) | 0) < max;
  }

  hasItem(): boolean {
    const head = this.control[HEAD]!;
    if (((this.#tail - head) | 0) > 0) return true;
    this.#tail = Atomics.load(this.control, TAIL);
    return ((this.#tail - head) | 0) > 0;
  }

  commit(): void {
    Atomics.store(this.control, TAIL, (this.control[TAIL]! + 1) | 0);
  }

  add(value: number, bytes: Uint8Array | undefined): void {
    const c = this.control;
    // The index first: if it cannot grow, nothing has changed.
    if (!this.hasRoom(c[SLOTS]!)) this.#growIndex();
    let length = INLINE;
    if (bytes !== undefined) {
      length = bytes.length;
      value = this.#place(length);
      this.#arena.set(bytes, value & (c[ARENA]! - 1));
      c[ARENA_TAIL] = (value + length) | 0;
    }
    const at = (c[TAIL]! & (c[SLOTS]! - 1)) * 2;
    this.#index[at] = length;
    this.#index[at + 1] = value;
  }

  peekRecord(): Uint8Array | undefined {
    const c = this.control;
    const at = (c[HEAD]! & (c[SLOTS]! - 1)) * 2;
    const length = this.#index[at]!;
    if (length === INLINE) return undefined;
    const offset = this.#index[at + 1]! & (c[ARENA]! - 1);
    return this.#arena.subarray(offset, offset + length);
  }

  take(): number | Uint8Array {
    const c = this.control;
    const at = (c[HEAD]! & (c[SLOTS]! - 1)) * 2;
    const length = this.#index[at]!;
    const value = this.#index[at + 1]!;
    const head = (c[HEAD]! + 1) | 0;
    if (length === INLINE) {
      Atomics.store(c, HEAD, head);
      return value;
    }
    const record = copyOut(this.#arena, value & (c[ARENA]! - 1), length);
    Atomics.store(c, ARENA_HEAD, (value + length) | 0);
    Atomics.store(c, HEAD, head);
    return record;
  }

  // The arena position for a record of `length` bytes, growing the arena
  // if they do not fit.
  #place(length: number): number {
    const c = this.control;
    for (;;) {
      const size = c[ARENA]!;
      const tail = c[ARENA_TAIL]!;
      const at = tail & (size - 1);
      const start = at + length > size ? (tail + size - at) | 0 : tail;
      const used = (start - Atomics.load(c, ARENA_HEAD)) | 0;
      if (used + length <= size) return start;
      if (used + length > MAX_ARENA) {
        throw tooBig(length, (tail - Atomics.load(c, ARENA_HEAD)) | 0);
      }
      this.#growArena(used + length);
    }
  }

  // Growth moves what consumers read, so it holds the get mutex too (taken
  // after the put mutex, as everywhere).
  #growIndex(): void {
    const c = this.control;
    const slots = c[SLOTS]!;
    if (slots * 2 * 2 * 4 > MAX_INDEX) throw tooMany(slots);
    lockSync(c, GET_MUTEX, undefined);
    try {
      this.indexBuffer.grow(slots * 2 * 2 * 4);
      c[SLOTS] = slots * 2;
      this.refresh();
      const index = this.#index;
      for (let p = c[HEAD]!; p !== c[TAIL]!; p = (p + 1) | 0) {
        if ((p & slots) === 0) continue;
        const from = (p & (slots - 1)) * 2;
        index.copyWithin((p & (slots * 2 - 1)) * 2, from, from + 2);
      }
    } finally {
      unlock(c, GET_MUTEX);
    }
  }

  #growArena(needed: number): void {
    const c = this.control;
    lockSync(c, GET_MUTEX, undefined);
    try {
      const old = c[ARENA]!;
      let size = old * 2;
      while (size < needed) size *= 2;
      this.arenaBuffer.grow(size);
      c[ARENA] = size;
      this.refresh();
      // The live bytes, a block of the old size at a time.
      const arena = this.#arena;
      const end = c[ARENA_TAIL]!;
      let p = c[ARENA_HEAD]!;
      while (p !== end) {
        const left = (end - p) | 0;
        const at = p & (old - 1);
        const run = Math.min(left, old - at);
        const to = p & (size - 1);
        if (to !== at) arena.copyWithin(to, at, at + run);
        p = (p + run) | 0;
      }
    } finally {
      unlock(c, GET_MUTEX);
    }
  }
}
