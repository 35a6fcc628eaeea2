// Copyright 2026 the @skein/concurrent authors. MIT license.
// The chunks of an iterable that Pool.imap and imapUnordered submit, read
// as Python's task handler reads them: from the call on, without waiting
// for the results, a batch at a time (so an endless iterable does not
// stall the event loop), until the iterable ends, fails, or the iteration
// over the results stops. An iterable that throws fails the chunk it was
// reading, at that chunk's place; the items read of it are not submitted.

// Items read in one turn of the event loop.
const BATCH = 1024;

/** The chunks of one `imap`, submitted as they are read. */
export class ChunkFeed<R> {
  /** The results of each chunk, in the order the chunks were read. */
  readonly chunks: Promise<R[]>[] = [];
  #iterator: Iterator<unknown>;
  #chunksize: number;
  #submit: (items: unknown[]) => Promise<R[]>;
  #ended = false;
  #changed = Promise.withResolvers<void>();

  /**
   * Reads and submits the first batch at once.
   *
   * @param iterable The items.
   * @param chunksize Items per chunk.
   * @param submit Submits one chunk, for a promise of its results.
   */
  constructor(
    iterable: Iterable<unknown>,
    chunksize: number,
    submit: (items: unknown[]) => Promise<R[]>,
  ) {
    this.#chunksize = chunksize;
    this.#submit = submit;
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

  /** Whether every chunk has been read. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Settles when a chunk is added or the feed ends. */
  changed(): Promise<void> {
    return this.#changed.promise;
  }

  /** Reads no more (the results are no longer wanted). */
  stop(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#notify();
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
        // Handled where it is awaited; results nobody reads are no error.
        chunk.catch(() => {});
        this.chunks.push(chunk);
      }
      if (done) {
        this.stop();
        return;
      }
      if ((read += items.length) >= BATCH) {
        this.#notify();
        setTimeout(() => this.#read(), 0);
        return;
      }
    }
  }

  #fail(error: unknown): void {
    const failed = Promise.reject(error);
    failed.catch(() => {});
    this.chunks.push(failed);
    this.stop();
  }

  #notify(): void {
    this.#changed.resolve();
    this.#changed = Promise.withResolvers();
  }
}
