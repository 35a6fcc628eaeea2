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
