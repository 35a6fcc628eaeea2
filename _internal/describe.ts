// Copyright 2026 the @skein/concurrent authors. MIT license.
// How error messages name the type of a value they rejected:
// "... must be a number: received string".

/** Names the kind of `value` for a "received ..." phrase. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === "string" && name !== "Object"
      ? `an instance of ${name}`
      : "an object";
  }
  return typeof value;
}
