// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a SyncManager's server holds: Python's dict, list, Namespace and
// Value with their errors, and the queue and threading objects, each with
// the methods a proxy may call (the `exposed` list of Python's proxies;
// the blocking Sync forms are never exposed: they would stop the server).
import { describe } from "../_internal/describe.ts";
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

const dictMethods = Object.getOwnPropertyNames(ManagedDict.prototype);
const listMethods = Object.getOwnPropertyNames(ManagedList.prototype);

/** SyncManager's types, by typeid. */
export const BUILTINS: Record<string, BuiltinType> = {
  dict: {
    make: (init?: unknown) => new ManagedDict(init),
    exposed: dictMethods.filter((m) => m !== "constructor"),
  },
  list: {
    make: (init?: Iterable<unknown>) => new ManagedList(init),
    exposed: listMethods.filter((m) => m !== "constructor"),
  },
  Namespace: {
    make: (init?: Record<string, unknown>) => new ManagedNamespace(init),
    exposed: ["getAttr", "setAttr", "delAttr", "toObject"],
  },
  Value: {
    make: (typecode: string, value: unknown) =>
      new ManagedValue(typecode, value),
    exposed: ["get", "set"],
  },
  Array: {
    make: (typecode: string, sequence: Iterable<number>) =>
      new ManagedArray(typecode, sequence),
    exposed: ["len", "getItem", "setItem", "copy"],
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
