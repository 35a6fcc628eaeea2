// Copyright 2026 the @skein/concurrent authors. MIT license.
// Length-prefixed frames on a byte stream, for the channels to child
// processes: a frame is its length (u32, little-endian), then its bytes.
import { copyBytes } from "./bytes_pool.ts";

/**
 * The call id that tells a pool's worker process no calls follow: it exits
 * once the calls before it are done. (An input that ends without it means
 * the parent is gone: the worker exits at once.)
 */
export const NO_MORE_CALLS = -1;

/** `record` as one frame. */
export function frame(record: Uint8Array): Uint8Array {
  return frames([record]);
}

/** `records` as frames, one after another in one buffer (one write). */
export function frames(records: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const record of records) size += 4 + record.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const record of records) {
    view.setUint32(at, record.length, true);
    out.set(record, at + 4);
    at += 4 + record.length;
  }
  return out;
}

/** What frames are read from: `Deno.stdin`, a `Deno.Conn`. */
export interface ByteSource {
  read(into: Uint8Array): Promise<number | null>;
}

/**
 * Reads the frames of a byte source, one at a time. It reads the source
 * directly, not through a ReadableStream: a child's startup and each round
 * trip cost less that way.
 */
export class FrameReader {
  #source: ByteSource;
  #buffer = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  constructor(source: ByteSource) {
    this.#source = source;
  }

  /** The next frame, or `undefined` when the source ends between frames. */
  async next(): Promise<Uint8Array | undefined> {
    if (!await this.#fill(4)) {
      if (this.#end === this.#start) return undefined;
      throw new Deno.errors.UnexpectedEof("The stream ended inside a frame");
    }
    const length = new DataView(this.#buffer.buffer).getUint32(
      this.#start,
      true,
    );
    if (!await this.#fill(4 + length)) {
      throw new Deno.errors.UnexpectedEof("The stream ended inside a frame");
    }
    const at = this.#start + 4;
    this.#start = at + length;
    return this.#buffer.slice(at, at + length);
  }

  // Reads until `size` bytes are buffered; false if the source ends first.
  async #fill(size: number): Promise<boolean> {
    while (this.#end - this.#start < size) {
      if (this.#start + size > this.#buffer.length) this.#compact(size);
      const n = await this.#source.read(this.#buffer.subarray(this.#end));
      if (n === null) return false;
      this.#end += n;
    }
    return true;
  }

  // Moves the buffered bytes to the front, in a larger buffer if `size`
  // bytes would not fit (and at least 64 KiB free to read into).
  #compact(size: number): void {
    const buffered = this.#end - this.#start;
    const needed = Math.max(size, buffered + 64 * 1024);
    const to = needed > this.#buffer.length
      ? new Uint8Array(Math.max(needed, this.#buffer.length * 2))
      : this.#buffer;
    if (to === this.#buffer) to.copyWithin(0, this.#start, this.#end);
    else to.set(this.#buffer.subarray(this.#start, this.#end));
    this.#buffer = to;
    this.#start = 0;
    this.#end = buffered;
  }
}

// A child's stdout carries both its own output and frames to its parent:
// each frame starts with this marker, the rest passes through as output.
const MARK = new Uint8Array([0, 0x53, 0x4b, 0x45, 0x49, 0x4e, 0x1e, 0x17]);

/**
 * Writes `records` as marked frames on this process's stdout, at once and
 * whole, in one write (a child's frames to its parent).
 */
export function writeMarkedFramesSync(records: readonly Uint8Array[]): void {
  let size = 0;
  for (const record of records) size += MARK.length + 4 + record.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const record of records) {
    out.set(MARK, at);
    view.setUint32(at + MARK.length, record.length, true);
    out.set(record, at + MARK.length + 4);
    at += MARK.length + 4 + record.length;
  }
  for (let done = 0; done < out.length;) {
    done += Deno.stdout.writeSync(out.subarray(done));
  }
}

/**
 * Reads a child's stdout: calls `onFrame` with each marked frame and
 * passes everything else to `onOutput` (this process's stdout), in order.
 * Settles when the stream ends.
 *
 * Output goes on as soon as it is read, each run of it between frames in
 * one call, so that one write of the child (read whole from the pipe) is
 * one write here. Only a tail that may be the start of a mark waits for
 * the bytes after it; text, which has no zero byte, never waits.
 */
export async function readMarkedFrames(
  stream: ReadableStream<Uint8Array>,
  onFrame: (record: Uint8Array) => void,
  onOutput: (bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  let buffered: Uint8Array = new Uint8Array(0);
  // A frame longer than what has come of it is read into its own buffer,
  // made once: joining each chunk to the rest made a big frame quadratic
  // (16 MiB took seconds).
  let pending: Uint8Array | undefined;
  let filled = 0;
  for await (let chunk of stream) {
    if (pending !== undefined) {
      const n = Math.min(chunk.length, pending.length - filled);
      pending.set(chunk.subarray(0, n), filled);
      filled += n;
      if (filled < pending.length) continue;
      onFrame(pending);
      pending = undefined;
      chunk = chunk.subarray(n);
      if (chunk.length === 0) continue;
    }
    if (buffered.length === 0) buffered = chunk;
    else {
      const joined = new Uint8Array(buffered.length + chunk.length);
      joined.set(buffered);
      joined.set(chunk, buffered.length);
      buffered = joined;
    }
    // A cursor over the chunk: copying the rest after each frame made a
    // chunk of many small frames quadratic.
    let pos = 0;
    for (;;) {
      const at = indexOfMark(buffered, pos);
      if (at > pos || (at === -1 && buffered.length > pos)) {
        const end = at === -1 ? buffered.length : at;
        await onOutput(buffered.slice(pos, end));
        pos = end;
      }
      if (at === -1) break;
      if (buffered.length - pos < MARK.length + 4) break;
      const length = new DataView(buffered.buffer, buffered.byteOffset)
        .getUint32(pos + MARK.length, true);
      const end = pos + MARK.length + 4 + length;
      if (buffered.length < end) {
        const part = buffered.subarray(pos + MARK.length + 4);
        pending = new Uint8Array(length);
        pending.set(part);
        filled = part.length;
        pos = buffered.length;
        break;
      }
      onFrame(copyBytes(buffered.subarray(pos + MARK.length + 4, end)));
      pos = end;
    }
    buffered = pos === buffered.length
      ? new Uint8Array(0)
      : buffered.slice(pos);
  }
  // (A frame cut off by the end of the stream, its writer gone, is lost.)
  if (buffered.length > 0) await onOutput(buffered);
}

// Where the next mark starts from `from`, or a mark cut off by the end of
// `bytes` (to wait for its rest); -1 if neither.
function indexOfMark(bytes: Uint8Array, from: number): number {
  for (;;) {
    const at = bytes.indexOf(0, from);
    if (at === -1) return -1;
    const end = Math.min(at + MARK.length, bytes.length);
    let match = true;
    for (let i = at + 1; i < end; i++) {
      if (bytes[i] !== MARK[i - at]) {
        match = false;
        break;
      }
    }
    if (match) return at;
    from = at + 1;
  }
}
