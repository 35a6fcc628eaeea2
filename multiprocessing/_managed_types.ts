// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a SyncManager's server holds: Python's dict, list, Namespace and
// Value with their errors, and the queue and threading objects, each with
// the methods a proxy may call (the `exposed` list of Python's proxies;
// the blocking Sync forms are never exposed: they would stop the server).
import { describe } from "../_internal/describe.ts";
import { pyRepr, pyTypeName } from "../_internal/py_repr.ts";
import { ValueError } from "../errors.ts";
import { Queue } from "../queue/mod.ts";
import { BoundedSemaphore, Event, Lock, Semaphore } from "../threading/mod.ts";
import { AttributeError, IndexError, KeyError } from "./errors.ts";

/** Python's repr of a key, for KeyError's message. */
function repr(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

/** Python's `==` on values that crossed through the codec. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || !a || !b) {
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((x, i) => equal(x, b[i]));
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date &&
      a.getTime() === b.getTime();
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length &&
    ka.every((k) =>
      Object.hasOwn(b, k) &&
      equal(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
      )
    );
}

function order(a: unknown, b: unknown): number {
  if (
    typeof a === typeof b && (typeof a === "number" || typeof a === "string" ||
      typeof a === "bigint" || typeof a === "boolean")
  ) {
    return a! < b! ? -1 : a! > b! ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!equal(a[i], b[i])) return order(a[i], b[i]);
    }
    return a.length - b.length;
  }
  throw new TypeError(
    `'<' not supported between instances of '${describe(a)}' and '${
      describe(b)
    }'`,
  );
}

/** A dict held by the server. */
export class ManagedDict {
  #map: Map<unknown, unknown>;

  constructor(init?: unknown) {
    this.#map = new Map();
    if (init !== undefined) this.update(init);
  }
  getItem(key: unknown): unknown {
    if (!this.#map.has(key)) throw new KeyError(repr(key));
    return this.#map.get(key);
  }
  setItem(key: unknown, value: unknown): void {
    this.#map.set(key, value);
  }
  delItem(key: unknown): void {
    if (!this.#map.delete(key)) throw new KeyError(repr(key));
  }
  has(key: unknown): boolean {
    return this.#map.has(key);
  }
  len(): number {
    return this.#map.size;
  }
  get(key: unknown, fallback: unknown = null): unknown {
    return this.#map.has(key) ? this.#map.get(key) : fallback;
  }
  keys(): unknown[] {
    return [...this.#map.keys()];
  }
  values(): unknown[] {
    return [...this.#map.values()];
  }
  items(): [unknown, unknown][] {
    return [...this.#map.entries()];
  }
  clear(): void {
    this.#map.clear();
  }
  copy(): Map<unknown, unknown> {
    return new Map(this.#map);
  }
  pop(key: unknown, ...fallback: unknown[]): unknown {
    if (!this.#map.has(key)) {
      if (fallback.length > 0) return fallback[0];
      throw new KeyError(repr(key));
    }
    const value = this.#map.get(key);
    this.#map.delete(key);
    return value;
  }
  popitem(): [unknown, unknown] {
    const last = [...this.#map.entries()].at(-1);
    if (last === undefined) {
      throw new KeyError("'popitem(): dictionary is empty'");
    }
    this.#map.delete(last[0]);
    return last;
  }
  setdefault(key: unknown, fallback: unknown = null): unknown {
    if (!this.#map.has(key)) this.#map.set(key, fallback);
    return this.#map.get(key);
  }
  update(other: unknown): void {
    const entries = other instanceof Map
      ? other.entries()
      : Array.isArray(other)
      ? other as Iterable<[unknown, unknown]>
      : typeof other === "object" && other !== null
      ? Object.entries(other)
      : undefined;
    if (entries === undefined) {
      throw new TypeError(
        `Cannot update dict as 'other' must be a Map, an object or an array of pairs: received ${
          describe(other)
        }`,
      );
    }
    for (const [key, value] of entries) this.#map.set(key, value);
  }
  // Python's operators, as DictProxy exposes them to `_callmethod`.
  __len__(): number {
    return this.len();
  }
  __getitem__(key: unknown): unknown {
    return this.getItem(key);
  }
  __setitem__(key: unknown, value: unknown): void {
    this.setItem(key, value);
  }
  __delitem__(key: unknown): void {
    this.delItem(key);
  }
  __contains__(key: unknown): boolean {
    return this.has(key);
  }
  /** Python's repr: `{'a': 1}`. */
  toString(): string {
    return pyRepr(this.#map);
  }
}

// Python's index rules: negative from the end; out of range is IndexError.
function at(length: number, index: unknown, what: string): number {
  if (!Number.isInteger(index)) {
    throw new TypeError(
      `list indices must be integers: received ${describe(index)}`,
    );
  }
  const i = (index as number) < 0
    ? length + (index as number)
    : index as number;
  if (i < 0 || i >= length) throw new IndexError(`${what} out of range`);
  return i;
}

/** A list held by the server. */
export class ManagedList {
  #items: unknown[];

  constructor(init: Iterable<unknown> = []) {
    this.#items = [...init];
  }
  getItem(index: number): unknown {
    return this.#items[at(this.#items.length, index, "list index")];
  }
  setItem(index: number, value: unknown): void {
    this.#items[at(this.#items.length, index, "list assignment index")] = value;
  }
  delItem(index: number): void {
    this.#items.splice(
      at(this.#items.length, index, "list assignment index"),
      1,
    );
  }
  has(value: unknown): boolean {
    return this.#items.some((item) => equal(item, value));
  }
  len(): number {
    return this.#items.length;
  }
  append(value: unknown): void {
    this.#items.push(value);
  }
  extend(values: Iterable<unknown>): void {
    this.#items.push(...values);
  }
  insert(index: number, value: unknown): void {
    const n = this.#items.length;
    const i = index < 0 ? Math.max(0, n + index) : Math.min(index, n);
    this.#items.splice(i, 0, value);
  }
  pop(index = -1): unknown {
    if (this.#items.length === 0) throw new IndexError("pop from empty list");
    return this.#items.splice(at(this.#items.length, index, "pop index"), 1)[0];
  }
  remove(value: unknown): void {
    const i = this.#items.findIndex((item) => equal(item, value));
    if (i < 0) throw new ValueError("list.remove(x): x not in list");
    this.#items.splice(i, 1);
  }
  index(value: unknown): number {
    const i = this.#items.findIndex((item) => equal(item, value));
    if (i < 0) throw new ValueError(`${repr(value)} is not in list`);
    return i;
  }
  count(value: unknown): number {
    return this.#items.filter((item) => equal(item, value)).length;
  }
  reverse(): void {
    this.#items.reverse();
  }
  sort(options: { reverse?: boolean } = {}): void {
    const sorted = [...this.#items].sort(order); // throws before changing
    this.#items = options.reverse ? sorted.reverse() : sorted;
  }
  copy(): unknown[] {
    return [...this.#items];
  }
  // Python's operators, as ListProxy exposes them to `_callmethod`.
  __len__(): number {
    return this.len();
  }
  __getitem__(index: number): unknown {
    return this.getItem(index);
  }
  __setitem__(index: number, value: unknown): void {
    this.setItem(index, value);
  }
  __delitem__(index: number): void {
    this.delItem(index);
  }
  __contains__(value: unknown): boolean {
    return this.has(value);
  }
  __add__(other: unknown): unknown[] {
    if (!Array.isArray(other)) {
      throw new TypeError(
        `can only concatenate list (not "${pyTypeName(other)}") to list`,
      );
    }
    return [...this.#items, ...other];
  }
  __iadd__(other: unknown): void {
    if (!Array.isArray(other)) {
      throw new TypeError(
        `Cannot extend list as 'other' must be an array: received ${
          describe(other)
        }`,
      );
    }
    this.extend(other);
  }
  __mul__(count: unknown): unknown[] {
    const n = repeats(count);
    return Array.from({ length: n }, () => this.#items).flat();
  }
  __rmul__(count: unknown): unknown[] {
    return this.__mul__(count);
  }
  __imul__(count: unknown): void {
    this.#items = this.__mul__(count);
  }
  __reversed__(): unknown[] {
    return [...this.#items].reverse();
  }
  /** Python's repr: `[1, 'a']`. */
  toString(): string {
    return pyRepr(this.#items);
  }
}

// `list * n`: a whole number of copies (none when n <= 0).
function repeats(count: unknown): number {
  if (!Number.isInteger(count)) {
    throw new TypeError(
      `can't multiply sequence by non-int of type '${pyTypeName(count)}'`,
    );
  }
  return Math.max(0, count as number);
}

/** A Namespace held by the server: named attributes. */
export class ManagedNamespace {
  #attrs = new Map<string, unknown>();

  constructor(init: Record<string, unknown> = {}) {
    for (const [name, value] of Object.entries(init)) {
      this.#attrs.set(name, value);
    }
  }
  getAttr(name: string): unknown {
    if (!this.#attrs.has(name)) {
      throw new AttributeError(
        `'Namespace' object has no attribute '${name}'`,
      );
    }
    return this.#attrs.get(name);
  }
  setAttr(name: string, value: unknown): void {
    this.#attrs.set(name, value);
  }
  delAttr(name: string): void {
    if (!this.#attrs.delete(name)) throw new AttributeError(name);
  }
  toObject(): Record<string, unknown> {
    return Object.fromEntries(this.#attrs);
  }
  // Python's attribute access, as NamespaceProxy exposes it.
  __getattribute__(name: string): unknown {
    return this.getAttr(name);
  }
  __setattr__(name: string, value: unknown): void {
    this.setAttr(name, value);
  }
  __delattr__(name: string): void {
    this.delAttr(name);
  }
  /** Python's repr: `Namespace(x=10, y='hello')`, names sorted, `_` ones left out. */
  toString(): string {
    const attrs = [...this.#attrs]
      .filter(([name]) => !name.startsWith("_"))
      .map(([name, value]) => `${name}=${pyRepr(value)}`)
      .sort();
    return `Namespace(${attrs.join(", ")})`;
  }
}

/** A Value held by the server (its typecode is kept, not enforced). */
export class ManagedValue {
  #value: unknown;
  readonly typecode: string;

  constructor(typecode: string, value: unknown) {
    this.typecode = typecode;
    this.#value = value;
  }
  get(): unknown {
    return this.#value;
  }
  set(value: unknown): void {
    this.#value = value;
  }
  /** Python's repr: `Value('i', 1)`. */
  toString(): string {
    return `Value(${pyRepr(this.typecode)}, ${pyRepr(this.#value)})`;
  }
}

/** An Array held by the server: a fixed length of numbers. */
export class ManagedArray {
  #items: (number | bigint)[];
  readonly typecode: string;

  constructor(typecode: string, sequence: Iterable<number | bigint>) {
    this.typecode = typecode;
    this.#items = [...sequence];
  }
  len(): number {
    return this.#items.length;
  }
  getItem(index: number): number | bigint {
    return this.#items[at(this.#items.length, index, "array index")]!;
  }
  setItem(index: number, value: number | bigint): void {
    if (typeof value !== "number" && typeof value !== "bigint") {
      throw new TypeError(
        `Cannot set array item as 'value' must be a number: received ${
          describe(value)
        }`,
      );
    }
    this.#items[at(this.#items.length, index, "array assignment index")] =
      value;
  }
  copy(): (number | bigint)[] {
    return [...this.#items];
  }
  // Python's operators, as ArrayProxy exposes them.
  __len__(): number {
    return this.len();
  }
  __getitem__(index: number): number | bigint {
    return this.getItem(index);
  }
  __setitem__(index: number, value: number | bigint): void {
    this.setItem(index, value);
  }
  /** Python's repr: `array('i', [1, 2, 3])`. */
  toString(): string {
    return `array(${pyRepr(this.typecode)}, ${pyRepr(this.#items)})`;
  }
}

const QUEUE = [
  "put",
  "get",
  "putNowait",
  "getNowait",
  "qsize",
  "empty",
  "full",
] as const;
const ACQUIRER = ["acquire", "release"] as const;

/** A built-in type: how the server makes it, and what a proxy may call. */
export interface BuiltinType {
  readonly make: (...args: never[]) => object;
  readonly exposed: readonly string[];
}

// Every method but the constructor and toString (the server's `__repr__`
// and `__str__`, callable on any object as Python's fallbacks).
function methodsOf(prototype: object): string[] {
  return Object.getOwnPropertyNames(prototype).filter((name) =>
    name !== "constructor" && name !== "toString"
  );
}

/** SyncManager's types, by typeid. */
export const BUILTINS: Record<string, BuiltinType> = {
  dict: {
    make: (init?: unknown) => new ManagedDict(init),
    exposed: methodsOf(ManagedDict.prototype),
  },
  list: {
    make: (init?: Iterable<unknown>) => new ManagedList(init),
    exposed: methodsOf(ManagedList.prototype),
  },
  Namespace: {
    make: (init?: Record<string, unknown>) => new ManagedNamespace(init),
    exposed: methodsOf(ManagedNamespace.prototype),
  },
  Value: {
    make: (typecode: string, value: unknown) =>
      new ManagedValue(typecode, value),
    exposed: ["get", "set"],
  },
  Array: {
    make: (typecode: string, sequence: Iterable<number>) =>
      new ManagedArray(typecode, sequence),
    exposed: methodsOf(ManagedArray.prototype),
  },
  Queue: { make: (maxsize?: number) => new Queue(maxsize), exposed: QUEUE },
  JoinableQueue: {
    make: (maxsize?: number) => new Queue(maxsize),
    exposed: [...QUEUE, "taskDone", "join"],
  },
  Lock: { make: () => new Lock(), exposed: [...ACQUIRER, "locked"] },
  Semaphore: {
    make: (value?: number) => new Semaphore(value),
    exposed: ACQUIRER,
  },
  BoundedSemaphore: {
    make: (value?: number) => new BoundedSemaphore(value),
    exposed: ACQUIRER,
  },
  Event: {
    make: () => new Event(),
    exposed: ["isSet", "set", "clear", "wait"],
  },
};
