// Copyright 2026 the @skein/concurrent authors. MIT license.
// Length-prefixed frames on a byte stream, for the channels to child
// processes: a frame is its length (u32, little-endian), then its bytes.

/** `record` as one frame. */
export function frame(record: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + record.length);
  new DataView(out.buffer).setUint32(0, record.length, true);
  out.set(record, 4);
  return out;
}

/** Reads the frames of a stream, one at a time. */
export class FrameReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffered = new Uint8Array(0);

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** The next frame, or `undefined` when the stream ends between frames. */
  async next(): Promise<Uint8Array | undefined> {
    if (!await this.#fill(4)) return undefined;
    const length = new DataView(
      this.#buffered.buffer,
      this.#buffered.byteOffset,
    ).getUint32(0, true);
    if (!await this.#fill(4 + length)) {
      throw new Deno.errors.UnexpectedEof("The stream ended inside a frame");
    }
    const out = this.#buffered.slice(4, 4 + length);
    this.#buffered = this.#buffered.subarray(4 + length);
    return out;
  }

  /** Stops reading. */
  cancel(): Promise<void> {
    return this.#reader.cancel();
  }

  // Reads until `size` bytes are buffered; false if the stream ends first.
  async #fill(size: number): Promise<boolean> {
    while (this.#buffered.length < size) {
      const { done, value } = await this.#reader.read();
      if (done) return false;
      const joined = new Uint8Array(this.#buffered.length + value.length);
      joined.set(this.#buffered);
      joined.set(value, this.#buffered.length);
      this.#buffered = joined;
    }
    return true;
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
 */
export async function readMarkedFrames(
  stream: ReadableStream<Uint8Array>,
  onFrame: (record: Uint8Array) => void,
  onOutput: (bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  let buffered: Uint8Array = new Uint8Array(0);
  for await (const chunk of stream) {
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
      if (at === -1) {
        // Keep a tail that may be the start of a mark.
        const keep = Math.min(buffered.length - pos, MARK.length - 1);
        const end = buffered.length - keep;
        if (end > pos) await onOutput(buffered.slice(pos, end));
        pos = end;
        break;
      }
      if (at > pos) await onOutput(buffered.slice(pos, at));
      pos = at;
      if (buffered.length - pos < MARK.length + 4) break;
      const length = new DataView(buffered.buffer, buffered.byteOffset)
        .getUint32(pos + MARK.length, true);
      const end = pos + MARK.length + 4 + length;
      if (buffered.length < end) break;
      onFrame(buffered.slice(pos + MARK.length + 4, end));
      pos = end;
    }
    buffered = buffered.slice(pos);
  }
  if (buffered.length > 0) await onOutput(buffered);
}

function indexOfMark(bytes: Uint8Array, from: number): number {
  for (;;) {
    const at = bytes.indexOf(0, from);
    if (at === -1 || at + MARK.length > bytes.length) {
      // A mark cut off at the end still counts, to wait for the rest.
      if (at !== -1 && isMarkPrefix(bytes, at)) return at;
      return -1;
    }
    let match = true;
    for (let i = 1; i < MARK.length; i++) {
      if (bytes[at + i] !== MARK[i]) {
        match = false;
        break;
      }
    }
    if (match) return at;
    from = at + 1;
  }
}

function isMarkPrefix(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < bytes.length; i++) {
    if (bytes[i] !== MARK[i - at]) return false;
  }
  return true;
}
