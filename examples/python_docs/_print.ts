// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's print() and repr() for the documentation ports: console.log
// formats values its own way ([ 1, 4, 9 ], true, null), so a port that
// prints a list, a bool or None prints it through these to show what
// CPython shows ([1, 4, 9], True, None). Values with their own toString()
// (proxies, Process, ShareableList, ...) print as that, as Python's str();
// a manager's proxy reprs as itself (`<ListProxy object, ...>`) through the
// package's repr method, and prints its referent, as Python's.
import { pyRepr, reprMethod } from "../../_internal/py_repr.ts";

function ownRepr(value: object): (() => string) | undefined {
  const method = (value as { [reprMethod]?: unknown })[reprMethod];
  return typeof method === "function" ? method.bind(value) : undefined;
}

/** Python's `repr(value)`: the package's own, as its classes use. */
export function repr(value: unknown): string {
  return pyRepr(value);
}

/**
 * Python's `str(value)`: a string as itself, an object whose repr differs
 * from its str (a proxy) as its `toString()`, anything else as repr.
 */
export function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && ownRepr(value)) {
    return String(value);
  }
  return repr(value);
}

/** Python's `print(*values)`: str() of each, joined by a space. */
export function print(...values: unknown[]): void {
  console.log(values.map(str).join(" "));
}

/**
 * Python's `type(value)` of the Python value a JavaScript value stands
 * for (a string is `str`, an integral number `int`, other numbers `float`,
 * `null` `NoneType`, a Uint8Array `bytes`, ...), printing as
 * `<class 'str'>`.
 */
export function type(value: unknown): { toString(): string } {
  let name: string;
  if (typeof value === "string") name = "str";
  else if (typeof value === "boolean") name = "bool";
  else if (typeof value === "bigint") name = "int";
  else if (typeof value === "number") {
    name = Number.isInteger(value) ? "int" : "float";
  } else if (value === null || value === undefined) name = "NoneType";
  else if (value instanceof Uint8Array) name = "bytes";
  else if (Array.isArray(value)) name = "list";
  else if (value instanceof Map) name = "dict";
  else name = (value as object).constructor?.name ?? "object";
  return new PyType(name);
}

/** What type() returns: prints as Python's `<class 'int'>`. */
class PyType {
  constructor(readonly name: string) {}
  toString(): string {
    return `<class '${this.name}'>`;
  }
}
