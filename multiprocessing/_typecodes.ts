// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's typecodes for sharedctypes (the array module's, plus ctypes'
// 'c'): the element type of each, and how a JavaScript value becomes an
// element and back, with the checks CPython makes.
import { describe } from "../_internal/describe.ts";
import { ValueError } from "../errors.ts";
import type { Typecode } from "./sharedctypes.ts";

/** A typed array class, as the elements of one typecode. */
export interface ElementClass {
  new (buffer: ArrayBuffer, offset: number, length: number): Elements;
  readonly BYTES_PER_ELEMENT: number;
}

/** The typed array over a value's or an array's elements. */
export type Elements = ArrayBufferView & {
  [index: number]: number | bigint;
  readonly length: number;
};

/**
 * Each typecode's elements, in the array module's order, then ctypes' `c`
 * (a `char`: one byte). `u` is `wchar_t`, 4 bytes on Linux (a code point);
 * `l`/`L` are C longs, 8 bytes on Linux, as `q`/`Q`.
 */
export const TYPES: Readonly<Record<Typecode, ElementClass>> = {
  b: Int8Array,
  B: Uint8Array,
  u: Uint32Array,
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
  c: Uint8Array,
} as unknown as Record<Typecode, ElementClass>;

const LIST = Object.keys(TYPES).map((code) => `'${code}'`).join(", ");

/**
 * Throws unless `typecode` is one of Python's.
 *
 * @throws {TypeError} Naming the typecodes there are.
 */
export function checkTypecode(
  typecode: unknown,
  what: string,
): asserts typecode is Typecode {
  if (typeof typecode !== "string" || !Object.hasOwn(TYPES, typecode)) {
    throw new TypeError(
      `Cannot create ${what} as 'typecode' must be one of ${LIST}: received ${
        typeof typecode === "string" ? `'${typecode}'` : describe(typecode)
      }`,
    );
  }
}

function is64(typecode: Typecode): boolean {
  return typecode === "l" || typecode === "L" || typecode === "q" ||
    typecode === "Q";
}

function received(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") {
    return `current value is ${value}`;
  }
  if (typeof value === "string") return `received ${JSON.stringify(value)}`;
  if (value instanceof Uint8Array) {
    return `received a Uint8Array of length ${value.length}`;
  }
  return `received ${describe(value)}`;
}

/**
 * `value` as an element of `typecode`, as ctypes converts it: an integer
 * wraps to the type's width, a `c` is one byte (a Uint8Array of length 1
 * or an integer 0-255), a `u` one character.
 *
 * @throws {TypeError} If `value` does not fit the typecode's kind.
 */
export function toElement(
  typecode: Typecode,
  value: unknown,
  action: string,
  param: string,
): number | bigint {
  switch (typecode) {
    case "c":
      if (value instanceof Uint8Array && value.length === 1) return value[0]!;
      if (
        typeof value === "number" && Number.isInteger(value) && value >= 0 &&
        value <= 255
      ) {
        return value;
      }
      throw new TypeError(
        `Cannot ${action} as '${param}' must be one byte for typecode 'c' (a Uint8Array of length 1, or an integer 0-255): ${
          received(value)
        }`,
      );
    case "u": {
      const point = typeof value === "string" ? value.codePointAt(0) : -1;
      if (
        point !== undefined && point >= 0 &&
        String.fromCodePoint(point).length === (value as string).length
      ) {
        return point;
      }
      throw new TypeError(
        `Cannot ${action} as '${param}' must be a one-character string for typecode 'u': ${
          received(value)
        }`,
      );
    }
    case "f":
    case "d": {
      if (typeof value === "number") return value;
      if (typeof value === "bigint") {
        const n = Number(value);
        if (!Number.isFinite(n)) {
          throw new RangeError(
            `Cannot ${action} as '${param}' is too large to convert to a float: ${
              received(value)
            }`,
          );
        }
        return n;
      }
      throw new TypeError(
        `Cannot ${action} as '${param}' must be a number for typecode '${typecode}': ${
          received(value)
        }`,
      );
    }
  }
  if (typeof value === "bigint") {
    return is64(typecode) ? value : Number(BigInt.asUintN(32, value));
  }
  if (typeof value === "number" && Number.isInteger(value)) {
    return is64(typecode) ? BigInt(value) : value;
  }
  throw new TypeError(
    `Cannot ${action} as '${param}' must be an integer (a number or a bigint) for typecode '${typecode}': ${
      received(value)
    }`,
  );
}

/** An element as JavaScript reads it (see ValueOf in sharedctypes.ts). */
export function fromElement(
  typecode: Typecode,
  element: number | bigint,
): unknown {
  if (typecode === "c") return new Uint8Array([element as number]);
  if (typecode === "u") return character(element as number);
  if (typeof element === "bigint") {
    return element >= BigInt(Number.MIN_SAFE_INTEGER) &&
        element <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(element)
      : element;
  }
  return element;
}

function character(point: number): string {
  return point <= 0x10ffff ? String.fromCodePoint(point) : "\ufffd";
}

/**
 * The length and first elements an array is made with: Python's
 * `size_or_initializer`, an integer size (zeros) or the elements.
 *
 * @throws {TypeError} If it is neither, or an element does not fit.
 * @throws {ValueError} If the size is negative.
 */
export function initializer(
  typecode: Typecode,
  sizeOrInitializer: unknown,
  what: string,
): { length: number; elements?: (number | bigint)[] } {
  const action = `create ${what}`;
  if (typeof sizeOrInitializer === "number") {
    if (!Number.isInteger(sizeOrInitializer)) {
      throw new TypeError(
        `Cannot ${action} as 'sizeOrInitializer' must be an integer size or an iterable of elements: current value is ${sizeOrInitializer}`,
      );
    }
    if (sizeOrInitializer < 0) {
      throw new ValueError(
        `Cannot ${action} as 'sizeOrInitializer' must be >= 0: current value is ${sizeOrInitializer}`,
      );
    }
    return { length: sizeOrInitializer };
  }
  if (typecode === "c" && typeof sizeOrInitializer === "string") {
    throw new TypeError(
      `Cannot ${action} as 'sizeOrInitializer' must be bytes for typecode 'c' (a Uint8Array, or an iterable of bytes): received a string`,
    );
  }
  const iterable = sizeOrInitializer as Iterable<unknown> | null | undefined;
  if (
    typeof iterable !== "string" &&
    (typeof iterable !== "object" || iterable === null ||
      typeof iterable[Symbol.iterator] !== "function")
  ) {
    throw new TypeError(
      `Cannot ${action} as 'sizeOrInitializer' must be an integer size or an iterable of elements: received ${
        describe(sizeOrInitializer)
      }`,
    );
  }
  const elements: (number | bigint)[] = [];
  for (const item of iterable) {
    elements.push(
      toElement(
        typecode,
        item,
        action,
        `sizeOrInitializer[${elements.length}]`,
      ),
    );
  }
  return { length: elements.length, elements };
}

/**
 * A `c` array's `value` (its bytes up to the first zero, a copy) or a `u`
 * array's (its characters up to the first zero).
 */
export function readString(
  typecode: Typecode,
  elements: Elements,
): Uint8Array | string {
  let end = 0;
  while (end < elements.length && elements[end] !== 0) end++;
  if (typecode === "c") return (elements as Uint8Array).slice(0, end);
  let out = "";
  for (let i = 0; i < end; i++) out += character(elements[i] as number);
  return out;
}

/**
 * Sets a `c` or `u` array's `value` as ctypes does: the bytes or
 * characters, then a zero when there is room for it.
 *
 * @throws {TypeError} If `value` is not a Uint8Array (`c`) or a string
 * (`u`).
 * @throws {ValueError} If it is longer than the array.
 */
export function writeString(
  typecode: Typecode,
  elements: Elements,
  value: unknown,
  what: string,
): void {
  const action = `set ${what}.value`;
  const items = typecode === "c"
    ? bytesOf(value, action, "value")
    : charactersOf(value, action);
  checkFits(items.length, elements.length, action, "value", typecode);
  (elements as Uint8Array | Uint32Array).set(items);
  if (items.length < elements.length) elements[items.length] = 0;
}

/**
 * Sets a `c` array's `raw` bytes: all of them, no zero after.
 *
 * @throws {TypeError} If `value` is not a Uint8Array.
 * @throws {ValueError} If it is longer than the array.
 */
export function writeRaw(
  elements: Elements,
  value: unknown,
  what: string,
): void {
  const action = `set ${what}.raw`;
  const bytes = bytesOf(value, action, "raw");
  checkFits(bytes.length, elements.length, action, "raw", "c");
  (elements as Uint8Array).set(bytes);
}

function bytesOf(value: unknown, action: string, param: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot ${action} as '${param}' must be a Uint8Array: received ${
        describe(value)
      }`,
    );
  }
  return value;
}

function charactersOf(value: unknown, action: string): Uint32Array {
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot ${action} as 'value' must be a string: received ${
        describe(value)
      }`,
    );
  }
  return Uint32Array.from(value, (c) => c.codePointAt(0)!);
}

// Python's "byte string too long" / "string too long", naming the lengths.
function checkFits(
  items: number,
  length: number,
  action: string,
  param: string,
  typecode: Typecode,
): void {
  if (items > length) {
    throw new ValueError(
      `Cannot ${action} as '${param}' must fit the array's ${length} ${
        typecode === "c" ? "bytes" : "characters"
      }: current length is ${items}`,
    );
  }
}
