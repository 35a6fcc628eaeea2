// Copyright 2026 the @skein/concurrent authors. MIT license.
// The wire codec for crossings between threads. postMessage's structured
// clone already copies plain data and shares SharedArrayBuffers; this layer
// adds what it lacks, as marker objects:
// - shareable primitives (Lock, Queue, ...) cross as the same object,
// - functions cross by reference (module and name) or as source text,
// - errors keep their class, message, stack, cause and fields,
// - instances of exported classes keep their class (see instances.ts),
// and rejects what cannot cross (symbols, instances of classes no module
// exports, native functions without a global path) with a TypeError that
// names the path inside the value.
// Values that need none of this cross untouched.
import { threadState } from "./thread_state.ts";
import {
  errorClassRef,
  type FunctionRef,
  functionRef,
  resolveFunction,
} from "./ship.ts";
import {
  isShareable,
  rebuildShared,
  shareableModule,
  type SharedState,
  toShared,
} from "./shareable.ts";
import { errorClass } from "./errors_registry.ts";
import {
  classInfo,
  extraFields,
  fromStateOf,
  isBuiltinProto,
  stateOf,
} from "./instances.ts";

const MARK = "\u0000@skein/concurrent";

type Marker =
  | { [MARK]: "fn"; ref: FunctionRef }
  | { [MARK]: "shared"; module: string; id: string; state: SharedState }
  | {
    [MARK]: "error";
    name: string;
    message: string;
    stack: string | undefined;
    cause?: unknown;
    errors?: unknown;
    fields: Record<string, unknown>;
    /** A class of the program's own, used when this side finds it. */
    cls?: FunctionRef;
  }
  | { [MARK]: "object"; value: Record<string, unknown> }
  | {
    [MARK]: "classes";
    value: unknown;
    /** The instances inside `value`, each of class `classes[of[i]]`. */
    objects: object[];
    of: number[];
    classes: FunctionRef[];
  }
  | {
    [MARK]: "instance";
    ref: FunctionRef;
    /** A hooked class's state (see instances.ts). */
    state?: unknown;
    /** A built-in's subclass: the built-in's copy. */
    base?: unknown;
    fields?: Record<string, unknown>;
  };

/** A value ready for postMessage, and whether decode() has work to do. */
export interface Encoded {
  readonly value: unknown;
  readonly marked: boolean;
}

// Objects structured clone copies faithfully, kept as they are.
const CLONABLE: readonly (abstract new (...args: never[]) => object)[] = [
  Date,
  RegExp,
  ArrayBuffer,
  SharedArrayBuffer,
  DataView,
  Blob,
  Boolean,
  Number,
  String,
];

function isClonable(value: object): boolean {
  if (ArrayBuffer.isView(value)) return true;
  for (const cls of CLONABLE) if (value instanceof cls) return true;
  return false;
}

/**
 * Encodes `value` for another thread. `path` names it in errors, e.g.
 * `"args"` gives `args[1].cb`.
 *
 * @throws {TypeError} If a part of the value cannot cross.
 */
export function encode(value: unknown, path: string): Encoded {
  if (typeof value !== "object" && typeof value !== "function") {
    if (typeof value === "symbol") throw cannotSend(path, "a symbol");
    return { value, marked: false };
  }
  if (value === null) return { value, marked: false };
  if (
    Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype &&
    value.every(isPlainPrimitive)
  ) {
    return { value, marked: false }; // the common case of simple arguments
  }
  // First pass: validate, and learn whether anything needs a marker.
  const state: WalkState = { marked: false, seen: new Map() };
  walk(value, path, state, false);
  if (!state.marked) {
    if (state.objects === undefined) return { value, marked: false };
    // Only instances whose state is their fields: the value crosses as it
    // is (structured clone copies their fields) with the list of them,
    // which the clone keeps as the same objects, and their classes.
    const classes: Marker = { [MARK]: "classes", value, ...state.objects };
    return { value: classes, marked: true };
  }
  return {
    value: walk(value, path, { marked: true, seen: new Map() }, true),
    marked: true,
  };
}

function isPlainPrimitive(value: unknown): boolean {
  const type = typeof value;
  return value === null || (type !== "object" && type !== "function" &&
    type !== "symbol");
}

interface WalkState {
  marked: boolean;
  seen: Map<object, unknown>;
  /** The instances met (not hooked, not a built-in's) and their classes. */
  objects?: { objects: object[]; of: number[]; classes: FunctionRef[] };
}

function walk(
  value: unknown,
  path: string,
  state: WalkState,
  build: boolean,
): unknown {
  switch (typeof value) {
    case "symbol":
      throw cannotSend(path, "a symbol");
    case "function":
      state.marked = true;
      return build
        ? { [MARK]: "fn", ref: functionRef(value as () => unknown, path) }
        : (functionRef(value as () => unknown, path), undefined);
    case "object":
      break;
    default:
      return value;
  }
  if (value === null) return value;
  const seen = state.seen.get(value);
  if (seen !== undefined || state.seen.has(value)) return seen;
  if (isShareable(value)) {
    state.marked = true;
    const shared = value[toShared]();
    const module = shareableModule(shared.tag);
    if (module === undefined) {
      throw cannotSend(path, `an unregistered shareable '${shared.tag}'`);
    }
    const out = {
      [MARK]: "shared",
      module,
      id: idOf(value),
      state: {
        tag: shared.tag,
        buffers: shared.buffers,
        data: walk(shared.data, `${path}.data`, state, build),
      },
    } satisfies Marker;
    state.seen.set(value, out);
    return out;
  }
  if (value instanceof Error) return walkError(value, path, state, build);
  const proto = Object.getPrototypeOf(value);
  if (!isBuiltinProto(proto)) {
    return walkInstance(value, proto, path, state, build);
  }
  return walkBuiltin(value, true, path, state, build);
}

// `value` as the built-in it is; `own`: `seen` remembers it as its copy
// (not for a subclass's contents, remembered as the instance's marker).
function walkBuiltin(
  value: object,
  own: boolean,
  path: string,
  state: WalkState,
  build: boolean,
): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = build ? new Array(value.length) : [];
    if (own) state.seen.set(value, out);
    for (let i = 0; i < value.length; i++) {
      const item = walk(value[i], `${path}[${i}]`, state, build);
      if (build) out[i] = item;
    }
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    if (own) state.seen.set(value, out);
    let i = 0;
    for (const [k, v] of value) {
      const key = walk(k, `${path}.<key ${i}>`, state, build);
      const item = walk(v, `${path}.get(${describeKey(k, i)})`, state, build);
      if (build) out.set(key, item);
      i++;
    }
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    if (own) state.seen.set(value, out);
    let i = 0;
    for (const v of value) {
      const item = walk(v, `${path}.<item ${i++}>`, state, build);
      if (build) out.add(item);
    }
    return out;
  }
  if (isClonable(value)) {
    if (own) state.seen.set(value, value);
    return value;
  }
  const out: Record<string, unknown> = {};
  state.seen.set(value, out);
  walkFields(value, Object.keys(value), out, path, state, build);
  if (MARK in value) {
    state.marked = true;
    return { [MARK]: "object", value: out } satisfies Marker;
  }
  return out;
}

// An instance of an exported class: its class, and its fields, its
// hooked state, or its built-in contents.
function walkInstance(
  value: object,
  proto: object,
  path: string,
  state: WalkState,
  build: boolean,
): unknown {
  const info = classInfo(value, proto);
  if (typeof info === "string") throw cannotSend(path, info);
  if (!build && !info.hooked && !info.base) {
    // Only validating: note the instance, check its fields.
    const found = state.objects ??= { objects: [], of: [], classes: [] };
    let index = found.classes.indexOf(info.ref);
    if (index === -1) index = found.classes.push(info.ref) - 1;
    found.objects.push(value);
    found.of.push(index);
    state.seen.set(value, value);
    walkFields(value, Object.keys(value), {}, path, state, false);
    return value;
  }
  state.marked = true;
  const out: Extract<Marker, { [MARK]: "instance" }> = {
    [MARK]: "instance",
    ref: info.ref,
  };
  state.seen.set(value, out);
  if (info.hooked) {
    out.state = walk(stateOf(value), path, state, build);
    return out;
  }
  if (info.base) out.base = walkBuiltin(value, false, path, state, build);
  const keys = info.base ? extraFields(value) : Object.keys(value);
  out.fields = walkFields(value, keys, {}, path, state, build);
  return out;
}

// The fields `keys` of `value`, walked into `out`.
function walkFields(
  value: object,
  keys: readonly string[],
  out: Record<string, unknown>,
  path: string,
  state: WalkState,
  build: boolean,
): Record<string, unknown> {
  for (const key of keys) {
    const item = walk(
      (value as Record<string, unknown>)[key],
      `${path}.${key}`,
      state,
      build,
    );
    if (build) out[key] = item;
  }
  return out;
}

// Identity of shareables across crossings: an id per object, and the live
// objects of this thread by id.
const identity = threadState("codec", () => ({
  ids: new WeakMap<object, string>(),
  known: new Map<string, WeakRef<object>>(),
  sweepAt: 1024,
}));
const { ids, known } = identity;

/** The id that names shareable `value` in every thread it crosses to. */
export function idOf(value: object): string {
  let id = ids.get(value);
  if (id === undefined) {
    id = crypto.randomUUID();
    ids.set(value, id);
    remember(id, value);
  }
  return id;
}

/**
 * The shareable named `id` in this thread: the same object however often it
 * crosses (and the original object when it comes back), else `make()`'s.
 */
export function adoptShared(id: string, make: () => object): object {
  let out = known.get(id)?.deref();
  if (out === undefined) {
    out = make();
    remember(id, out);
  }
  return out;
}

/**
 * Makes the next arrival of the shareable `value` in this thread rebuild it
 * instead of returning `value` (a `local` whose thread ended here). Sent
 * from here, `value` keeps its id.
 */
export function forgetShared(value: object): void {
  const id = ids.get(value);
  if (id !== undefined && known.get(id)?.deref() === value) known.delete(id);
}

function remember(id: string, value: object): void {
  ids.set(value, id);
  known.set(id, new WeakRef(value));
  if (known.size >= identity.sweepAt) {
    for (const [key, ref] of known) {
      if (ref.deref() === undefined) known.delete(key);
    }
    identity.sweepAt = Math.max(1024, known.size * 2);
  }
}

function walkError(
  error: Error,
  path: string,
  state: WalkState,
  build: boolean,
): unknown {
  state.marked = true;
  const fields: Record<string, unknown> = {};
  const out: Marker = {
    [MARK]: "error",
    name: error.name,
    message: error.message,
    stack: error.stack,
    fields,
  };
  state.seen.set(error, out);
  const cls = ownErrorClass(error);
  if (cls !== undefined) out.cls = cls;
  if ("cause" in error) {
    out.cause = walk(error.cause, `${path}.cause`, state, build);
  }
  if (error instanceof AggregateError) {
    out.errors = walk(error.errors, `${path}.errors`, state, build);
  }
  for (const key of Object.keys(error)) {
    if (key === "cause" || key === "name" || key === "message") continue;
    // A field that cannot cross is dropped rather than failing the error.
    try {
      fields[key] = walk(
        (error as unknown as Record<string, unknown>)[key],
        `${path}.${key}`,
        state,
        build,
      );
    } catch {
      // keep the error itself crossing
    }
  }
  return out;
}

function describeKey(key: unknown, index: number): string {
  return typeof key === "string"
    ? JSON.stringify(key)
    : typeof key === "number"
    ? String(key)
    : `<key ${index}>`;
}

function cannotSend(path: string, what: string): TypeError {
  return new TypeError(
    `Cannot send ${path} to another thread as it is ${what}`,
  );
}

/**
 * Decodes what encode() produced on another thread: imports the modules of
 * shareables and functions first, then rebuilds.
 */
export async function decode(encoded: Encoded): Promise<unknown> {
  if (!encoded.marked) return encoded.value;
  const value = encoded.value as Marker;
  if (value[MARK] === "classes") { // (an array or object with markers else)
    const classes = await Promise.all(value.classes.map(resolveFunction));
    const { objects, of } = value;
    for (let i = 0; i < objects.length; i++) {
      Object.setPrototypeOf(objects[i]!, classes[of[i]!]!.prototype);
    }
    return value.value;
  }
  const modules = new Set<string>();
  const functions = new Map<FunctionRef, (...args: unknown[]) => unknown>();
  const pending: Promise<unknown>[] = [];
  collect(encoded.value, modules, functions, pending, new Set());
  for (const module of modules) pending.push(import(module));
  await Promise.all(pending);
  return rebuild(encoded.value, functions, new Map());
}

function isMarker(value: object): value is Marker {
  return MARK in value;
}

function collect(
  value: unknown,
  modules: Set<string>,
  functions: Map<FunctionRef, (...args: unknown[]) => unknown>,
  pending: Promise<unknown>[],
  seen: Set<object>,
): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  const recurse = (v: unknown) => collect(v, modules, functions, pending, seen);
  if (Array.isArray(value)) return value.forEach(recurse);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      recurse(k);
      recurse(v);
    }
    return;
  }
  if (value instanceof Set) return value.forEach(recurse);
  if (isClonable(value)) return;
  if (isMarker(value)) {
    switch (value[MARK]) {
      case "fn": {
        const ref = value.ref;
        pending.push(resolveFunction(ref).then((fn) => functions.set(ref, fn)));
        return;
      }
      case "shared":
        modules.add(value.module);
        return recurse(value.state.data);
      case "error":
        if (value.cls !== undefined) {
          const ref = value.cls;
          pending.push( // not found: a plain Error with its name
            resolveFunction(ref).then(
              (cls) => functions.set(ref, cls),
              () => {},
            ),
          );
        }
        recurse(value.cause);
        recurse(value.errors);
        return recurse(value.fields);
      case "object": // an escaped user object: its values, not itself
        return Object.values(value.value).forEach(recurse);
      case "instance": {
        const ref = value.ref;
        if (!seen.has(ref)) {
          seen.add(ref);
          pending.push(
            resolveFunction(ref).then((cls) => functions.set(ref, cls)),
          );
        }
        recurse(value.state);
        recurse(value.base);
        return recurse(value.fields);
      }
    }
  }
  for (const v of Object.values(value)) recurse(v);
}

function rebuild(
  value: unknown,
  functions: Map<FunctionRef, (...args: unknown[]) => unknown>,
  seen: Map<object, unknown>,
): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  const recurse = (v: unknown) => rebuild(v, functions, seen);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = recurse(value[i]);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(recurse(k), recurse(v));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    seen.set(value, out);
    for (const v of value) out.add(recurse(v));
    return out;
  }
  if (isClonable(value)) return value;
  if (isMarker(value)) {
    switch (value[MARK]) {
      case "fn": {
        const fn = functions.get(value.ref)!;
        seen.set(value, fn);
        return fn;
      }
      case "shared": {
        const out = adoptShared(value.id, () =>
          rebuildShared({
            tag: value.state.tag,
            buffers: value.state.buffers,
            data: recurse(value.state.data),
          }));
        seen.set(value, out);
        return out;
      }
      case "error":
        return rebuildError(value, functions, recurse, seen);
      case "object": {
        const out: Record<string, unknown> = {};
        seen.set(value, out);
        for (const [k, v] of Object.entries(value.value)) out[k] = recurse(v);
        return out;
      }
      case "instance":
        return rebuildInstance(value, functions, recurse, seen);
    }
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = recurse(v);
  return out;
}

function rebuildInstance(
  marker: Extract<Marker, { [MARK]: "instance" }>,
  functions: Map<FunctionRef, (...args: unknown[]) => unknown>,
  recurse: (v: unknown) => unknown,
  seen: Map<object, unknown>,
): object {
  const cls = functions.get(marker.ref)!;
  if ("state" in marker) {
    const out = fromStateOf(cls, recurse(marker.state));
    seen.set(marker, out);
    return out;
  }
  let out: object;
  const base = marker.base;
  if (base === undefined) out = Object.create(cls.prototype);
  else {
    // The built-in's copy, filled after `seen` knows it (for cycles).
    out = Array.isArray(base)
      ? new Array(base.length)
      : base instanceof Map
      ? new Map()
      : base instanceof Set
      ? new Set()
      : base as object;
    Object.setPrototypeOf(out, cls.prototype);
  }
  seen.set(marker, out);
  if (Array.isArray(base)) {
    for (let i = 0; i < base.length; i++) {
      (out as unknown[])[i] = recurse(base[i]);
    }
  } else if (base instanceof Map) {
    for (const [k, v] of base) {
      Map.prototype.set.call(out, recurse(k), recurse(v));
    }
  } else if (base instanceof Set) {
    for (const v of base) Set.prototype.add.call(out, recurse(v));
  }
  for (const [k, v] of Object.entries(marker.fields ?? {})) {
    (out as Record<string, unknown>)[k] = recurse(v);
  }
  return out;
}

function rebuildError(
  marker: Extract<Marker, { [MARK]: "error" }>,
  functions: Map<FunctionRef, (...args: unknown[]) => unknown>,
  recurse: (v: unknown) => unknown,
  seen: Map<object, unknown>,
): Error {
  const error = newError(marker.name, marker.message, marker.stack);
  const cls = marker.cls === undefined ? undefined : functions.get(marker.cls);
  if (typeof cls === "function" && cls.prototype instanceof Error) {
    Object.setPrototypeOf(error, cls.prototype);
  }
  seen.set(marker, error);
  if ("cause" in marker) defineField(error, "cause", recurse(marker.cause));
  if (marker.errors !== undefined) {
    defineField(error, "errors", recurse(marker.errors));
  }
  for (const [k, v] of Object.entries(marker.fields)) {
    (error as unknown as Record<string, unknown>)[k] = recurse(v);
  }
  return error;
}

/**
 * The class of `error` to send beside it when it is the program's own (not
 * one every thread knows by name); `undefined` otherwise.
 */
export function ownErrorClass(error: Error): FunctionRef | undefined {
  const cls: unknown = error.constructor;
  return typeof cls === "function" && errorClass(error.name) !== cls &&
      errorClass(cls.name) !== cls
    ? errorClassRef(cls as (...args: never[]) => unknown)
    : undefined;
}

/**
 * An error of the class registered as `name` (else `Error`), with the
 * message and stack of the one that crossed.
 */
export function newError(
  name: string,
  message: string,
  stack: string | undefined,
): Error {
  const cls = errorClass(name) ?? Error;
  const aggregate = cls.prototype instanceof AggregateError ||
    cls === AggregateError;
  const error: Error = aggregate
    ? Reflect.construct(AggregateError, [[], message], cls)
    : Reflect.construct(Error, [message], cls);
  if (error.name !== name) defineField(error, "name", name);
  defineField(error, "stack", stack);
  return error;
}

/** Sets an error's own field as the runtime does: writable, not enumerable. */
export function defineField(error: Error, key: string, value: unknown): void {
  Object.defineProperty(error, key, {
    value,
    writable: true,
    configurable: true,
  });
}
