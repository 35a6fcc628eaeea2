// Copyright 2026 the @skein/concurrent authors. MIT license.
import { describe } from "../../_internal/describe.ts";
import { toProcess } from "../../_internal/portable.ts";
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../../_internal/shareable.ts";
import { ValueError } from "../../errors.ts";
import { SharedMemory } from "./shared_memory.ts";
import { customInspect, pyRepr } from "../../_internal/py_repr.ts";

/** What a ShareableList holds: Python's int, float, bool, str, bytes, None. */
export type ShareableValue =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | null;

/** Options of {@linkcode ShareableList}. */
export interface ShareableListOptions {
  /**
   * The segment's name: to attach (without a sequence) or to create.
   * `null` is Python's `None`.
   */
  name?: string | null;
  /**
   * For a new list: unlink its segment when this process exits, if it has
   * not been (see {@linkcode SharedMemory}).
   *
   * @default {true}
   */
  track?: boolean;
}

// Python's layout (Lib/multiprocessing/shared_memory.py): the length; the
// items' end offsets; the items (8 bytes each, strings and bytes rounded up
// to 8 past their length); each item's struct format as 8 bytes; each
// item's back-transform code (0 as is, 1 str, 2 bytes, 3 None). Native
// little-endian, 8-byte alignment.
const ALIGN = 8;
const BOOL = "xxxxxxx?";
const NONE = "xxxxxx?x";
const utf8 = new TextEncoder();
const text = new TextDecoder();
const TAG = "shared_memory.ShareableList";
// The segment a list rebuilt on this side of a crossing wraps.
let adopting: SharedMemory | undefined;

/**
 * A fixed-length list in shared memory, as Python's
 * `multiprocessing.shared_memory.ShareableList`, in Python's layout: a
 * list made here can be read and written by CPython, and the other way
 * round. Items are numbers (an integer is Python's `int`, 64-bit; others
 * are `float`), bigints, booleans, strings, `Uint8Array`s (`bytes`) and
 * `null` (`None`); a string or bytes item keeps the room it was made with.
 *
 * Passed to a `Process`, a pool task, a manager call or a `Thread`, a list
 * crosses as Python pickles it: by its segment's name, and the other side
 * attaches to the same list (see {@linkcode SharedMemory}).
 *
 * @example Usage
 * ```ts
 * import { ShareableList } from "@skein/concurrent/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * const list = new ShareableList([1, 2.5, "three", true, null]);
 * list.set(0, 10);
 * const other = new ShareableList(null, { name: list.shm.name });
 * assert.deepEqual([...other], [10, 2.5, "three", true, null]);
 * assert.equal(other.format, "qd8s" + "xxxxxxx?" + "xxxxxx?x");
 * other.shm.close();
 * list.shm.close();
 * list.shm.unlink();
 * ```
 */
export class ShareableList implements Iterable<ShareableValue> {
  /** The shared memory segment that holds the list. */
  readonly shm: SharedMemory;
  #view: DataView;
  #length: number;
  #offsets: number[];

  /**
   * Makes a list in a new segment from `sequence`, or attaches to the
   * list in segment `name` when `sequence` is `null`.
   *
   * @param sequence The items, or `null` to attach.
   * @param options The segment's `name`, and `track`.
   * @throws {TypeError} If an item has a type Python's list cannot hold.
   */
  constructor(
    sequence: Iterable<ShareableValue> | null = null,
    options: ShareableListOptions = {},
  ) {
    const { track = true } = options;
    const name = options.name ?? undefined;
    if (sequence === null && name === undefined && adopting === undefined) {
      sequence = [];
    }
    if (sequence === null) {
      this.shm = adopting ?? new SharedMemory(name!);
      this.#view = view(this.shm.buf);
      this.#length = Number(this.#view.getBigInt64(0, true));
      this.#offsets = [];
      for (let i = 0; i <= this.#length; i++) {
        this.#offsets.push(Number(this.#view.getBigInt64(8 + i * 8, true)));
      }
      return;
    }
    const items = [...sequence];
    const formats = items.map((item, i) => formatOf(item, `sequence[${i}]`));
    const offsets = [0];
    for (const format of formats) {
      offsets.push(
        offsets.at(-1)! + (format.endsWith("s") ? parseInt(format) : ALIGN),
      );
    }
    const n = items.length;
    const size = 8 + (n + 1) * 8 + offsets[n]! + n * 8 + n;
    this.shm = new SharedMemory(name ?? null, { create: true, size, track });
    this.#view = view(this.shm.buf);
    this.#length = n;
    this.#offsets = offsets;
    const v = this.#view;
    v.setBigInt64(0, BigInt(n), true);
    offsets.forEach((offset, i) =>
      v.setBigInt64(8 + i * 8, BigInt(offset), true)
    );
    items.forEach((item, i) => {
      this.#setFormat(i, formats[i]!, item);
      this.#write(i, formats[i]!, item);
    });
  }

  /** The number of items. */
  get length(): number {
    return this.#length;
  }

  /** The struct formats of the items, joined, as Python's `format`. */
  get format(): string {
    let out = "";
    for (let i = 0; i < this.#length; i++) out += this.#format(i);
    return out;
  }

  /**
   * The item at `index` (negative counts from the end).
   *
   * @param index The position.
   * @returns The item.
   * @throws {RangeError} If out of range.
   */
  get(index: number): ShareableValue {
    const i = this.#position(index, "index out of range");
    const format = this.#format(i);
    const at = this.#dataStart + this.#offsets[i]!;
    const v = this.#view;
    switch (this.#code(i)) {
      case 1:
        return text.decode(
          trimNulls(this.shm.buf.subarray(at, at + parseInt(format))),
        );
      case 2:
        return trimNulls(this.shm.buf.subarray(at, at + parseInt(format)))
          .slice();
      case 3:
        return null;
    }
    if (format === "q") {
      const n = v.getBigInt64(at, true);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) &&
          n <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(n)
        : n;
    }
    if (format === "d") return v.getFloat64(at, true);
    if (format === BOOL) return v.getUint8(at + 7) !== 0;
    throw new ValueError(`Unknown item format '${format}' at ${i}`);
  }

  /**
   * Sets the item at `index`; a string or bytes must fit the room its slot
   * was made with.
   *
   * @param index The position.
   * @param value The new item.
   * @throws {RangeError} If out of range.
   * @throws {ValueError} If a string or bytes does not fit.
   */
  set(index: number, value: ShareableValue): void {
    const i = this.#position(index, "assignment index out of range");
    let format = formatOf(value, "value");
    if (typeof value === "string" || value instanceof Uint8Array) {
      const room = this.#offsets[i + 1]! - this.#offsets[i]!;
      const bytes = typeof value === "string" ? utf8.encode(value) : value;
      if (bytes.length > room) {
        throw new ValueError("bytes/str item exceeds available storage");
      }
      const current = this.#format(i);
      format = current.endsWith("s") ? current : `${room}s`;
    }
    this.#setFormat(i, format, value);
    this.#write(i, format, value);
  }

  /**
   * How many items equal `value`.
   *
   * @param value The value.
   * @returns The count.
   */
  count(value: ShareableValue): number {
    let n = 0;
    for (const item of this) if (same(item, value)) n++;
    return n;
  }

  /**
   * The position of the first item equal to `value`.
   *
   * @param value The value.
   * @returns The position.
   * @throws {ValueError} If no item equals it.
   */
  index(value: ShareableValue): number {
    let i = 0;
    for (const item of this) {
      if (same(item, value)) return i;
      i++;
    }
    throw new ValueError(`${describe(value)} not in this container`);
  }

  /** The items, in order. */
  *[Symbol.iterator](): Iterator<ShareableValue> {
    for (let i = 0; i < this.#length; i++) yield this.get(i);
  }

  /**
   * What attaches a thread to the same list (used by the package when the
   * list is passed to one).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return { tag: TAG, buffers: [], data: this.shm };
  }

  /**
   * What attaches another process to the same list (used by the package
   * when the list is passed to one), as Python's pickle: its segment, by
   * name.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.shm };
  }

  get #dataStart(): number {
    return (this.#length + 2) * 8;
  }

  get #formatsStart(): number {
    return this.#dataStart + this.#offsets[this.#length]!;
  }

  #format(i: number): string {
    const at = this.#formatsStart + i * 8;
    return text.decode(trimNulls(this.shm.buf.subarray(at, at + 8)));
  }

  #code(i: number): number {
    return this.#view.getInt8(this.#formatsStart + this.#length * 8 + i);
  }

  #setFormat(i: number, format: string, value: ShareableValue): void {
    const at = this.#formatsStart + i * 8;
    const bytes = new Uint8Array(8);
    bytes.set(utf8.encode(format));
    this.shm.buf.set(bytes, at);
    this.#view.setInt8(
      this.#formatsStart + this.#length * 8 + i,
      typeof value === "string"
        ? 1
        : value instanceof Uint8Array
        ? 2
        : value === null
        ? 3
        : 0,
    );
  }

  #write(i: number, format: string, value: ShareableValue): void {
    const at = this.#dataStart + this.#offsets[i]!;
    const v = this.#view;
    if (format.endsWith("s")) {
      const room = parseInt(format);
      const bytes = typeof value === "string"
        ? utf8.encode(value)
        : value as Uint8Array;
      this.shm.buf.fill(0, at, at + room);
      this.shm.buf.set(bytes, at);
    } else if (format === "q") {
      v.setBigInt64(at, BigInt(value as number | bigint), true);
    } else if (format === "d") {
      v.setFloat64(at, value as number, true);
    } else if (format === BOOL) {
      this.shm.buf.fill(0, at, at + 8);
      v.setUint8(at + 7, value ? 1 : 0);
    } else {
      this.shm.buf.fill(0, at, at + 8);
    }
  }

  /**
   * Python's repr: `ShareableList([1, 2, 'a'], name='psm_1f2e3d')`; after
   * `shm.close()`, whose items cannot be read, `ShareableList(<closed>,
   * name='psm_1f2e3d')` (Python's raises there).
   *
   * @returns The repr.
   */
  toString(): string {
    const items = isOpen(this.shm) ? pyRepr([...this]) : "<closed>";
    return `${this.constructor.name}(${items}, name=${pyRepr(this.shm.name)})`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  #position(index: number, message: string): number {
    const i = index < 0 ? index + this.#length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) {
      throw new RangeError(message);
    }
    return i;
  }
}

function formatOf(item: unknown, path: string): string {
  switch (typeof item) {
    case "number":
      return Number.isInteger(item) ? "q" : "d";
    case "bigint":
      return "q";
    case "boolean":
      return BOOL;
    case "string":
      return `${ALIGN * (Math.floor(utf8.encode(item).length / ALIGN) + 1)}s`;
  }
  if (item === null) return NONE;
  if (item instanceof Uint8Array) {
    return `${ALIGN * (Math.floor(item.length / ALIGN) + 1)}s`;
  }
  throw new TypeError(
    `Cannot store ${path} in a ShareableList as it is ${
      describe(item)
    }: use a number, bigint, boolean, string, Uint8Array or null`,
  );
}

function isOpen(shm: SharedMemory): boolean {
  try {
    return shm.buf !== undefined;
  } catch (error) {
    if (error instanceof ValueError) return false; // closed
    throw error;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function trimNulls(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}

function same(a: ShareableValue, b: ShareableValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  // deno-lint-ignore eqeqeq
  return a == b && typeof a !== "object" || a === b;
}

registerShareable(TAG, import.meta.url, (state) => {
  adopting = state.data as SharedMemory;
  try {
    return new ShareableList(null);
  } finally {
    adopting = undefined;
  }
});
