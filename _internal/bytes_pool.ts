// Copyright 2026 the @skein/concurrent authors. MIT license.
// Copies of small records, carved out of shared chunks: allocating an
// ArrayBuffer costs about 300 ns here, a copy into a chunk about 60 ns,
// and records on the way to or from another process are copied several
// times each. For internal records only: a copy's `.buffer` is the whole
// chunk, and a chunk lives as long as any copy in it.

const CHUNK = 64 * 1024;
// Larger records get a buffer of their own.
const LARGEST = 4 * 1024;

let chunk = new Uint8Array(CHUNK);
let used = 0;

/** A copy of `bytes` that stays valid (until nobody holds it). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  if (length > LARGEST) return bytes.slice();
  if (used + length > CHUNK) {
    chunk = new Uint8Array(CHUNK);
    used = 0;
  }
  const at = used;
  chunk.set(bytes, at);
  // Aligned to 8, so a DataView over a copy reads aligned numbers.
  used = (at + length + 7) & ~7;
  return chunk.subarray(at, at + length);
}
