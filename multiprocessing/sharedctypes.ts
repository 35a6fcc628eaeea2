// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkOptionKeys } from "../_internal/keywords.ts";
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { describe } from "../_internal/describe.ts";
import { SharedMemory } from "./shared_memory/shared_memory.ts";
import { Lock } from "./synchronize.ts";
import { segment, withPlace } from "./_segments.ts";
import {
  checkTypecode,
  type Elements,
  fromElement,
  initializer,
  readString,
  toElement,
  TYPES,
  writeRaw,
  writeString,
} from "./_typecodes.ts";

/**
 * A typecode, as Python's `array` module's and ctypes': `b`/`B` 8-bit,
 * `h`/`H` 16-bit, `i`/`I` 32-bit, `l`/`L`/`q`/`Q` 64-bit integers
 * (signed/unsigned; a C long is 64-bit on Linux), `f` float, `d` double,
 * `u` a character (`wchar_t`, 4 bytes: one code point), `c` a byte
 * (ctypes' `c_char`).
 */
export type Typecode =
  | "b"
  | "B"
  | "u"
  | "h"
  | "H"
  | "i"
  | "I"
  | "l"
  | "L"
  | "q"
  | "Q"
  | "f"
  | "d"
  | "c";

/** The typed array over the elements of typecode `T`. */
export type TypedArrayOf<T extends Typecode> = T extends "b" ? Int8Array
  : T extends "B" | "c" ? Uint8Array
  : T extends "h" ? Int16Array
  : T extends "H" ? Uint16Array
  : T extends "i" ? Int32Array
  : T extends "I" | "u" ? Uint32Array
  : T extends "l" | "q" ? BigInt64Array
  : T extends "L" | "Q" ? BigUint64Array
  : T extends "f" ? Float32Array
  : Float64Array;

/**
 * What a value of typecode `T` reads as: a number; for the 64-bit
 * integers a bigint when it is past `Number.MAX_SAFE_INTEGER`; for `c`
 * one byte as a `Uint8Array` of length 1 (Python's `bytes`); for `u` a
 * one-character string.
 */
export type ValueOf<T extends Typecode> = T extends "l" | "L" | "q" | "Q"
  ? number | bigint
  : T extends "c" ? Uint8Array
  : T extends "u" ? string
  : number;

/**
 * What an array of typecode `T` is made from, beside a size: its
 * elements (numbers or bigints, as Python's ints and floats); for `c`
 * bytes (a `Uint8Array`, or bytes and integers 0-255); for `u` a string
 * (or one-character strings).
 */
export type InitializerOf<T extends Typecode> = T extends "c"
  ? Uint8Array | Iterable<number | Uint8Array>
  : T extends "u" ? string | Iterable<string>
  : Iterable<number | bigint>;

/**
 * The `value` of an array of typecode `T`: bytes for `c` (a
 * `Uint8Array`), a string for `u`; other arrays have none.
 */
export type StringOf<T extends Typecode> = T extends "c" ? Uint8Array
  : T extends "u" ? string
  : never;

/** Options of {@linkcode Value} and {@linkcode Array}. */
export interface SynchronizedOptions {
  /**
   * `true` (a new lock), a {@linkcode Lock} to use, or `false` for none
   * (then it is a raw value).
   *
   * @default {true}
   */
  lock?: boolean | Lock;
}

interface Place {
  readonly segment: string;
  readonly offset?: number;
  readonly typecode: Typecode;
  readonly length: number;
  readonly lock: unknown;
}

// A segment: the lock's word at 0, the data from byte 8.
const DATA = 8;

function allocate(typecode: Typecode, length: number): Place {
  const shm = new SharedMemory(null, {
    create: true,
    size: DATA + Math.max(1, length) * TYPES[typecode].BYTES_PER_ELEMENT,
  });
  segment(shm.name, shm);
  return { segment: shm.name, typecode, length, lock: null };
}

function elements<T extends Typecode>(place: Place): TypedArrayOf<T> {
  const shm = segment(place.segment);
  return new TYPES[place.typecode](
    shm.buf.buffer as ArrayBuffer,
    DATA,
    place.length,
  ) as unknown as TypedArrayOf<T>;
}

function checkLock(option: unknown, what: string): void {
  if (
    option !== undefined && typeof option !== "boolean" &&
    !(option instanceof Lock)
  ) {
    throw new TypeError(
      `Cannot create ${what} as 'lock' must be a boolean or a Lock: received ${
        describe(option)
      }`,
    );
  }
}

function lockFor(
  option: boolean | Lock | undefined,
  place: Place,
): Lock | undefined {
  if (option === false) return undefined;
  if (option instanceof Lock) return option;
  return withPlace({ segment: place.segment, offset: 0 }, () => new Lock());
}

/**
 * One value in shared memory without a lock, as Python's
 * `multiprocessing.sharedctypes.RawValue`: every process that gets it (as
 * a `Process` argument) reads and writes the same memory. Any typecode of
 * Python's `array` module, and ctypes' `c` (one byte, a `Uint8Array` of
 * length 1, as Python's `bytes`); an integer wraps to its type's width as
 * in C. Without a value it is zero (`c`: the byte 0, `u`: `"\0"`).
 *
 * @example Usage
 * ```ts
 * import { RawValue } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const v = new RawValue("d", 1.5);
 * v.value += 1;
 * assert.equal(v.value, 2.5);
 * const c = new RawValue("c", new Uint8Array([104])); // Value('c', b'h')
 * assert.deepEqual(c.value, new Uint8Array([104]));
 * const u = new RawValue("u", "\u00e9");
 * assert.equal(u.value, "\u00e9");
 * ```
 */
export class RawValue<T extends Typecode = Typecode> {
  #place: Place;
  #cell: Elements;

  /**
   * Makes a value in a new segment.
   *
   * @param typecode The type, as Python's (`"i"`, `"d"`, `"c"`, ...).
   * @param value The first value; zero without one.
   * @throws {TypeError} If `typecode` is not one of Python's, or `value`
   * does not fit it (a fraction for an integer type, a string for a
   * number, more than one byte or character).
   */
  constructor(typecode: T, value?: ValueOf<T>) {
    const what = new.target.name;
    let first: number | bigint | undefined;
    if (adopting === undefined) {
      checkTypecode(typecode, what);
      if (value !== undefined) {
        first = toElement(typecode, value, `create ${what}`, "value");
      }
    }
    const place = adopting ?? allocate(typecode, 1);
    this.#place = place;
    places.set(this, place);
    this.#cell = elements(place) as unknown as Elements;
    if (first !== undefined) this.#cell[0] = first;
  }

  /** The typecode. */
  get typecode(): T {
    return this.#place.typecode as T;
  }

  /**
   * The value: a number (a bigint for a 64-bit integer out of range), a
   * one-byte `Uint8Array` for `c`, a one-character string for `u`. Set it
   * to a value of the same kind (for `c` also an integer 0-255).
   *
   * @throws {TypeError} When set to a value that does not fit the
   * typecode.
   */
  get value(): ValueOf<T> {
    return fromElement(this.#place.typecode, this.#cell[0]!) as ValueOf<T>;
  }

  set value(value: ValueOf<T>) {
    this.#cell[0] = toElement(
      this.#place.typecode,
      value,
      `set ${this.constructor.name}.value`,
      "value",
    );
  }

  /**
   * What makes it the same value in a child process (used by the package
   * when it is passed to one).
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: tagOf(this), data: this.#place };
  }
}

/**
 * A {@linkcode RawValue} with a lock, as Python's `multiprocessing.Value`:
 * `getLock()` is a {@linkcode Lock} shared by every process that has the
 * value.
 *
 * @example Four processes increment one value under its lock
 * ```ts
 * import { Value } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const counter = new Value("i", 0);
 * {
 *   using _ = counter.getLock().enterSync();
 *   counter.value += 1;
 * }
 * assert.equal(counter.value, 1);
 * ```
 */
export class Value<T extends Typecode = Typecode> extends RawValue<T> {
  #lock: Lock | undefined;

  /**
   * Makes a value with a lock in a new segment.
   *
   * @param typecode The type (`"i"`, `"d"`, `"c"`, ...).
   * @param value The first value; zero without one.
   * @param options `lock`: `true` (its own), a `Lock`, or `false`.
   * @throws {TypeError} If `typecode` is not one of Python's, `value` does
   * not fit it, or `lock` is neither a boolean nor a Lock.
   */
  constructor(
    typecode: T,
    value?: ValueOf<T>,
    options: SynchronizedOptions = {},
  ) {
    checkOptionKeys(`create ${new.target.name}`, options, ["lock"]);
    checkLock(options.lock, new.target.name);
    super(typecode, value);
    this.#lock = adoptingLock ?? lockFor(options.lock, places.get(this)!);
  }

  /**
   * The lock that guards the value.
   *
   * @returns The lock.
   * @throws {TypeError} If the value was made with `lock: false`.
   */
  getLock(): Lock {
    if (this.#lock === undefined) {
      throw new TypeError("This Value was made with lock: false");
    }
    return this.#lock;
  }

  /**
   * The value without its lock, as Python's `get_obj()`.
   *
   * @returns This value (its `value` is the shared number).
   */
  getObj(): RawValue<T> {
    return this;
  }

  /** @ignore */
  override [toProcess](): { tag: string; data: unknown } {
    return {
      tag: "multiprocessing.Value",
      data: { ...places.get(this)!, lock: this.#lock ?? null },
    };
  }
}

/**
 * An array in shared memory without a lock, as Python's `RawArray`:
 * `array` is a typed array over the shared memory, the same elements in
 * every process that has it. Any typecode of Python's `array` module, and
 * ctypes' `c`: a `c` array (Python's `c_char` array) has `value`, its
 * bytes up to the first zero, and `raw`, all of them; a `u` array has
 * `value`, its characters up to the first zero.
 *
 * @example Usage
 * ```ts
 * import { RawArray } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const a = new RawArray("i", [1, 2, 3]);
 * a.array[0] = 10;
 * assert.deepEqual([...a.array], [10, 2, 3]);
 * assert.equal(a.length, 3);
 * ```
 *
 * @example Bytes and characters
 * ```ts
 * import { RawArray } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const bytes = new RawArray("c", new TextEncoder().encode("hello"));
 * bytes.value = new TextEncoder().encode("hi"); // a zero after it
 * assert.equal(new TextDecoder().decode(bytes.value), "hi");
 * assert.deepEqual([...bytes.raw], [104, 105, 0, 108, 111]);
 * const text = new RawArray("u", "h\u00e9llo");
 * assert.equal(text.value, "h\u00e9llo");
 * ```
 */
export class RawArray<T extends Typecode = Typecode> {
  #place: Place;
  #array: TypedArrayOf<T>;

  /**
   * Makes an array in a new segment, as Python's
   * `RawArray(typecode, size_or_initializer)`.
   *
   * @param typecode The element type (`"i"`, `"d"`, `"c"`, ...).
   * @param sizeOrInitializer The length (zeros), or the first elements.
   * @throws {TypeError} If `typecode` is not one of Python's, the size is
   * not an integer, or an element does not fit the typecode.
   * @throws {ValueError} If the size is negative.
   */
  constructor(
    typecode: T,
    sizeOrInitializer: number | InitializerOf<T>,
  ) {
    let init: { length: number; elements?: (number | bigint)[] } = {
      length: 0,
    };
    if (adopting === undefined) {
      checkTypecode(typecode, new.target.name);
      init = initializer(typecode, sizeOrInitializer, new.target.name);
    }
    const place = adopting ?? allocate(typecode, init.length);
    this.#place = place;
    places.set(this, place);
    this.#array = elements<T>(place);
    const cells = this.#array as unknown as Elements;
    init.elements?.forEach((x, i) => cells[i] = x);
  }

  /** The elements: a typed array over the shared memory. */
  get array(): TypedArrayOf<T> {
    return this.#array;
  }

  /** The number of elements. */
  get length(): number {
    return this.#place.length;
  }

  /**
   * A `c` array's bytes up to the first zero (a copy), or a `u` array's
   * characters up to the first zero, as ctypes' `value`. Setting it writes
   * the bytes or characters, then a zero if there is room.
   *
   * @throws {TypeError} If the typecode is neither `c` nor `u`, or when
   * set to other than a `Uint8Array` (`c`) or a string (`u`).
   * @throws {ValueError} When set to more than the array holds.
   */
  get value(): StringOf<T> {
    const typecode = this.#checkString("value", "read");
    return readString(typecode, this.#elements) as StringOf<T>;
  }

  set value(value: StringOf<T>) {
    const typecode = this.#checkString("value", "set");
    writeString(typecode, this.#elements, value, this.constructor.name);
  }

  /**
   * A `c` array's bytes, all of them (a copy), as ctypes' `raw`. Setting
   * it writes the bytes at the start, without a zero after.
   *
   * @throws {TypeError} If the typecode is not `c`, or when set to other
   * than a `Uint8Array`.
   * @throws {ValueError} When set to more bytes than the array holds.
   */
  get raw(): Uint8Array {
    this.#checkString("raw", "read");
    return (this.#array as Uint8Array).slice();
  }

  set raw(value: Uint8Array) {
    this.#checkString("raw", "set");
    writeRaw(this.#elements, value, this.constructor.name);
  }

  get #elements(): Elements {
    return this.#array as unknown as Elements;
  }

  #checkString(field: "value" | "raw", action: string): Typecode {
    const typecode = this.#place.typecode;
    if (typecode === "c" || (typecode === "u" && field === "value")) {
      return typecode;
    }
    throw new TypeError(
      `Cannot ${action} ${this.constructor.name}.${field} as only an array of typecode ${
        field === "raw" ? "'c'" : "'c' or 'u'"
      } has one: this one's typecode is '${typecode}' (use its 'array')`,
    );
  }

  /** @ignore */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: tagOf(this), data: this.#place };
  }
}

/**
 * A {@linkcode RawArray} with a lock, as Python's `multiprocessing.Array`
 * (for typecode `c`, Python's `SynchronizedString`, with `value` and
 * `raw`).
 *
 * @example Usage
 * ```ts
 * import { Array } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const a = new Array("d", 4);
 * {
 *   using _ = a.getLock().enterSync();
 *   a.array[3] = 0.5;
 * }
 * assert.equal(a.array[3], 0.5);
 * ```
 *
 * @example Python's `Array('c', 11)`, a byte string
 * ```ts
 * import { Array } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const s = new Array("c", 11);
 * s.value = new TextEncoder().encode("hello world");
 * assert.equal(new TextDecoder().decode(s.value), "hello world");
 * assert.equal(s.raw.length, 11);
 * ```
 */
export class Array<T extends Typecode = Typecode> extends RawArray<T> {
  #lock: Lock | undefined;

  /**
   * Makes an array with a lock in a new segment, as Python's
   * `Array(typecode, size_or_initializer, lock=True)`.
   *
   * @param typecode The element type.
   * @param sizeOrInitializer The length, or the first elements.
   * @param options `lock`: `true` (its own), a `Lock`, or `false`.
   * @throws {TypeError} If `typecode` is not one of Python's, the size is
   * not an integer, an element does not fit the typecode, or `lock` is
   * neither a boolean nor a Lock.
   * @throws {ValueError} If the size is negative.
   */
  constructor(
    typecode: T,
    sizeOrInitializer: number | InitializerOf<T>,
    options: SynchronizedOptions = {},
  ) {
    checkOptionKeys(`create ${new.target.name}`, options, ["lock"]);
    checkLock(options.lock, new.target.name);
    super(typecode, sizeOrInitializer);
    this.#lock = adoptingLock ?? lockFor(options.lock, places.get(this)!);
  }

  /**
   * The lock that guards the array.
   *
   * @returns The lock.
   * @throws {TypeError} If the array was made with `lock: false`.
   */
  getLock(): Lock {
    if (this.#lock === undefined) {
      throw new TypeError("This Array was made with lock: false");
    }
    return this.#lock;
  }

  /**
   * The elements without the lock, as Python's `get_obj()`.
   *
   * @returns The typed array.
   */
  getObj(): TypedArrayOf<T> {
    return this.array;
  }

  /** @ignore */
  override [toProcess](): { tag: string; data: unknown } {
    return {
      tag: "multiprocessing.Array",
      data: { ...places.get(this)!, lock: this.#lock ?? null },
    };
  }
}

let adopting: Place | undefined;
// Where each value lives, for the subclasses (a private field is not
// visible to them, and a protected one would be public API).
const places = new WeakMap<object, Place>();
let adoptingLock: Lock | undefined;

function tagOf(value: object): string {
  return value instanceof RawArray
    ? "multiprocessing.RawArray"
    : "multiprocessing.RawValue";
}

function adopt<T>(data: unknown, make: () => T): T {
  const place = data as Place;
  adopting = place;
  adoptingLock = place.lock instanceof Lock ? place.lock : undefined;
  try {
    return make();
  } finally {
    adopting = undefined;
    adoptingLock = undefined;
  }
}

registerShareable(
  "multiprocessing.RawValue",
  import.meta.url,
  (state) => adopt(state.data, () => new RawValue("i")),
);
registerShareable(
  "multiprocessing.Value",
  import.meta.url,
  (state) => adopt(state.data, () => new Value("i", 0, { lock: false })),
);
registerShareable(
  "multiprocessing.RawArray",
  import.meta.url,
  (state) => adopt(state.data, () => new RawArray("i", 0)),
);
registerShareable(
  "multiprocessing.Array",
  import.meta.url,
  // deno-lint-ignore no-array-constructor
  (state) => adopt(state.data, () => new Array("i", 0, { lock: false })),
);
