// Copyright 2026 the @skein/concurrent authors. MIT license.
// Instances of the program's own classes cross as pickle sends them: a
// reference to their class (module and export name, found as shipped
// functions are, see ship.ts) and their state, and the other side rebuilds
// them without running the constructor, as unpickling skips `__init__`.
// The state is the instance's own enumerable fields, unless the class
// customises it: an instance method `[toState]()` gives the state (Python's
// `__getstate__`), a static method `[fromState](state)` makes the instance
// from it (Python's `__setstate__`/`__reduce__`). A subclass of a built-in
// the codecs copy (Array, Map, Set, a typed array, ...) crosses as that
// built-in's contents, its own fields, and its class. The public symbols
// are `threading/crossing.ts`'s and `queue/order_key.ts`'s (the same
// `Symbol.for` keys).
import { threadState } from "./thread_state.ts";
import {
  classRef,
  type FunctionRef,
  globalPath,
  mayExportSync,
} from "./ship.ts";

/** The instance method that gives what crosses (Python's `__getstate__`). */
export const toState: unique symbol = Symbol.for("@skein/concurrent.toState");
/** The static method that rebuilds an instance from its state. */
export const fromState: unique symbol = Symbol.for(
  "@skein/concurrent.fromState",
);
/** The instance method that gives a priority queue's order key. */
export const orderKey: unique symbol = Symbol.for(
  "@skein/concurrent.orderKey",
);

/** How instances of one class cross. */
export interface ClassInfo {
  readonly cls: (...args: unknown[]) => unknown;
  readonly ref: FunctionRef;
  /** The class customises its state: it crosses as one value. */
  readonly hooked: boolean;
  /** Its instances have an `[orderKey]()` method. */
  readonly keyed: boolean;
  /** Its instances are built-ins of a subclass (a Map's, an Array's). */
  readonly base: boolean;
}

type Constructor = (...args: unknown[]) => unknown;

// Prototypes of the built-ins the codecs copy as themselves.
const BUILTIN_PROTOS = new Set<object>([
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  SharedArrayBuffer.prototype,
  DataView.prototype,
  Blob.prototype,
  File.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
  BigInt.prototype,
  Int8Array.prototype,
  Uint8Array.prototype,
  Uint8ClampedArray.prototype,
  Int16Array.prototype,
  Uint16Array.prototype,
  Int32Array.prototype,
  Uint32Array.prototype,
  Float32Array.prototype,
  Float64Array.prototype,
  BigInt64Array.prototype,
  BigUint64Array.prototype,
]);

/** Whether `proto` is the prototype of a built-in the codecs copy. */
export function isBuiltinProto(proto: object | null): boolean {
  return proto === null || BUILTIN_PROTOS.has(proto);
}

// Built-ins whose subclasses cross as their contents and their class.
const BASES: readonly (abstract new (...args: never[]) => object)[] = [
  Array,
  Map,
  Set,
  Date,
  RegExp,
  ArrayBuffer,
  SharedArrayBuffer,
  Boolean,
  Number,
  String,
];

const infos = threadState(
  "instances",
  () => new WeakMap<object, ClassInfo | string>(),
);

/**
 * How `value`, whose prototype `proto` is not a built-in's, crosses; or
 * why it cannot ("an instance of Point, and no module exports ..."), to
 * follow "it is ".
 */
export function classInfo(value: object, proto: object): ClassInfo | string {
  let info = infos.get(proto);
  if (info === undefined) {
    info = describe(value, proto);
    infos.set(proto, info);
  }
  return info;
}

function describe(value: object, proto: object): ClassInfo | string {
  const cls: unknown = (proto as { constructor?: unknown }).constructor;
  if (typeof cls !== "function" || cls.prototype !== proto) {
    return "an object whose prototype is not a class's: send plain data, or an instance of an exported class";
  }
  const name = cls.name;
  const source = Function.prototype.toString.call(cls);
  if (source.endsWith("{ [native code] }") || globalPath(cls) !== undefined) {
    return `an instance of ${name}, a built-in class that does not cross: send its data instead`;
  }
  if (value instanceof Blob) {
    return `an instance of ${name}, a Blob, whose bytes can only be read asynchronously: send its bytes instead`;
  }
  const statics = cls as unknown as Record<symbol, unknown>;
  const hooked = typeof (value as Record<symbol, unknown>)[toState] ===
      "function" || typeof statics[fromState] === "function";
  if (name === "") {
    return "an instance of an anonymous class, which no module can export: name the class and export it from its module";
  }
  const ref = classRef(cls as Constructor);
  if (!ref.modules.some((url) => mayExportSync(url, name))) {
    return `an instance of ${name}, and no module exports the class, so the other side cannot rebuild it: export ${name} from ${
      ref.modules.join(" or ")
    } (a module other than the main one also calls registerModule(import.meta.url))`;
  }
  if (
    typeof statics[fromState] !== "function" &&
    usesPrivateNames(cls)
  ) {
    return `an instance of ${name}, whose private members (#names) cannot be rebuilt from its fields: give ${name} a static [fromState](state) method, and an instance [toState]() method (both symbols from @skein/concurrent/threading)`;
  }
  return {
    cls: cls as Constructor,
    ref,
    hooked,
    keyed: typeof (value as Record<symbol, unknown>)[orderKey] === "function",
    base: BASES.some((base) => value instanceof base) ||
      ArrayBuffer.isView(value),
  };
}

// Whether the class or one of its ancestors uses `#private` members
// (`this.#x`, `#x in o`), judged from their source text: an instance made
// without the constructor lacks them.
function usesPrivateNames(cls: unknown): boolean {
  for (
    let c = cls;
    typeof c === "function" && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    const source = Function.prototype.toString.call(c);
    if (/\.#[A-Za-z_$]|#[A-Za-z_$][\w$]*\s+in\b/.test(source)) return true;
  }
  return false;
}

/** What crosses for `value` when its class is hooked. */
export function stateOf(value: object): unknown {
  const get = (value as Record<symbol, unknown>)[toState];
  return typeof get === "function" ? get.call(value) : { ...value };
}

/** Rebuilds an instance of `cls` from what stateOf() gave. */
export function fromStateOf(cls: Constructor, state: unknown): object {
  const make = (cls as unknown as Record<symbol, unknown>)[fromState];
  if (typeof make === "function") return make.call(cls, state);
  const out = Object.create(cls.prototype);
  if (typeof state === "object" && state !== null) Object.assign(out, state);
  return out;
}

/** The own fields of a built-in's subclass instance that are not items. */
export function extraFields(value: object): string[] {
  const keys = Object.keys(value);
  if (
    !Array.isArray(value) && !ArrayBuffer.isView(value) &&
    !(value instanceof String)
  ) return keys;
  return keys.filter((key) => !/^(?:0|[1-9]\d*)$/.test(key));
}
