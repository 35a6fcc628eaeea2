// Copyright 2026 the @skein/concurrent authors. MIT license.
// Reads what wire_encode.ts wrote. A record that holds shareables or
// functions names them first (its needs), so a reader can load their
// modules before it takes the record: decoding itself never waits.
import * as T from "./wire_tags.ts";
import { adoptShared, defineField, newError } from "./codec.ts";
import {
  type FunctionRef,
  isClassRef,
  isErrorClassRef,
  resolvedFunction,
  resolveFunction,
} from "./ship.ts";
import { fromStateOf } from "./instances.ts";
import { rebuildShared, shareableModule } from "./shareable.ts";
import { unpackBuffers } from "./sab_carrier.ts";

/** What a record needs loaded in this thread before it can be decoded. */
export interface Needs {
  readonly shared: readonly { tag: string; module: string }[];
  readonly fns: readonly FunctionRef[];
  /** Where the value starts. */
  readonly start: number;
}

let buf: Uint8Array = new Uint8Array(0);
let data: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let pos = 0;
let refs: unknown[] = [];
// (An error's class not found here is undefined.)
let fns: (((...args: unknown[]) => unknown) | undefined)[] = [];
// The shareable classes of the record being decoded, by needs index.
let sharedTags: readonly { tag: string }[] = [];

const utf8 = new TextDecoder();

/** Reads the needs of the record in `bytes`; `undefined` when it has none. */
export function readNeeds(bytes: Uint8Array): Needs | undefined {
  if ((bytes[0]! & T.NEEDS) === 0) return undefined;
  select(bytes, 1);
  const shared = [];
  for (let n = varint(); n > 0; n--) {
    shared.push({ tag: text(), module: text() });
  }
  const refs: FunctionRef[] = [];
  for (let n = varint(); n > 0; n--) {
    const id = text();
    const name = text();
    const source = text();
    const modules = [];
    for (let m = varint(); m > 0; m--) modules.push(text());
    refs.push({ id, name, source, modules });
  }
  return { shared, fns: refs, start: pos };
}

/**
 * What still has to load before `needs` can be decoded in this thread,
 * described for an error message; `undefined` when nothing does.
 */
export function missing(needs: Needs): string | undefined {
  for (const { tag, module } of needs.shared) {
    if (shareableModule(tag) === undefined) {
      return `its class '${tag}' (from ${module}) is not loaded in this thread`;
    }
  }
  for (const ref of needs.fns) {
    if (resolvedFunction(ref) === undefined) {
      return `its ${isClassRef(ref) ? "class" : "function"} '${
        ref.name || "anonymous"
      }' is not loaded in this thread`;
    }
  }
  return undefined;
}

/** Loads what `needs` names, so that decodeBytes() can read the record. */
export async function load(needs: Needs): Promise<void> {
  await Promise.all([
    ...needs.shared.map(({ module }) => import(module)),
    ...needs.fns.map((ref) =>
      isErrorClassRef(ref)
        ? resolveFunction(ref).catch(() => {}) // then a plain Error
        : resolveFunction(ref)
    ),
  ]);
}

/**
 * Decodes the record in `bytes`. Its needs must be loaded (see missing());
 * the SharedArrayBuffers it carries are taken out of the carrier, so a
 * record decodes once.
 */
export function decodeBytes(bytes: Uint8Array): unknown {
  const needs = readNeeds(bytes);
  fns = needs === undefined ? [] : needs.fns.map((ref) => {
    const fn = resolvedFunction(ref);
    if (fn === undefined && !isErrorClassRef(ref)) {
      throw new TypeError(`Cannot decode: ${missing(needs)}`);
    }
    return fn;
  });
  sharedTags = needs?.shared ?? [];
  select(bytes, needs?.start ?? 1);
  selectData(bytes);
  refs = [];
  try {
    return read();
  } finally {
    refs = [];
    fns = [];
    sharedTags = [];
  }
}

function select(bytes: Uint8Array, at: number): void {
  buf = bytes;
  pos = at;
}

// A DataView for the numbers of `bytes`, kept while records come from the
// same buffer (a queue's scratch buffer, for one).
function selectData(bytes: Uint8Array): void {
  if (bytes.buffer !== data.buffer || bytes.byteOffset !== data.byteOffset) {
    data = new DataView(bytes.buffer, bytes.byteOffset);
  }
}

function varint(): number {
  let n = 0;
  let shift = 0;
  let b: number;
  do {
    b = buf[pos++]!;
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return n;
}

function text(): string {
  const length = varint();
  const start = pos;
  const end = start + length;
  if (length <= 24) {
    // Short ASCII strings (keys, names) are built here: cheaper than
    // TextDecoder's call.
    let s = "";
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) {
        s = utf8.decode(buf.subarray(start, end));
        break;
      }
      s += String.fromCharCode(c);
    }
    pos = end;
    return s;
  }
  pos = end;
  return utf8.decode(buf.subarray(start, end));
}

function read(): unknown {
  const tag = buf[pos++];
  switch (tag) {
    case T.INT: {
      const n = data.getInt32(pos, true);
      pos += 4;
      return n;
    }
    case T.STRING:
      return text();
    case T.OBJECT: {
      const out: Record<string, unknown> = {};
      refs.push(out);
      for (let n = varint(); n > 0; n--) {
        const key = text();
        out[key] = read();
      }
      return out;
    }
    case T.ARRAY: {
      const length = varint();
      const out: unknown[] = new Array(length);
      refs.push(out);
      for (let i = 0; i < length; i++) {
        if (buf[pos] === T.HOLE) pos++;
        else out[i] = read();
      }
      return out;
    }
    case T.FLOAT: {
      const n = data.getFloat64(pos, true);
      pos += 8;
      return n;
    }
    case T.UNDEFINED:
      return undefined;
    case T.NULL:
      return null;
    case T.FALSE:
      return false;
    case T.TRUE:
      return true;
    case T.BIGINT: {
      const negative = buf[pos++] === 1;
      const digits = text();
      let n = 0n;
      for (const d of digits) n = n * 36n + BigInt(parseInt(d, 36));
      return negative ? -n : n;
    }
    case T.REF:
      return refs[varint()];
    default:
      return readObject(tag!);
  }
}

function readObject(tag: number): unknown {
  switch (tag) {
    case T.MAP: {
      const out = new Map();
      refs.push(out);
      for (let n = varint(); n > 0; n--) {
        const k = read();
        out.set(k, read());
      }
      return out;
    }
    case T.SET: {
      const out = new Set();
      refs.push(out);
      for (let n = varint(); n > 0; n--) out.add(read());
      return out;
    }
    case T.DATE: {
      const out = new Date(data.getFloat64(pos, true));
      pos += 8;
      refs.push(out);
      return out;
    }
    case T.REGEXP: {
      const source = text();
      const out = new RegExp(source, text());
      refs.push(out);
      return out;
    }
    case T.ARRAY_BUFFER: {
      const length = varint();
      const out = buf.slice(pos, pos + length).buffer;
      pos += length;
      refs.push(out);
      return out;
    }
    case T.SHARED_BUFFER: {
      const out = unpackBuffers(carrier())[0];
      refs.push(out);
      return out;
    }
    case T.VIEW: {
      const at = refs.push(undefined) - 1;
      const cls = T.VIEW_KINDS[buf[pos++]!]!;
      const buffer = read() as ArrayBuffer;
      const offset = varint();
      const out = new (cls as unknown as new (
        buffer: ArrayBuffer,
        offset: number,
        length: number,
      ) => ArrayBufferView)(buffer, offset, varint());
      refs[at] = out;
      return out;
    }
    case T.BOXED: {
      const at = refs.push(undefined) - 1;
      const out = Object(read());
      refs[at] = out;
      return out;
    }
    case T.ERROR:
      return readError();
    case T.FUNCTION: {
      const out = fns[varint()];
      refs.push(out);
      return out;
    }
    case T.SHAREABLE: {
      const at = refs.push(undefined) - 1;
      const { tag } = readNeedsEntry();
      const id = text();
      const buffers = unpackBuffers(carrier());
      const state = read();
      const out = adoptShared(
        id,
        () => rebuildShared({ tag, buffers, data: state }),
      );
      refs[at] = out;
      return out;
    }
    case T.INSTANCE:
      return readInstance();
    case T.PORTABLE: {
      const at = refs.push(undefined) - 1;
      const { tag } = readNeedsEntry();
      const out = rebuildShared({ tag, buffers: [], data: read() });
      refs[at] = out;
      return out;
    }
    default:
      throw new TypeError(
        `Cannot decode a record: unknown tag ${tag} at ${pos - 1}`,
      );
  }
}

function readInstance(): object {
  const flags = buf[pos++]!;
  const cls = fns[varint()]!;
  if (flags & T.INSTANCE_BASE) {
    // The built-in stands for the instance (it takes its REF entry).
    const out = read() as Record<string, unknown>;
    Object.setPrototypeOf(out, cls.prototype);
    readFields(out);
    if (flags & T.INSTANCE_KEY) read();
    return out;
  }
  if (flags & T.INSTANCE_STATE) {
    const at = refs.push(undefined) - 1;
    if (flags & T.INSTANCE_KEY) read();
    const out = fromStateOf(cls, read());
    refs[at] = out;
    return out;
  }
  const out = Object.create(cls.prototype);
  refs.push(out);
  if (flags & T.INSTANCE_KEY) read();
  readFields(out);
  return out;
}

function readFields(out: Record<string, unknown>): void {
  for (let n = varint(); n > 0; n--) {
    const key = text();
    out[key] = read();
  }
}

function readNeedsEntry(): { tag: string } {
  return sharedTags[varint()]!;
}

function carrier(): Uint8Array {
  const length = varint();
  const out = buf.slice(pos, pos + length);
  pos += length;
  return out;
}

function readError(): Error {
  const at = refs.push(undefined) - 1;
  const name = text();
  const message = text();
  const stack = read() as string | undefined;
  const error = newError(name, message, stack);
  refs[at] = error;
  const flags = buf[pos++]!;
  if (flags & 4) {
    const cls = fns[varint()];
    if (typeof cls === "function" && cls.prototype instanceof Error) {
      Object.setPrototypeOf(error, cls.prototype);
    }
  }
  if (flags & 1) defineField(error, "cause", read());
  if (flags & 2) defineField(error, "errors", read());
  for (let n = varint(); n > 0; n--) {
    const key = text();
    (error as unknown as Record<string, unknown>)[key] = read();
  }
  return error;
}
