// Copyright 2026 the @skein/concurrent authors. MIT license.
// HMAC-SHA256 under a shared authkey, as Python's multiprocessing uses for
// its handshake: the managers' challenge and the signatures of the jobs a
// RedisExecutor sends, checked here once for both.
import { describe } from "./describe.ts";

/**
 * Checks an `authkey` option for `what`: bytes, or a string (its UTF-8
 * bytes); `undefined` stays undefined.
 *
 * @throws {TypeError} If it is neither.
 */
export function checkAuthkey(
  what: string,
  authkey: unknown,
): Uint8Array | undefined {
  if (authkey === undefined) return undefined;
  if (typeof authkey === "string") return new TextEncoder().encode(authkey);
  if (authkey instanceof Uint8Array) return authkey.slice();
  throw new TypeError(
    `Cannot ${what} as 'authkey' must be a Uint8Array or a string: received ${
      describe(authkey)
    }`,
  );
}

/** The key for {@linkcode sign} and {@linkcode verify}; import it once. */
export function hmacKey(authkey: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    authkey as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

/** The HMAC-SHA256 of `message` under `key`. */
export async function sign(
  key: CryptoKey,
  message: Uint8Array,
): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.sign("HMAC", key, message as Uint8Array<ArrayBuffer>),
  );
}

/** Whether `mac` is the HMAC of `message` under `key` (constant time). */
export function verify(
  key: CryptoKey,
  mac: Uint8Array,
  message: Uint8Array,
): Promise<boolean> {
  return crypto.subtle.verify(
    "HMAC",
    key,
    mac as Uint8Array<ArrayBuffer>,
    message as Uint8Array<ArrayBuffer>,
  );
}

/** The HMAC-SHA256 of `message` under `authkey` (one-off: no cached key). */
export async function digest(
  authkey: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  return await sign(await hmacKey(authkey), message);
}

/** Whether two byte strings are equal, in time that does not tell where. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// SHA-256's round constants. Words are kept in Int32Arrays: the arithmetic
// is mod 2^32 either way, and a Uint32Array read above 2^31 is a heap
// number, which made each compression about twice as slow.
const K = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);
const IV = [
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
];
const W = new Int32Array(64);

// One SHA-256 compression of the 64 bytes at `at` into `state`.
function compress(state: Int32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) {
    W[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) |
      (bytes[at + 2]! << 8) | bytes[at + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^
      (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^
      (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^
      ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^
      ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/**
 * HMAC-SHA256 under one key, synchronous and in JavaScript: the states
 * after the padded key are computed once, so a short message costs a few
 * compressions (a RedisExecutor signs every job; Web Crypto's per-call cost
 * was most of it). Checked against Web Crypto in the tests.
 */
export class HmacSha256 {
  readonly #inner = new Int32Array(8);
  readonly #outer = new Int32Array(8);
  readonly #state = new Int32Array(8);
  #block = new Uint8Array(128);

  /** @param authkey The key (hashed first when longer than 64 bytes). */
  constructor(authkey: Uint8Array) {
    const key = authkey.length > 64 ? sha256(authkey) : authkey;
    const pad = new Uint8Array(64);
    for (
      const [state, byte] of [[this.#inner, 0x36], [this.#outer, 0x5c]] as const
    ) {
      pad.fill(byte);
      for (let i = 0; i < key.length; i++) pad[i] = key[i]! ^ byte;
      state.set(IV);
      compress(state, pad, 0);
    }
  }

  /** The HMAC of `message`. */
  sign(message: Uint8Array): Uint8Array {
    const inner = this.#hash(this.#inner, message, 64);
    return this.#hash(this.#outer, inner, 64);
  }

  /** Whether `mac` is the HMAC of `message` (constant time). */
  verify(mac: Uint8Array, message: Uint8Array): boolean {
    return equalBytes(mac, this.sign(message));
  }

  // SHA-256 of (a block already in `from`) + `message`.
  #hash(from: Int32Array, message: Uint8Array, before: number): Uint8Array {
    const state = this.#state;
    state.set(from);
    const full = message.length - (message.length % 64);
    for (let at = 0; at < full; at += 64) compress(state, message, at);
    const rest = message.length - full;
    const tail = rest + 9 > 64 ? 128 : 64;
    const block = this.#block;
    block.fill(0, 0, tail);
    block.set(message.subarray(full), 0);
    block[rest] = 0x80;
    const bits = (before + message.length) * 8;
    const view = new DataView(block.buffer);
    view.setUint32(tail - 8, Math.floor(bits / 0x100000000));
    view.setUint32(tail - 4, bits >>> 0);
    compress(state, block, 0);
    if (tail === 128) compress(state, block, 64);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, state[i]!);
    return out;
  }
}

/** SHA-256 of a whole message. */
export function sha256(message: Uint8Array): Uint8Array {
  const state = new Int32Array(IV);
  const length = message.length;
  const padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  for (let at = 0; at < padded.length; at += 64) compress(state, padded, at);
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, state[i]!);
  return out;
}
