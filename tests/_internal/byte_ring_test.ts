// Copyright 2026 the @skein/concurrent authors. MIT license.
// The ring of a pipe between processes, within one process: messages of
// every size keep their bytes and order across wrap-arounds, a message
// bigger than the ring goes in pieces, and a writer back at an empty ring
// goes to its start.
import assert from "node:assert/strict";
import {
  RING_HEADER_BYTES,
  RING_HEADER_WORDS,
  ringBytes,
  RingReader,
  RingWriter,
} from "../../_internal/byte_ring.ts";
import { SabWords } from "../../_internal/sab_words.ts";

const CAPACITY = 256 * 1024;

function ring(): { writer: RingWriter; reader: RingReader } {
  const buffer = new SharedArrayBuffer(RING_HEADER_BYTES + CAPACITY);
  const words = new SabWords(new Int32Array(buffer, 0, RING_HEADER_WORDS));
  const data = new Uint8Array(buffer, RING_HEADER_BYTES, CAPACITY);
  return {
    writer: new RingWriter(words, data),
    reader: new RingReader(words, data),
  };
}

function message(length: number, seed: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 31 + seed) & 0xff);
}

Deno.test("byte ring: messages of every size arrive whole and in order", () => {
  const { writer, reader } = ring();
  const sizes = [0, 1, 3, 4, 5, 1000, 70_000, CAPACITY - 4, CAPACITY * 3 + 7];
  for (let round = 0; round < 40; round++) sizes.push((round * 7919) % 9000);
  const got: Uint8Array[] = [];
  for (const [i, size] of sizes.entries()) {
    const sent = message(size, i);
    let done = 0;
    const total = ringBytes(size);
    // Pieces: write what fits, let the reader take it, until it is all in.
    while ((done = writer.write(sent, done)) < total) {
      reader.read((m) => got.push(m));
    }
    if (i % 3 === 0) reader.read((m) => got.push(m));
  }
  reader.read((m) => got.push(m));
  assert.equal(got.length, sizes.length);
  for (const [i, size] of sizes.entries()) {
    assert.deepEqual(got[i], message(size, i), `message ${i} (${size} bytes)`);
  }
  assert.equal(reader.ready(), false);
});

Deno.test("byte ring: a mark byte goes before the body without a join", () => {
  const { writer, reader } = ring();
  const body = message(CAPACITY + 100, 1);
  let done = 0;
  const got: Uint8Array[] = [];
  while ((done = writer.write(body, done, 0xff)) < ringBytes(body.length + 1)) {
    reader.read((m) => got.push(m));
  }
  reader.read((m) => got.push(m));
  assert.equal(got.length, 1);
  assert.equal(got[0]![0], 0xff);
  assert.deepEqual(got[0]!.subarray(1), body);
});

Deno.test("byte ring: a full ring takes nothing more; close and EOF", () => {
  const { writer, reader } = ring();
  assert.equal(writer.write(message(CAPACITY - 4, 0), 0), CAPACITY);
  assert.equal(writer.write(message(1, 0), 0), 0); // no room: nothing
  const got: Uint8Array[] = [];
  reader.read((m) => got.push(m));
  assert.equal(got.length, 1);
  assert.equal(writer.write(message(1, 0), 0), ringBytes(1));
  assert.equal(writer.writerClosed(), false);
  writer.close();
  assert.equal(reader.writerClosed(), true);
  reader.close();
  assert.equal(writer.readerClosed(), true);
});
