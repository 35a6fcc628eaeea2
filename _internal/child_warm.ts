// Copyright 2026 the @skein/concurrent authors. MIT license.
// A spare child (see forkserver.ts) rehearses, while it waits, what its
// first records will make it do: V8 compiles a function on its first
// call, and the codec's first decode of a header, a target and its
// arguments cost a fresh child 1-4 ms (measured), on the path from
// start() to the target running. Records of the same shapes, decoded once
// ahead, leave that path compiled. Nothing here changes any state a child
// reads afterwards: the rehearsal's function is a global one (resolved by
// its path), and its records name no module.
import { encodeBytes } from "./wire_encode.ts";
import { decodeBytes, load, readNeeds } from "./wire_decode.ts";
import { type ByteSource, FrameReader, frames } from "./frames.ts";

// A source of bytes already in memory, for a FrameReader.
function memory(bytes: Uint8Array): ByteSource {
  let done = false;
  return {
    read(into: Uint8Array): Promise<number | null> {
      if (done) return Promise.resolve(null);
      done = true;
      into.set(bytes);
      return Promise.resolve(bytes.length);
    },
  };
}

/**
 * Encodes, frames, reads back and decodes records shaped as a child's
 * first ones (a header, a target, its arguments), so that the code doing
 * it is compiled before a real start needs it.
 */
export async function rehearse(): Promise<void> {
  const header = {
    name: "Process-0",
    identity: [0],
    daemon: false,
    parentPid: 0,
    parentName: "MainProcess",
    authkey: new Uint8Array(32),
    mainModule: "file:///rehearsal.ts",
    modules: ["file:///rehearsal.ts"],
    mode: "process",
  };
  const records = [
    encodeBytes(header, "header").slice(),
    encodeBytes(Math.max, "target", true).slice(),
    encodeBytes([1, "two", [3], { four: 4 }], "args", true).slice(),
  ];
  const reader = new FrameReader(memory(frames(records)));
  for (;;) {
    const record = await reader.next();
    if (record === undefined) break;
    const needs = readNeeds(record);
    if (needs !== undefined) await load(needs);
    decodeBytes(record);
  }
}
