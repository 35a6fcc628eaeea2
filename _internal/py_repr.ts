// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's repr() of the values messages and reprs show, and what every
// class with a Python repr shares: the symbol through which Deno.inspect
// and console.log ask for it, a stable per-object id standing in for
// Python's `at 0x...` address, and Python's name for a value's type.
import { isPlainObject } from "./keywords.ts";

/**
 * The method `Deno.inspect` (and so `console.log`) calls for an object's
 * text; each class with a Python repr answers it with its `toString()`.
 */
export const customInspect: unique symbol = Symbol.for("Deno.customInspect");

/**
 * The method pyRepr() calls for an object whose Python repr is not its
 * str (its `toString()`), as Python's `__repr__` beside `__str__`: a
 * manager's proxy prints its referent but reprs as
 * `<DictProxy object, typeid 'dict' at 0x1>`.
 */
export const reprMethod: unique symbol = Symbol.for("@skein/concurrent.repr");

// Python's `module.qualname` of the package's classes, for their reprs.
// deno-lint-ignore ban-types
const qualifiedNames = new Map<Function, string>();

/**
 * Names `cls` `name` in reprs, as Python's `cls.__module__` + "." +
 * `cls.__qualname__` (`threading.Event`).
 */
// deno-lint-ignore ban-types
export function setQualifiedName(cls: Function, name: string): void {
  qualifiedNames.set(cls, name);
}

/**
 * The name of `object`'s class in a repr: its qualified name, or for a
 * class of the user's, its own name.
 */
export function qualifiedName(object: object): string {
  return qualifiedNames.get(object.constructor) ?? object.constructor.name;
}

const ids = new WeakMap<object, number>();
let lastId = 0;

/** A hex id of `object`, the same for its whole life: `0x1`, `0x2`, ... */
export function objectId(object: object): string {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, id = ++lastId);
  return `0x${id.toString(16)}`;
}

/** Python's name of the type of `value` as it crosses: `int`, `str`, ... */
export function pyTypeName(value: unknown): string {
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "undefined":
      return "NoneType";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
  }
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Map || isPlainObject(value)) return "dict";
  if (value instanceof Set) return "set";
  return (value as object).constructor?.name ?? "object";
}

/**
 * Python's repr() of a value as it crosses: a string quoted as Python
 * quotes it, `None`, `True`/`False`, a list `[...]`, a Map or a plain
 * object as a dict `{...}`, a Set, bytes (`b'...'`), an error as
 * `ValueError('message')`; an object with a {@linkcode reprMethod} as
 * what it returns, one with its own `toString()` as that (the package's
 * classes give their Python repr there).
 */
export function pyRepr(value: unknown): string {
  return repr(value, new Set());
}

function repr(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return reprString(value);
    case "number":
      if (Number.isNaN(value)) return "nan";
      if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
      return Object.is(value, -0) ? "-0.0" : String(value);
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "True" : "False";
    case "undefined":
      return "None";
    case "function":
      // A class (or a built-in constructor such as Number) is Python's
      // `<class 'float'>`; any other function `<function f>`.
      return isClass(value)
        ? `<class '${value.name}'>`
        : `<function ${value.name || "<anonymous>"}>`;
    case "symbol":
      return String(value);
  }
  if (value === null) return "None";
  if (value instanceof Uint8Array) return `b${reprString(latin1(value), 0xff)}`;
  const code = ARRAY_TYPECODES.get(Object.getPrototypeOf(value));
  if (code !== undefined) {
    // Python's closest type: array.array with that typecode.
    const items = Array.from(value as ArrayLike<number | bigint>, String);
    return `array('${code}', [${items.join(", ")}])`;
  }
  const object = value as object;
  const cyclic = seen.has(object);
  if (Array.isArray(object)) {
    if (cyclic) return "[...]";
    return nested(
      seen,
      object,
      () => `[${object.map((item) => repr(item, seen)).join(", ")}]`,
    );
  }
  if (object instanceof Map || isPlainObject(object)) {
    if (cyclic) return "{...}";
    const entries = object instanceof Map
      ? [...object]
      : Object.entries(object);
    return nested(
      seen,
      object,
      () =>
        `{${
          entries.map(([k, v]) => `${repr(k, seen)}: ${repr(v, seen)}`).join(
            ", ",
          )
        }}`,
    );
  }
  if (object instanceof Set) {
    if (cyclic) return "{...}";
    if (object.size === 0) return "set()";
    return nested(
      seen,
      object,
      () => `{${[...object].map((item) => repr(item, seen)).join(", ")}}`,
    );
  }
  if (object instanceof Error) {
    return `${object.name}(${reprString(object.message)})`;
  }
  const ownRepr = (object as { [reprMethod]?: unknown })[reprMethod];
  if (typeof ownRepr === "function") return String(ownRepr.call(object));
  if (hasOwnToString(object)) return String(object);
  return `<${pyTypeName(object)} object at ${objectId(object)}>`;
}

// The array module's typecode of each typed array but bytes.
const ARRAY_TYPECODES = new Map<unknown, string>([
  [Int8Array.prototype, "b"],
  [Int16Array.prototype, "h"],
  [Uint16Array.prototype, "H"],
  [Int32Array.prototype, "i"],
  [Uint32Array.prototype, "I"],
  [BigInt64Array.prototype, "q"],
  [BigUint64Array.prototype, "Q"],
  [Float32Array.prototype, "f"],
  [Float64Array.prototype, "d"],
]);

function isClass(fn: { name: string; prototype?: unknown }): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn)) ||
    (/^[A-Z]/.test(fn.name) && fn.prototype !== undefined);
}

function nested(seen: Set<object>, object: object, text: () => string): string {
  seen.add(object);
  try {
    return text();
  } finally {
    seen.delete(object);
  }
}

function hasOwnToString(object: object): boolean {
  const toString = (object as { toString?: unknown }).toString;
  return typeof toString === "function" &&
    toString !== Object.prototype.toString;
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

// `escapeTo`: the last code escaped from 0x7f up (bytes escape all).
function reprString(text: string, escapeTo = 0xa0): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= escapeTo)) {
      out += `\\x${code.toString(16).padStart(2, "0")}`;
    } else out += char;
  }
  return out + quote;
}
