// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { copyBytes } from "../../_internal/bytes_pool.ts";

Deno.test("copyBytes(): copies stay intact past later copies and new chunks", () => {
  const copies: [Uint8Array, number][] = [];
  // About 3 MB in all: many chunks, and a few records of their own.
  for (let i = 0; i < 3000; i++) {
    const length = i % 97 === 0 ? 5000 + i : (i * 37) % 1000;
    const source = new Uint8Array(length).fill(i & 255);
    const copy = copyBytes(source);
    source.fill(0); // the copy does not share the source's bytes
    copies.push([copy, i]);
  }
  for (const [copy, i] of copies) {
    const length = i % 97 === 0 ? 5000 + i : (i * 37) % 1000;
    assert.equal(copy.length, length);
    assert.ok(copy.every((b) => b === (i & 255)), `copy ${i}`);
    assert.equal(copy.byteOffset % 8, 0);
  }
});
