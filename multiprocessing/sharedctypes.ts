// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { describe } from "../_internal/describe.ts";
import { SharedMemory } from "./shared_memory/shared_memory.ts";
import { Lock } from "./synchronize.ts";
import { segment, withPlace } from "./_segments.ts";

/** Python's typecodes (the `array` module's), with their element types. */
const TYPES: Record<Typecode, {
  new (buffer: ArrayBuffer, offset: number, length: number): ArrayBufferView;
  readonly BYTES_PER_ELEMENT: number;
}> = {
  b: Int8Array,
  B: Uint8Array,
  h: Int16Array,
  H: Uint16Array,
  i: Int32Array,
  I: Uint32Array,
  l: BigInt64Array,
  L: BigUint64Array,
  q: BigInt64Array,
  Q: BigUint64Array,
  f: Float32Array,
  d: Float64Array,
};

/**
 * A typecode, as Python's: `b`/`B` 8-bit, `h`/`H` 16-bit, `i`/`I` 32-bit,
 * `l`/`L`/`q`/`Q` 64-bit integers (signed/unsigned), `f` float, `d` double.
 */
export type Typecode =
  | "b"
  | "B"
  | "h"
  | "H"
  | "i"
  | "I"
  | "l"
  | "L"
  | "q"
  | "Q"
  | "f"
  | "d";

/** The typed array of a typecode. */
export type TypedArrayOf<T extends Typecode> = T extends "b" ? Int8Array
  : T extends "B" ? Uint8Array
  : T extends "h" ? Int16Array
  : T extends "H" ? Uint16Array
  : T extends "i" ? Int32Array
  : T extends "I" ? Uint32Array
  : T extends "l" | "q" ? BigInt64Array
  : T extends "L" | "Q" ? BigUint64Array
  : T extends "f" ? Float32Array
  : Float64Array;

/**
 * What a value of typecode `T` reads as: a number, or for the 64-bit
 * integers a bigint when it is past `Number.MAX_SAFE_INTEGER`.
 */
export type ValueOf<T extends Typecode> = T extends "l" | "L" | "q" | "Q"
  ? number | bigint
  : number;

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
  const cls = TYPES[typecode];
  if (cls === undefined) {
    throw new TypeError(
      `Cannot make a shared value as ${
        describe(typecode)
      } is not a typecode: use one of ${Object.keys(TYPES).join(" ")}`,
    );
  }
  const shm = new SharedMemory({
    create: true,
    size: DATA + Math.max(1, length) * cls.BYTES_PER_ELEMENT,
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
  ) as TypedArrayOf<T>;
}

function lockFor(
  option: boolean | Lock | undefined,
  place: Place,
): Lock | undefined {
  if (option === false) return undefined;
  if (option instanceof Lock) return option;
  return withPlace({ segment: place.segment, offset: 0 }, () => new Lock());
}

function toNumber(value: number | bigint): number | bigint {
  return typeof value === "bigint" &&
      value >= BigInt(Number.MIN_SAFE_INTEGER) &&
      value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * One number in shared memory without a lock, as Python's
 * `multiprocessing.sharedctypes.RawValue`: every process that gets it (as
 * a `Process` argument) reads and writes the same memory.
 *
 * @example Usage
 * ```ts
 * import { RawValue } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const v = new RawValue("d", 1.5);
 * v.value += 1;
 * assert.equal(v.value, 2.5);
 * ```
 */
export class RawValue<T extends Typecode = Typecode> {
  #place: Place;
  #cell: TypedArrayOf<Typecode>;

  /**
   * Makes a value in a new segment.
   *
   * @param typecode The type, as Python's (`"i"`, `"d"`, ...).
   * @param value The first value.
   */
  constructor(typecode: T, value: ValueOf<T> = 0 as ValueOf<T>) {
    const place = adopting ?? allocate(typecode, 1);
    this.#place = place;
    places.set(this, place);
    this.#cell = elements(place);
    if (adopting === undefined) this.value = value;
  }

  /** The typecode. */
  get typecode(): T {
    return this.#place.typecode as T;
  }

  /** The value: a number (a bigint for a 64-bit integer out of range). */
  get value(): ValueOf<T> {
    return toNumber(this.#cell[0]!) as ValueOf<T>;
  }

  set value(value: ValueOf<T>) {
    const cell = this.#cell as unknown as (number | bigint)[];
    cell[0] = this.#cell instanceof BigInt64Array ||
        this.#cell instanceof BigUint64Array
      ? BigInt(value)
      : Number(value);
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
   * @param typecode The type (`"i"`, `"d"`, ...).
   * @param value The first value.
   * @param options `lock`: `true` (its own), a `Lock`, or `false`.
   */
  constructor(
    typecode: T,
    value: ValueOf<T> = 0 as ValueOf<T>,
    options: SynchronizedOptions = {},
  ) {
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
 * An array of numbers in shared memory without a lock, as Python's
 * `RawArray`: `array` is a typed array over the shared memory, the same
 * elements in every process that has it.
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
 */
export class RawArray<T extends Typecode = Typecode> {
  #place: Place;
  #array: TypedArrayOf<T>;

  /**
   * Makes an array in a new segment.
   *
   * @param typecode The element type (`"i"`, `"d"`, ...).
   * @param sizeOrInit The length (zeros), or the first elements.
   */
  constructor(typecode: T, sizeOrInit: number | Iterable<number | bigint>) {
    const init = typeof sizeOrInit === "number" ? undefined : [...sizeOrInit];
    const length = init?.length ?? sizeOrInit as number;
    if (!Number.isInteger(length) || length < 0) {
      throw new TypeError(
        `Cannot make an Array as its size must be an integer >= 0: received ${
          describe(sizeOrInit)
        }`,
      );
    }
    const place = adopting ?? allocate(typecode, length);
    this.#place = place;
    places.set(this, place);
    this.#array = elements<T>(place);
    if (adopting === undefined && init !== undefined) {
      const big = this.#array instanceof BigInt64Array ||
        this.#array instanceof BigUint64Array;
      init.forEach((x, i) => {
        (this.#array as unknown as (number | bigint)[])[i] = big
          ? BigInt(x)
          : Number(x);
      });
    }
  }

  /** The elements: a typed array over the shared memory. */
  get array(): TypedArrayOf<T> {
    return this.#array;
  }

  /** The number of elements. */
  get length(): number {
    return this.#place.length;
  }

  /** @ignore */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: tagOf(this), data: this.#place };
  }
}

/**
 * A {@linkcode RawArray} with a lock, as Python's `multiprocessing.Array`.
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
 */
export class Array<T extends Typecode = Typecode> extends RawArray<T> {
  #lock: Lock | undefined;

  /**
   * Makes an array with a lock in a new segment.
   *
   * @param typecode The element type.
   * @param sizeOrInit The length, or the first elements.
   * @param options `lock`: `true` (its own), a `Lock`, or `false`.
   */
  constructor(
    typecode: T,
    sizeOrInit: number | Iterable<number | bigint>,
    options: SynchronizedOptions = {},
  ) {
    super(typecode, sizeOrInit);
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
