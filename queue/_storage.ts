// Copyright 2026 the @skein/concurrent authors. MIT license.
// A LIFO or priority queue's items in shared memory. Every method runs
// under the queue's put mutex, its only one (see _shared_queue.ts); FIFO
// queues keep theirs in _ring.ts.
//
// Two growable SharedArrayBuffers hold them. The index has one entry per
// item: [-1, value] for an int32 (no bytes at all), else [byte length,
// offset] of its record in the arena, plus an insertion number for the
// priority order. The arena holds the records (wire_encode.ts), allocated
// at its top; space freed by taken items is reclaimed when the queue empties
// or, once it is at least half the arena, by compacting.
import { compareEncoded } from "../_internal/wire_order.ts";
import { readNeeds } from "../_internal/wire_decode.ts";
import { INT, NEEDS } from "../_internal/wire_tags.ts";
import {
  ARENA,
  copyOut,
  COUNT,
  FREED,
  INLINE,
  INSERTIONS,
  type Items,
  LIFO,
  MAX_ARENA,
  MAX_INDEX,
  newBuffers,
  PRIORITY,
  PUTS,
  SLOTS,
  tooBig,
  tooMany,
  TOP,
} from "./_layout.ts";

/** The items of a LIFO or priority queue: its views of the shared buffers. */
export class Storage implements Items {
  readonly control: Int32Array;
  readonly indexBuffer: SharedArrayBuffer;
  readonly arenaBuffer: SharedArrayBuffer;
  readonly order: number;
  #width: number;
  #index: Int32Array;
  #arena: Uint8Array;

  constructor(
    order: number,
    buffers?: readonly SharedArrayBuffer[],
  ) {
    this.order = order;
    this.#width = order === PRIORITY ? 3 : 2;
    buffers ??= newBuffers(this.#width);
    this.control = new Int32Array(buffers[0]!);
    this.indexBuffer = buffers[1]!;
    this.arenaBuffer = buffers[2]!;
    this.#index = new Int32Array(0);
    this.#arena = new Uint8Array(0);
  }

  refresh(): void {
    const c = this.control;
    if (this.#index.length !== c[SLOTS]! * this.#width) {
      this.#index = new Int32Array(
        this.indexBuffer,
        0,
        c[SLOTS]! * this.#width,
      );
    }
    if (this.#arena.length !== c[ARENA]) {
      this.#arena = new Uint8Array(this.arenaBuffer, 0, c[ARENA]);
    }
  }

  size(): number {
    return Atomics.load(this.control, COUNT);
  }

  hasRoom(max: number): boolean {
    return this.control[COUNT]! < max;
  }

  hasItem(): boolean {
    return this.control[COUNT]! > 0;
  }

  puts(): number {
    return Atomics.load(this.control, PUTS);
  }

  commit(): void {
    const c = this.control;
    Atomics.store(c, PUTS, (c[PUTS]! + 1) | 0);
    Atomics.store(c, COUNT, c[COUNT]! + 1);
  }

  /**
   * Adds an item: an int32 `value`, or the record `bytes`.
   *
   * @throws {TypeError} If a priority item cannot be ordered against the
   * items it meets; the queue is unchanged.
   * @throws {ValueError} If the record does not fit in the arena.
   */
  add(value: number, bytes: Uint8Array | undefined): void {
    const c = this.control;
    const count = c[COUNT]!;
    let slot: number;
    if (this.order === PRIORITY) {
      slot = this.#siftUpTarget(value, bytes); // may throw: nothing changed
    } else slot = -1;
    let length = INLINE;
    let offset = value;
    if (bytes !== undefined) {
      offset = this.#allocate(bytes.length);
      this.#arena.set(bytes, offset);
      length = bytes.length;
    }
    if (count === c[SLOTS]) this.#growIndex();
    const index = this.#index;
    const w = this.#width;
    let at: number;
    if (this.order === LIFO) {
      at = count * w;
    } else {
      // Move the parents on the way down, then place the item.
      let i = count;
      while (i > slot) {
        const parent = (i - 1) >> 1;
        index.copyWithin(i * w, parent * w, parent * w + w);
        i = parent;
      }
      at = slot * w;
      index[at + 2] = c[INSERTIONS]!;
      c[INSERTIONS] = (c[INSERTIONS]! + 1) | 0;
    }
    index[at] = length;
    index[at + 1] = offset;
  }

  /**
   * The record of the item take() would return, to check its needs; the
   * bytes are a view, valid until the mutex is released.
   */
  peekRecord(): Uint8Array | undefined {
    const at = this.#nextAt();
    const length = this.#index[at]!;
    if (length === INLINE) return undefined;
    const offset = this.#index[at + 1]!;
    return this.#arena.subarray(offset, offset + length);
  }

  /**
   * Removes the next item: an int32, or a copy of its record in a scratch
   * buffer of this thread, valid until the next take().
   */
  take(): number | Uint8Array {
    const c = this.control;
    const index = this.#index;
    const at = this.#nextAt();
    const length = index[at]!;
    const offset = index[at + 1]!;
    const count = c[COUNT]! - 1;
    if (this.order === PRIORITY && count > 0) this.#siftDown(count);
    Atomics.store(c, COUNT, count);
    if (length === INLINE) {
      if (count === 0) this.#reset();
      return offset;
    }
    const record = copyOut(this.#arena, offset, length);
    if (count === 0) this.#reset();
    else if (offset + length === c[TOP]) c[TOP] = offset;
    else c[FREED] = c[FREED]! + length;
    return record;
  }

  #nextAt(): number {
    return this.order === LIFO ? (this.control[COUNT]! - 1) * this.#width : 0;
  }

  #reset(): void {
    const c = this.control;
    c[TOP] = 0;
    c[FREED] = 0;
  }

  #allocate(length: number): number {
    const c = this.control;
    if (c[TOP]! + length > c[ARENA]!) this.#makeRoom(length);
    const offset = c[TOP]!;
    c[TOP] = offset + length;
    return offset;
  }

  #makeRoom(length: number): void {
    const c = this.control;
    const live = c[TOP]! - c[FREED]!;
    if (live + length > MAX_ARENA) throw tooBig(length, live);
    const atMost = c[ARENA] === MAX_ARENA;
    if (c[FREED]! > 0 && (c[FREED]! * 2 >= c[TOP]! || atMost)) {
      this.#compact();
    }
    if (c[TOP]! + length <= c[ARENA]!) return;
    let size = c[ARENA]! * 2;
    while (size < c[TOP]! + length) size *= 2;
    size = Math.min(size, MAX_ARENA);
    this.arenaBuffer.grow(size);
    c[ARENA] = size;
    this.refresh();
  }

  // Copies the live records to the bottom of the arena, in index order.
  #compact(): void {
    const c = this.control;
    const index = this.#index;
    const w = this.#width;
    const arena = this.#arena;
    const live = new Uint8Array(c[TOP]! - c[FREED]!);
    let top = 0;
    for (let i = 0; i < c[COUNT]!; i++) {
      const at = i * w;
      const length = index[at]!;
      if (length === INLINE) continue;
      const offset = index[at + 1]!;
      live.set(arena.subarray(offset, offset + length), top);
      index[at + 1] = top;
      top += length;
    }
    arena.set(live);
    c[TOP] = top;
    c[FREED] = 0;
  }

  #growIndex(): void {
    const c = this.control;
    const slots = c[SLOTS]!;
    const w = this.#width;
    if (slots * 2 * w * 4 > MAX_INDEX) throw tooMany(slots);
    this.indexBuffer.grow(slots * 2 * w * 4);
    c[SLOTS] = slots * 2;
    this.refresh();
  }

  // The slot a new priority item rises to, found before anything moves.
  #siftUpTarget(value: number, bytes: Uint8Array | undefined): number {
    let i = this.control[COUNT]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compareNew(value, bytes, parent) >= 0) break;
      i = parent;
    }
    return i;
  }

  // Restores the heap after its root left, the last entry moving down.
  #siftDown(count: number): void {
    const index = this.#index;
    const w = this.#width;
    const last = count * w;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= count) break;
      let child = left;
      if (left + 1 < count && this.#less((left + 1) * w, left * w)) {
        child = left + 1;
      }
      if (!this.#less(child * w, last)) break;
      index.copyWithin(i * w, child * w, child * w + w);
      i = child;
    }
    index.copyWithin(i * w, last, last + w);
  }

  // Whether the entry at x comes before the one at y: by value, then by
  // insertion. Items that turn out unorderable while taking go by
  // insertion, so a take never fails half done.
  #less(x: number, y: number): boolean {
    const index = this.#index;
    let c: number;
    try {
      c = this.#compareEntries(x, y);
    } catch {
      c = 0;
    }
    return c < 0 || (c === 0 && ((index[x + 2]! - index[y + 2]!) | 0) < 0);
  }

  #compareEntries(x: number, y: number): number {
    const index = this.#index;
    if (index[x] === INLINE && index[y] === INLINE) {
      return index[x + 1]! - index[y + 1]!;
    }
    const [bx, ix] = this.#operand(x, 0);
    const [by, iy] = this.#operand(y, 1);
    return compareEncoded(bx, ix, by, iy);
  }

  #compareNew(
    value: number,
    bytes: Uint8Array | undefined,
    slot: number,
  ): number {
    const at = slot * this.#width;
    if (bytes === undefined) {
      if (this.#index[at] === INLINE) return value - this.#index[at + 1]!;
      const [by, iy] = this.#operand(at, 1);
      return compareEncoded(inlineRecord(value, 0), 0, by, iy);
    }
    const [by, iy] = this.#operand(at, 1);
    return compareEncoded(bytes, valueStart(bytes), by, iy);
  }

  #operand(at: number, which: number): [Uint8Array, number] {
    const length = this.#index[at]!;
    const offset = this.#index[at + 1]!;
    if (length === INLINE) return [inlineRecord(offset, which), 0];
    const record = this.#arena.subarray(offset, offset + length);
    return [record, valueStart(record)];
  }
}

const inlines = [new Uint8Array(5), new Uint8Array(5)];
const inlineViews = inlines.map((b) => new DataView(b.buffer));

// An int32 as an encoded value, in one of two scratch buffers.
function inlineRecord(value: number, which: number): Uint8Array {
  inlines[which]![0] = INT;
  inlineViews[which]!.setInt32(1, value, true);
  return inlines[which]!;
}

function valueStart(record: Uint8Array): number {
  return (record[0]! & NEEDS) === 0 ? 1 : readNeeds(record)!.start;
}
