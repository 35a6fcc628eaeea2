// Copyright 2026 the @skein/concurrent authors. MIT license.
// A child's stdout: marked frames between its own output, cut anywhere.
import assert from "node:assert/strict";
import { readMarkedFrames } from "../../_internal/frames.ts";

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
    ...records.slice(150).flatMap(marked),
    ...text,
  ];
  for (const cut of [1, 3, 7, 64, 1000, bytes.length]) {
    const { frames, output } = await read(bytes, cut);
    assert.deepEqual(frames, records, `cut every ${cut}`);
    assert.deepEqual(output, [...text, 0, ...text, ...text], `cut ${cut}`);
  }
});
