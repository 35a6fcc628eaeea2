// Copyright 2026 the @skein/concurrent authors. MIT license.
// Orders two encoded values as Python orders objects with `<` (for a
// PriorityQueue kept in shared memory, without decoding its items):
// numbers, bigints and booleans by value, strings by code point (which is
// UTF-8 byte order), Dates by time, and arrays as Python's tuples: at the
// first elements that are not equal. Anything else cannot be ordered: a
// TypeError, as Python's.
import * as T from "./wire_tags.ts";

let a: Uint8Array = new Uint8Array(0);
let b: Uint8Array = new Uint8Array(0);
let ap = 0;
let bp = 0;
const scratch = new DataView(new ArrayBuffer(8));

/**
 * Compares the value encoded in `x` at `xi` with the one in `y` at `yi`:
 * negative when it is less, positive when greater, 0 when neither.
 *
 * @throws {TypeError} If the two cannot be ordered against each other.
 */
export function compareEncoded(
  x: Uint8Array,
  xi: number,
  y: Uint8Array,
  yi: number,
): number {
  a = x;
  b = y;
  ap = xi;
  bp = yi;
  return compare();
}

const NUMBER = 1;
const STRING = 2;
const DATE = 3;
const ARRAY = 4;
const INSTANCE = 5;

function kind(tag: number): number {
  switch (tag) {
    case T.INT:
    case T.FLOAT:
    case T.BIGINT:
    case T.TRUE:
    case T.FALSE:
      return NUMBER;
    case T.STRING:
      return STRING;
    case T.DATE:
      return DATE;
    case T.ARRAY:
      return ARRAY;
    case T.INSTANCE:
      return INSTANCE;
    default:
      return 0;
  }
}

// Compares the values at ap and bp; when they are equal, leaves ap and bp
// after them.
function compare(): number {
  const ka = kind(a[ap]!);
  const kb = kind(b[bp]!);
  if (ka === 0 || ka !== kb) throw unorderable(a[ap]!, b[bp]!);
  switch (ka) {
    case NUMBER: {
      const x = number(a, ap);
      ap = end;
      const y = number(b, bp);
      bp = end;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case DATE: {
      const x = float(a, ap + 1);
      const y = float(b, bp + 1);
      ap += 9;
      bp += 9;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case STRING:
      return compareStrings();
    case INSTANCE:
      return compareInstances();
    default:
      return compareArrays();
  }
}

// Two instances order by their keys; one without a key cannot be ordered.
function compareInstances(): number {
  const ka = keyAt(a, ap);
  const kb = keyAt(b, bp);
  if (ka === -1 || kb === -1) throw unorderable(a[ap]!, b[bp]!);
  const ea = skip(a, ap);
  const eb = skip(b, bp);
  ap = ka;
  bp = kb;
  const c = compare();
  ap = ea;
  bp = eb;
  return c;
}

// Where the order key of the instance at `at` starts; -1 without one.
function keyAt(bytes: Uint8Array, at: number): number {
  const flags = bytes[at + 1]!;
  if ((flags & T.INSTANCE_KEY) === 0) return -1;
  varint(bytes, at + 2);
  if ((flags & T.INSTANCE_BASE) === 0) return end;
  return skipFields(bytes, skip(bytes, end));
}

// Skips both tags and reads both lengths: a's is returned, b's left in
// lengthB, and ap and bp moved to the contents.
let lengthB = 0;

function readLengths(): number {
  const la = varint(a, ap + 1);
  ap = end;
  lengthB = varint(b, bp + 1);
  bp = end;
  return la;
}

function compareStrings(): number {
  const la = readLengths();
  const lb = lengthB;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const d = a[ap + i]! - b[bp + i]!;
    if (d !== 0) return d;
  }
  ap += la;
  bp += lb;
  return la - lb;
}

function compareArrays(): number {
  const la = readLengths();
  const lb = lengthB;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    // Python compares tuples at their first unequal elements: equal ones
    // need not be orderable.
    const ka = kind(a[ap]!);
    if (
      ka !== 0 && ka === kind(b[bp]!) &&
      (ka !== INSTANCE || (keyAt(a, ap) !== -1 && keyAt(b, bp) !== -1))
    ) {
      const c = compare();
      if (c !== 0) return c;
      continue;
    }
    const ea = skip(a, ap);
    const eb = skip(b, bp);
    if (!sameBytes(ap, ea, bp, eb)) throw unorderable(a[ap]!, b[bp]!);
    ap = ea;
    bp = eb;
  }
  for (let i = n; i < la; i++) ap = skip(a, ap);
  for (let i = n; i < lb; i++) bp = skip(b, bp);
  return la - lb;
}

function sameBytes(x: number, xe: number, y: number, ye: number): boolean {
  if (xe - x !== ye - y) return false;
  for (let i = 0; i < xe - x; i++) if (a[x + i] !== b[y + i]) return false;
  return true;
}

let end = 0;

function varint(bytes: Uint8Array, at: number): number {
  let n = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    n += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  end = at;
  return n;
}

function float(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, bytes[at + i]!);
  return scratch.getFloat64(0, true);
}

function number(bytes: Uint8Array, at: number): number | bigint {
  switch (bytes[at]) {
    case T.INT:
      end = at + 5;
      return bytes[at + 1]! | bytes[at + 2]! << 8 | bytes[at + 3]! << 16 |
        bytes[at + 4]! << 24;
    case T.FLOAT:
      end = at + 9;
      return float(bytes, at + 1);
    case T.TRUE:
      end = at + 1;
      return 1;
    case T.FALSE:
      end = at + 1;
      return 0;
    default: { // BIGINT
      const negative = bytes[at + 1] === 1;
      const length = varint(bytes, at + 2);
      let n = 0n;
      for (let i = end; i < end + length; i++) {
        n = n * 36n + BigInt(parseInt(String.fromCharCode(bytes[i]!), 36));
      }
      end += length;
      return negative ? -n : n;
    }
  }
}

/** The position after the value encoded at `at`. */
function skip(bytes: Uint8Array, at: number): number {
  const tag = bytes[at++];
  switch (tag) {
    case T.UNDEFINED:
    case T.NULL:
    case T.FALSE:
    case T.TRUE:
    case T.HOLE:
      return at;
    case T.INT:
      return at + 4;
    case T.FLOAT:
    case T.DATE:
      return at + 8;
    case T.BIGINT:
      return skipBytes(bytes, at + 1);
    case T.STRING:
    case T.ARRAY_BUFFER:
    case T.SHARED_BUFFER:
      return skipBytes(bytes, at);
    case T.REGEXP:
      return skipBytes(bytes, skipBytes(bytes, at));
    case T.ARRAY:
    case T.SET:
      return skipMany(bytes, at, 1);
    case T.MAP:
      return skipMany(bytes, at, 2);
    case T.OBJECT:
      return skipFields(bytes, at);
    case T.INSTANCE: {
      const flags = bytes[at++]!;
      varint(bytes, at);
      at = end;
      if (flags & T.INSTANCE_BASE) at = skipFields(bytes, skip(bytes, at));
      if (flags & T.INSTANCE_KEY) at = skip(bytes, at);
      if (flags & T.INSTANCE_BASE) return at;
      return flags & T.INSTANCE_STATE ? skip(bytes, at) : skipFields(bytes, at);
    }
    case T.VIEW:
      varint(bytes, skip(bytes, at + 1));
      return (varint(bytes, end), end);
    case T.BOXED:
      return skip(bytes, at);
    case T.REF:
    case T.FUNCTION:
      return (varint(bytes, at), end);
    case T.ERROR: {
      at = skip(bytes, skipBytes(bytes, skipBytes(bytes, at)));
      const flags = bytes[at++]!;
      if (flags & 1) at = skip(bytes, at);
      if (flags & 2) at = skip(bytes, at);
      let n = varint(bytes, at);
      at = end;
      for (; n > 0; n--) at = skip(bytes, skipBytes(bytes, at));
      return at;
    }
    case T.PORTABLE:
      varint(bytes, at);
      return skip(bytes, end);
    default: { // SHAREABLE: class index, id, carrier, data
      varint(bytes, at);
      return skip(bytes, skipBytes(bytes, skipBytes(bytes, end)));
    }
  }
}

// A count, then key and value pairs (an object's, an instance's fields).
function skipFields(bytes: Uint8Array, at: number): number {
  let n = varint(bytes, at);
  at = end;
  for (; n > 0; n--) at = skip(bytes, skipBytes(bytes, at));
  return at;
}

function skipBytes(bytes: Uint8Array, at: number): number {
  const length = varint(bytes, at);
  return end + length;
}

function skipMany(bytes: Uint8Array, at: number, per: number): number {
  let n = varint(bytes, at) * per;
  at = end;
  for (; n > 0; n--) at = skip(bytes, at);
  return at;
}

const NAMES: Record<number, string> = {
  [T.UNDEFINED]: "undefined",
  [T.NULL]: "null",
  [T.INT]: "number",
  [T.FLOAT]: "number",
  [T.BIGINT]: "bigint",
  [T.TRUE]: "boolean",
  [T.FALSE]: "boolean",
  [T.STRING]: "string",
  [T.ARRAY]: "Array",
  [T.HOLE]: "undefined",
  [T.OBJECT]: "Object",
  [T.MAP]: "Map",
  [T.SET]: "Set",
  [T.DATE]: "Date",
  [T.REGEXP]: "RegExp",
  [T.ARRAY_BUFFER]: "ArrayBuffer",
  [T.SHARED_BUFFER]: "SharedArrayBuffer",
  [T.VIEW]: "ArrayBufferView",
  [T.BOXED]: "Object",
  [T.REF]: "Object",
  [T.ERROR]: "Error",
  [T.FUNCTION]: "Function",
  [T.SHAREABLE]: "Object",
  [T.PORTABLE]: "Object",
  [T.INSTANCE]: "Object",
};

function unorderable(x: number, y: number): TypeError {
  return new TypeError(
    `'<' not supported between instances of '${NAMES[x]}' and '${NAMES[y]}'`,
  );
}
