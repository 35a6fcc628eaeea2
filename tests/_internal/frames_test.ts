// Copyright 2026 the @skein/concurrent authors. MIT license.
// A child's stdout: marked frames between its own output, cut anywhere.
import assert from "node:assert/strict";
import {
  type ByteSource,
  frame,
  FrameReader,
  frames,
  readMarkedFrames,
} from "../../_internal/frames.ts";

const MARK = [0, 0x53, 0x4b, 0x45, 0x49, 0x4e, 0x1e, 0x17];

function marked(record: number[]): number[] {
  const n = record.length;
  return [...MARK, n & 255, (n >> 8) & 255, 0, 0, ...record];
}

async function read(
  bytes: number[],
  cut: number,
): Promise<{ frames: number[][]; output: number[] }> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += cut) {
    chunks.push(new Uint8Array(bytes.slice(i, i + cut)));
  }
  const frames: number[][] = [];
  const output: number[] = [];
  await readMarkedFrames(
    ReadableStream.from(chunks),
    (record) => frames.push([...record]),
    (out) => {
      output.push(...out);
      return Promise.resolve();
    },
  );
  return { frames, output };
}

Deno.test("readMarkedFrames(): frames and output in order, however the stream is cut", async () => {
  const text = [...new TextEncoder().encode("hi\n")];
  const records = Array.from({ length: 300 }, (_, i) => [i & 255, 7, 0]);
  const bytes = [
    ...text,
    ...records.slice(0, 150).flatMap(marked),
    0, // a lone zero byte is output, not a mark
    ...text,
    ...records.slice(150, 200).flatMap(marked),
    0, // and so is one right before a mark
    ...records.slice(200).flatMap(marked),
    ...text,
  ];
  for (const cut of [1, 3, 7, 64, 1000, bytes.length]) {
    const { frames, output } = await read(bytes, cut);
    assert.deepEqual(frames, records, `cut every ${cut}`);
    assert.deepEqual(output, [...text, 0, ...text, 0, ...text], `cut ${cut}`);
  }
});

Deno.test("readMarkedFrames(): frames longer than a chunk, between output; one cut off by the end is lost", async () => {
  const text = [...new TextEncoder().encode("hi\n")];
  const big = Array.from({ length: 40_000 }, (_, i) => (i * 7) & 255);
  const records = [big, [1, 2], big.slice(0, 30_000)];
  const bytes = [
    ...text,
    ...marked(records[0]!),
    ...marked(records[1]!),
    ...text,
    ...marked(records[2]!),
    ...text,
    ...marked(big).slice(0, 20_000), // its writer died mid-frame
  ];
  for (const cut of [1, 997, 4096, bytes.length]) {
    const { frames, output } = await read(bytes, cut);
    assert.deepEqual(frames, records, `cut every ${cut}`);
    assert.deepEqual(output, [...text, ...text, ...text], `cut ${cut}`);
  }
});

Deno.test("readMarkedFrames(): output goes on at once, one call per run of it, held back only where a mark may start", async () => {
  const encoder = new TextEncoder();
  const chunks = [
    encoder.encode("hello world\n"),
    encoder.encode("two\nlines\n"),
    encoder.encode("no newline"),
    new Uint8Array([0x41, 0, 0x41]), // a zero byte that starts no mark
    new Uint8Array([0x41, 0, 0]), // the last zero may start one
    new Uint8Array(MARK.slice(1)),
    new Uint8Array([0, 0, 0, 0]), // the rest: an empty frame
    encoder.encode("after\n"),
    new Uint8Array([0x42, 0, 0x53]), // a mark's start at the end of input
  ];
  const events: string[] = [];
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller): void {
      if (pulled === chunks.length) return controller.close();
      events.push(`read ${pulled}`);
      controller.enqueue(chunks[pulled++]!);
    },
  }, { highWaterMark: 0 });
  await readMarkedFrames(
    stream,
    (record) => events.push(`frame ${record.length}`),
    (out) => {
      events.push(`out ${JSON.stringify([...out])}`);
      return Promise.resolve();
    },
  );
  const out = (text: string): string =>
    `out ${JSON.stringify([...encoder.encode(text)])}`;
  assert.deepEqual(events, [
    "read 0",
    out("hello world\n"),
    "read 1",
    out("two\nlines\n"),
    "read 2",
    out("no newline"),
    "read 3",
    "out [65,0,65]",
    "read 4",
    "out [65,0]",
    "read 5",
    "read 6",
    "frame 0",
    "read 7",
    out("after\n"),
    "read 8",
    "out [66]",
    "out [0,83]",
  ]);
});

// A source that hands out `bytes` at most `cut` at a time.
function source(bytes: Uint8Array, cut: number): ByteSource {
  let at = 0;
  return {
    read(into: Uint8Array): Promise<number | null> {
      if (at === bytes.length) return Promise.resolve(null);
      const n = Math.min(cut, into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

function framesOfSizes(sizes: number[]): Uint8Array {
  const parts = sizes.map((n, i) => {
    const record = new Uint8Array(n).fill(i & 255);
    return [...frame(record)];
  });
  return new Uint8Array(parts.flat());
}

Deno.test("FrameReader: frames of any size, however the source is cut", async () => {
  // Past 64 KiB, so that the buffer both compacts and grows.
  const sizes = [0, 1, 3, 70_000, 5, 200_000, 2, 65_532, 65_540, 9];
  for (const cut of [1, 7, 4096, 1 << 20]) {
    const reader = new FrameReader(source(framesOfSizes(sizes), cut));
    for (const [i, n] of sizes.entries()) {
      const got = await reader.next();
      assert.equal(got?.length, n, `frame ${i}, cut ${cut}`);
      assert.ok(got.every((b) => b === (i & 255)));
    }
    assert.equal(await reader.next(), undefined);
  }
});

Deno.test("FrameReader: a source that ends inside a frame is UnexpectedEof", async () => {
  const bytes = framesOfSizes([10]).subarray(0, 9);
  await assert.rejects(
    new FrameReader(source(bytes, 3)).next(),
    Deno.errors.UnexpectedEof,
  );
  // Inside the length prefix, too.
  await assert.rejects(
    new FrameReader(source(bytes.subarray(0, 2), 3)).next(),
    Deno.errors.UnexpectedEof,
  );
});

Deno.test("frames(): records one after another, read back one at a time", async () => {
  const records = [[1, 2, 3], [], [9]].map((r) => new Uint8Array(r));
  const bytes = frames(records);
  assert.equal(bytes.length, 3 * 4 + 4);
  const reader = new FrameReader(source(bytes, 5));
  for (const record of records) {
    assert.deepEqual(await reader.next(), record);
  }
  assert.equal(await reader.next(), undefined);
});
