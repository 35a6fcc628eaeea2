// Copyright 2026 the @skein/concurrent authors. MIT license.
// A few of Python's operator module's functions, for the mp_newtype port
// (JavaScript has no such module).

/** Python's `operator.add(a, b)`. */
export function add(a: number, b: number): number {
  return a + b;
}

/** Python's `operator.mul(a, b)`. */
export function mul(a: number, b: number): number {
  return a * b;
}

/** Python's `operator.pow(a, b)` of unbounded integers. */
export function pow(a: bigint, b: bigint): bigint {
  return a ** b;
}

/** Python's `operator.sub(a, b)`. */
export function sub(a: number, b: number): number {
  return a - b;
}
