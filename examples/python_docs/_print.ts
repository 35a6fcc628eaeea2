// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's print() and repr() for the documentation ports: console.log
// formats values its own way ([ 1, 4, 9 ], true, null), so a port that
// prints a list, a bool or None prints it through these to show what
// CPython shows ([1, 4, 9], True, None). Values with their own toString()
// (proxies, Process, ShareableList, ...) print as that, as Python's str();
// a manager's proxy reprs as itself (`<ListProxy object, ...>`) through the
// package's repr method, and prints its referent, as Python's.

// The method the package's objects whose repr is not their str answer.
const REPR = Symbol.for("@skein/concurrent.repr");

function ownRepr(value: object): (() => string) | undefined {
  const method = (value as { [REPR]?: unknown })[REPR];
  return typeof method === "function" ? method.bind(value) : undefined;
}

const TYPED_CODES = new Map<unknown, string>([
  [Int8Array, "b"],
  [Int16Array, "h"],
  [Uint16Array, "H"],
  [Int32Array, "i"],
  [Uint32Array, "I"],
  [BigInt64Array, "q"],
  [BigUint64Array, "Q"],
  [Float32Array, "f"],
  [Float64Array, "d"],
]);

/** Python's `repr(value)` for the values the ports print. */
export function repr(value: unknown): string {
  if (typeof value === "string") return reprString(value);
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
    return String(value);
  }
  if (typeof value === "bigint") return String(value);
  if (typeof value === "function") {
    return /^class[\s{]/.test(Function.prototype.toString.call(value)) ||
        /^[A-Z]/.test(value.name)
      ? `<class '${value.name}'>`
      : `<function ${value.name}>`;
  }
  if (value instanceof Uint8Array) return `b${reprString(latin1(value))}`;
  const code = TYPED_CODES.get(value?.constructor);
  if (code !== undefined) {
    const items = Array.from(value as ArrayLike<number>, repr);
    return `array('${code}', [${items.join(", ")}])`;
  }
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (value instanceof Map) {
    const items = [...value].map(([k, v]) => `${repr(k)}: ${repr(v)}`);
    return `{${items.join(", ")}}`;
  }
  if (value instanceof Set) {
    return value.size === 0 ? "set()" : `{${[...value].map(repr).join(", ")}}`;
  }
  if (value instanceof Error) {
    return `${value.name}(${reprString(value.message)})`;
  }
  if (typeof value === "object") {
    const reprOf = ownRepr(value);
    if (reprOf !== undefined) return reprOf();
    const own = (value as { toString(): string }).toString;
    if (own !== Object.prototype.toString) return String(value);
    const items = Object.entries(value).map(([k, v]) =>
      `${reprString(k)}: ${repr(v)}`
    );
    return `{${items.join(", ")}}`;
  }
  return String(value);
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

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, "0")}`;
    } else out += char;
  }
  return out + quote;
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
  return { toString: () => `<class '${name}'>` };
}
