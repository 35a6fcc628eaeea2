// Copyright 2026 the @skein/concurrent authors. MIT license.
// The byte form of the wire codec, for values stored in shared memory (queue
// items) rather than posted. A record is a flags byte, the needs section
// when flags has NEEDS (the shareable classes and functions the reader must
// load first), then one value: a tag byte and its payload. Lengths and
// counts are unsigned LEB128 varints; numbers are little-endian.

/** Flags: the record has a needs section. */
export const NEEDS = 1;
/** Flags: the record carries SharedArrayBuffers (see sab_carrier.ts). */
export const CARRIES = 2;

export const UNDEFINED = 0;
export const NULL = 1;
export const FALSE = 2;
export const TRUE = 3;
/** An int32, 4 bytes. */
export const INT = 4;
/** A float64, 8 bytes (also -0, NaN and the infinities). */
export const FLOAT = 5;
/** A bigint: sign byte, then its magnitude as a varint-length string. */
export const BIGINT = 6;
/** A string: byte length, UTF-8. */
export const STRING = 7;
/** An array: length, then each element (HOLE for a missing one). */
export const ARRAY = 8;
export const HOLE = 9;
/** A plain object: key count, then key (length, UTF-8) and value pairs. */
export const OBJECT = 10;
export const MAP = 11;
export const SET = 12;
/** A Date: its time value as float64. */
export const DATE = 13;
/** A RegExp: source and flags as strings. */
export const REGEXP = 14;
/** An ArrayBuffer: byte length, bytes (a copy). */
export const ARRAY_BUFFER = 15;
/** A SharedArrayBuffer: its carrier bytes (length, bytes). */
export const SHARED_BUFFER = 16;
/** A view: kind byte, its buffer (a value), byte offset, length. */
export const VIEW = 17;
/** A boxed primitive: its primitive value. */
export const BOXED = 18;
/** A value met before in this record: its index in order of first sight. */
export const REF = 19;
/** An error: name, message, stack, then cause/errors flags and fields. */
export const ERROR = 20;
/** A function: its index in the needs section. */
export const FUNCTION = 21;
/** A shareable: needs index of its class, id, carrier bytes, data. */
export const SHAREABLE = 22;
/** A portable (for another process): needs index of its class, data. */
export const PORTABLE = 23;
/**
 * An instance of an exported class: flags (INSTANCE_*), needs index of its
 * class, then: for a built-in's subclass, the built-in (its tag and
 * payload, standing for the instance in REFs), its other fields (count,
 * key and value pairs) and the order key; else the order key, then the
 * hooked state (one value) or the fields (count, key and value pairs).
 */
export const INSTANCE = 24;
/** INSTANCE flags: an order key (see wire_order.ts) is present. */
export const INSTANCE_KEY = 1;
/** INSTANCE flags: the class's hook gave the state, one value. */
export const INSTANCE_STATE = 2;
/** INSTANCE flags: a built-in's subclass. */
export const INSTANCE_BASE = 4;

/** The view classes, by their VIEW kind byte. */
export const VIEW_KINDS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
] as const;
