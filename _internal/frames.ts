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
