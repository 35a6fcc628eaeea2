// Copyright 2026 the @skein/concurrent authors. MIT license.
// Writes a value as bytes (see wire_tags.ts for the format). It accepts what
// the message codec accepts, and for what it rejects asks that codec for
// its error, which names the path inside the value.
import * as T from "./wire_tags.ts";
import { encode as checkMessage, idOf, ownErrorClass } from "./codec.ts";
import { type FunctionRef, functionRef, rememberFunction } from "./ship.ts";
import { isShareable, shareableModule, toShared } from "./shareable.ts";
import { isPortable, noteMoved, toProcess } from "./portable.ts";
import { packBuffers } from "./sab_carrier.ts";
import {
  classInfo,
  extraFields,
  isBuiltinProto,
  orderKey,
  stateOf,
} from "./instances.ts";

let buf = new Uint8Array(1024);
let data = new DataView(buf.buffer);
let pos = 0;
let refs: Map<object, number> | undefined;
let shared: { tag: string; module: string }[] = [];
let fns: FunctionRef[] = [];
let rootPath = "item";
let carries = false;
let forProcess = false;

const utf8 = new TextEncoder();

/**
 * Encodes `value` as one record. The bytes are a view of a scratch buffer,
 * valid until the next call: copy them before encoding again.
 *
 * For another process (`toProcess`), shared memory cannot cross: a
 * SharedArrayBuffer or a shareable primitive is a TypeError.
 *
 * @throws {TypeError} If a part of the value cannot cross, naming it by
 * its place under `path`.
 */
export function encodeBytes(
  value: unknown,
  path: string,
  toProcess = false,
): Uint8Array {
  pos = 0;
  refs = undefined;
  rootPath = path;
  carries = false;
  forProcess = toProcess;
  buf[pos++] = 0;
  try {
    write(value);
  } catch (error) {
    shared = [];
    fns = [];
    if (error instanceof Unsupported) {
      const what = toProcess
        ? `send ${path} to another process`
        : `put ${path} into shared memory`;
      try {
        checkMessage(value, path); // throws the error that names the path
      } catch (named) {
        if (!toProcess || !(named instanceof TypeError)) throw named;
        throw new TypeError(
          named.message.replace("to another thread", "to another process"),
        );
      }
      const at = toProcess ? sharedPath(value, path, new Set()) : undefined;
      throw new TypeError(`Cannot ${what} as ${error.message}`.replace(
        ` ${path} `,
        ` ${at ?? path} `,
      ));
    }
    throw error;
  }
  if (carries) buf[0] = T.CARRIES;
  if (shared.length === 0 && fns.length === 0) return buf.subarray(0, pos);
  return withNeeds();
}

class Unsupported extends Error {}

// Where shared memory sits inside `value`, for the error that names it.
function sharedPath(
  value: unknown,
  path: string,
  seen: Set<object>,
): string | undefined {
  if (typeof value !== "object" || value === null || seen.has(value)) {
    return undefined;
  }
  seen.add(value);
  if (isPortable(value)) return undefined; // it crosses, by name
  if (value instanceof SharedArrayBuffer || isShareable(value)) return path;
  if (ArrayBuffer.isView(value)) {
    return value.buffer instanceof SharedArrayBuffer ? path : undefined;
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v])
    : value instanceof Map
    ? [...value].map(([_, v], i) => [`${path}.get(<key ${i}>)`, v])
    : value instanceof Set
    ? [...value].map((v, i) => [`${path}.<item ${i}>`, v])
    : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v]);
  for (const [at, v] of entries) {
    const found = sharedPath(v, at, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

const NOT_TO_PROCESS =
  "it holds shared memory (a SharedArrayBuffer or a threading primitive), which only threads share";

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  let size = buf.length * 2;
  while (size < pos + n) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, pos));
  buf = next;
  data = new DataView(buf.buffer);
}

function varint(n: number): void {
  ensure(5);
  while (n >= 0x80) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[pos++] = n;
}

function text(s: string): void {
  const length = s.length;
  const start = pos;
  varint(length);
  ensure(length);
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      pos = start;
      return textUtf8(s);
    }
    buf[pos++] = c;
  }
}

function textUtf8(s: string): void {
  const most = s.length * 3;
  const room = most < 0x80 ? 1 : most < 0x4000 ? 2 : most < 0x200000 ? 3 : 5;
  ensure(room + most);
  const { written } = utf8.encodeInto(s, buf.subarray(pos + room));
  const bodyAt = pos + room;
  varint(written);
  if (pos !== bodyAt) buf.copyWithin(pos, bodyAt, bodyAt + written);
  pos += written;
}

function bytes(b: Uint8Array): void {
  varint(b.length);
  ensure(b.length);
  buf.set(b, pos);
  pos += b.length;
}

function seen(value: object): boolean {
  refs ??= new Map();
  const index = refs.get(value);
  if (index === undefined) {
    refs.set(value, refs.size);
    return false;
  }
  ensure(1);
  buf[pos++] = T.REF;
  varint(index);
  return true;
}

function write(value: unknown): void {
  switch (typeof value) {
    case "number":
      ensure(9);
      if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
        buf[pos++] = T.INT;
        data.setInt32(pos, value, true);
        pos += 4;
      } else {
        buf[pos++] = T.FLOAT;
        data.setFloat64(pos, value, true);
        pos += 8;
      }
      return;
    case "string":
      ensure(1);
      buf[pos++] = T.STRING;
      return text(value);
    case "boolean":
      ensure(1);
      buf[pos++] = value ? T.TRUE : T.FALSE;
      return;
    case "undefined":
      ensure(1);
      buf[pos++] = T.UNDEFINED;
      return;
    case "bigint":
      ensure(2);
      buf[pos++] = T.BIGINT;
      buf[pos++] = value < 0n ? 1 : 0;
      return text((value < 0n ? -value : value).toString(36));
    case "function":
      return writeFunction(value as (...args: never[]) => unknown);
    case "object":
      if (value === null) {
        ensure(1);
        buf[pos++] = T.NULL;
        return;
      }
      if (seen(value)) return;
      return writeObject(value);
    default:
      throw new Unsupported(`it is a ${typeof value}`);
  }
}

function writeObject(value: object): void {
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) {
      return writeInstance(value);
    }
    return writeArray(value);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(value);
    ensure(1);
    buf[pos++] = T.OBJECT;
    varint(keys.length);
    for (const key of keys) {
      text(key);
      write((value as Record<string, unknown>)[key]);
    }
    return;
  }
  if (forProcess && isPortable(value)) return writePortable(value);
  if (isShareable(value)) {
    if (forProcess) throw new Unsupported(NOT_TO_PROCESS);
    return writeShareable(value);
  }
  if (value instanceof Error) return writeError(value);
  if (!isBuiltinProto(proto)) return writeInstance(value);
  return writeBuiltin(value);
}

function writeArray(value: unknown[]): void {
  ensure(1);
  buf[pos++] = T.ARRAY;
  const length = value.length;
  varint(length);
  for (let i = 0; i < length; i++) {
    if (i in value) write(value[i]);
    else {
      ensure(1);
      buf[pos++] = T.HOLE;
    }
  }
  return;
}

// A built-in the codec copies, or a subclass's contents (without a REF
// entry of its own: the instance's stands for it).
function writeBuiltin(value: object): void {
  if (Array.isArray(value)) return writeArray(value);
  if (value instanceof Map) {
    ensure(1);
    buf[pos++] = T.MAP;
    varint(value.size);
    for (const [k, v] of value) {
      write(k);
      write(v);
    }
    return;
  }
  if (value instanceof Set) {
    ensure(1);
    buf[pos++] = T.SET;
    varint(value.size);
    for (const v of value) write(v);
    return;
  }
  if (value instanceof Date) {
    ensure(9);
    buf[pos++] = T.DATE;
    data.setFloat64(pos, value.getTime(), true);
    pos += 8;
    return;
  }
  if (value instanceof RegExp) {
    ensure(1);
    buf[pos++] = T.REGEXP;
    text(value.source);
    return text(value.flags);
  }
  if (value instanceof ArrayBuffer) {
    ensure(1);
    buf[pos++] = T.ARRAY_BUFFER;
    return bytes(new Uint8Array(value));
  }
  if (value instanceof SharedArrayBuffer) {
    if (forProcess) throw new Unsupported(NOT_TO_PROCESS);
    ensure(1);
    buf[pos++] = T.SHARED_BUFFER;
    carries = true;
    return bytes(packBuffers([value], rootPath));
  }
  if (ArrayBuffer.isView(value)) return writeView(value);
  if (
    value instanceof Boolean || value instanceof Number ||
    value instanceof String || value instanceof BigInt
  ) {
    ensure(1);
    buf[pos++] = T.BOXED;
    return write(value.valueOf());
  }
  throw new Unsupported(
    value instanceof Blob
      ? "it holds a Blob, whose bytes can only be read asynchronously: put its bytes instead"
      : "it holds an object that cannot be copied",
  );
}

function writeInstance(value: object): void {
  const info = classInfo(value, Object.getPrototypeOf(value));
  if (typeof info === "string") throw new Unsupported(`it is ${info}`);
  const index = needFunction(info.ref, info.cls);
  const flags = (info.keyed ? T.INSTANCE_KEY : 0) |
    (info.hooked ? T.INSTANCE_STATE : info.base ? T.INSTANCE_BASE : 0);
  ensure(2);
  buf[pos++] = T.INSTANCE;
  buf[pos++] = flags;
  varint(index);
  if (flags & T.INSTANCE_BASE) {
    writeBuiltin(value);
    writeFields(value, extraFields(value));
    if (info.keyed) writeKey(value);
    return;
  }
  if (info.keyed) writeKey(value);
  if (info.hooked) return write(stateOf(value));
  writeFields(value, Object.keys(value));
}

function writeKey(value: object): void {
  write((value as { [orderKey](): unknown })[orderKey]());
}

function writeFields(value: object, keys: string[]): void {
  varint(keys.length);
  for (const key of keys) {
    text(key);
    write((value as Record<string, unknown>)[key]);
  }
}

// The needs index of function (or class) `fn` described by `ref`.
function needFunction(
  ref: FunctionRef,
  fn: (...args: unknown[]) => unknown,
): number {
  let index = fns.indexOf(ref);
  if (index === -1) index = fns.findIndex((known) => known.id === ref.id);
  if (index === -1) {
    rememberFunction(ref, fn);
    index = fns.push(ref) - 1;
  }
  return index;
}

function writeView(view: ArrayBufferView): void {
  const kind = T.VIEW_KINDS.findIndex((cls) => view instanceof cls);
  if (kind === -1) throw new Unsupported("it holds an unsupported view");
  ensure(2);
  buf[pos++] = T.VIEW;
  buf[pos++] = kind;
  write(view.buffer);
  varint(view.byteOffset);
  varint(
    view instanceof DataView
      ? view.byteLength
      : (view as unknown as { length: number }).length,
  );
}

function writeFunction(fn: (...args: never[]) => unknown): void {
  if (seen(fn)) return;
  const ref = functionRef(fn, rootPath);
  const index = needFunction(ref, fn as (...args: unknown[]) => unknown);
  ensure(1);
  buf[pos++] = T.FUNCTION;
  varint(index);
}

function writeShareable(value: object): void {
  const state =
    (value as { [toShared](): import("./shareable.ts").SharedState })
      [toShared]();
  const module = shareableModule(state.tag);
  if (module === undefined) {
    throw new Unsupported(`it holds an unregistered shareable '${state.tag}'`);
  }
  let index = shared.findIndex((known) => known.tag === state.tag);
  if (index === -1) index = shared.push({ tag: state.tag, module }) - 1;
  ensure(1);
  buf[pos++] = T.SHAREABLE;
  varint(index);
  text(idOf(value));
  bytes(packBuffers(state.buffers, rootPath));
  carries = true;
  write(state.data);
}

function writePortable(value: object): void {
  const portable = value as {
    [toProcess](): { tag: string; data: unknown; moves?: boolean };
  };
  const { tag, data, moves } = portable[toProcess]();
  const module = shareableModule(tag);
  if (module === undefined) {
    throw new Unsupported(`it holds an unregistered portable '${tag}'`);
  }
  let index = shared.findIndex((known) => known.tag === tag);
  if (index === -1) index = shared.push({ tag, module }) - 1;
  ensure(1);
  buf[pos++] = T.PORTABLE;
  varint(index);
  write(data);
  if (moves) noteMoved(portable as never);
}

function writeError(error: Error): void {
  ensure(1);
  buf[pos++] = T.ERROR;
  text(error.name);
  text(error.message);
  write(error.stack);
  const hasCause = "cause" in error;
  const aggregate = error instanceof AggregateError;
  // A class of the program's own goes beside it, for the other side to
  // rebuild the error as that class if it finds it exported.
  const ref = ownErrorClass(error);
  ensure(1);
  buf[pos++] = (hasCause ? 1 : 0) | (aggregate ? 2 : 0) | (ref ? 4 : 0);
  if (ref !== undefined) {
    varint(
      needFunction(ref, error.constructor as (...args: unknown[]) => unknown),
    );
  }
  if (hasCause) write(error.cause);
  if (aggregate) write(error.errors);
  const keys = Object.keys(error).filter((key) =>
    key !== "cause" && key !== "name" && key !== "message"
  );
  const countAt = pos;
  ensure(5);
  pos += 5; // a fixed-width count: fields that cannot cross are dropped
  let count = 0;
  for (const key of keys) {
    const start = pos;
    const known = refs!.size;
    try {
      text(key);
      write((error as unknown as Record<string, unknown>)[key]);
      count++;
    } catch {
      pos = start; // keep the error itself crossing
      for (const [object, index] of refs!) {
        if (index >= known) refs!.delete(object);
      }
    }
  }
  for (let i = 0; i < 5; i++) {
    buf[countAt + i] = ((count >>> (7 * i)) & 0x7f) | (i < 4 ? 0x80 : 0);
  }
}

function withNeeds(): Uint8Array {
  const body = buf.slice(1, pos);
  pos = 0;
  ensure(1);
  buf[pos++] = T.NEEDS | (carries ? T.CARRIES : 0);
  varint(shared.length);
  for (const { tag, module } of shared) {
    text(tag);
    text(module);
  }
  varint(fns.length);
  for (const ref of fns) {
    text(ref.id);
    text(ref.name);
    text(ref.source);
    varint(ref.modules.length);
    for (const module of ref.modules) text(module);
  }
  shared = [];
  fns = [];
  ensure(body.length);
  buf.set(body, pos);
  pos += body.length;
  return buf.subarray(0, pos);
}
