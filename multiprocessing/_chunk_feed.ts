// Copyright 2026 the @skein/concurrent authors. MIT license.
// The chunks of an iterable that Pool.imap and imapUnordered submit, read
// as Python's task handler reads them: from the call on, without waiting
// for the results, a batch at a time (so an endless iterable does not
// stall the event loop), until the iterable ends, fails, or the iteration
// over the results stops. An iterable that throws fails the chunk it was
// reading, at that chunk's place, and ends the feed; the items read of it
// are not submitted. So does a chunk that cannot be sent (the pool closed,
// an item that cannot cross).

// Items read in one turn of the event loop.
const BATCH = 1024;

/** Where a {@linkcode ChunkFeed} reports its chunks: an imap iterator. */
export interface ChunkSink<R> {
  /**
   * Chunk `index` (from 0, in reading order) was submitted; `results`
   * settles with its results, or its error.
   */
  chunk(index: number, results: Promise<R[]>): void;
  /** No more chunks come: `count` in all (Python's `_set_length`). */
  end(count: number): void;
}

/** The chunks of one `imap`, submitted as they are read. */
export class ChunkFeed<R> {
  #iterator: Iterator<unknown>;
  #chunksize: number;
  #submit: (items: unknown[]) => Promise<R[]>;
  #sink: ChunkSink<R>;
  #count = 0;
  #ended = false;

  /**
   * Reads and submits the first batch at once.
   *
   * @param iterable The items.
   * @param chunksize Items per chunk.
   * @param submit Submits one chunk, for a promise of its results.
   * @param sink Told of each chunk and of the end.
   */
  constructor(
    iterable: Iterable<unknown>,
    chunksize: number,
    submit: (items: unknown[]) => Promise<R[]>,
    sink: ChunkSink<R>,
  ) {
    this.#chunksize = chunksize;
    this.#submit = submit;
    this.#sink = sink;
    let iterator: Iterator<unknown>;
    try {
      iterator = iterable[Symbol.iterator]();
    } catch (error) {
      this.#iterator = [][Symbol.iterator]();
      this.#fail(error);
      return;
    }
    this.#iterator = iterator;
    this.#read();
  }

  /** Reads no more (the results are no longer wanted). */
  stop(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#sink.end(this.#count);
  }

  #read(): void {
    let read = 0;
    while (!this.#ended) {
      const items: unknown[] = [];
      let done = false;
      try {
        while (items.length < this.#chunksize) {
          const next = this.#iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          items.push(next.value);
        }
      } catch (error) {
        this.#fail(error);
        return;
      }
      if (items.length > 0) {
        let chunk: Promise<R[]>;
        try {
          chunk = this.#submit(items);
        } catch (error) {
          this.#fail(error);
          return;
        }
        // Handled by the sink; results nobody reads are no error.
        chunk.catch(() => {});
        this.#sink.chunk(this.#count++, chunk);
      }
      if (done) {
        this.stop();
        return;
      }
      if ((read += items.length) >= BATCH) {
        setTimeout(() => this.#read(), 0);
        return;
      }
    }
  }

  #fail(error: unknown): void {
    const failed = Promise.reject(error);
    failed.catch(() => {});
    this.#sink.chunk(this.#count++, failed);
    this.stop();
  }
}
