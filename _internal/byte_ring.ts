// Copyright 2026 the @skein/concurrent authors. MIT license.
// One direction of a channel between two processes: a single-writer,
// single-reader ring of bytes in shared memory carrying messages as
// [u32 length][bytes][padding to 4]. A message longer than the ring goes
// through in pieces: the writer publishes what fits and the reader takes
// it, so either side keeps its place within a message. Waiting is the
// futex of the words (SegmentWords); the writer wakes the reader only
// when it said it sleeps, and the reader spins briefly first, because a
// reply usually comes within microseconds and a futex wake-up through
// Deno's blocking threads costs about ten.
import type { SharedWords } from "./shared_words.ts";

// int32 words of one direction's header. The writer's and the reader's
// words sit on different cache lines.
const HEAD = 0; // bytes written, mod 2^32
const DATA_SEQ = 1; // bumped at each publish and at close: the reader waits on it
const WRITER_CLOSED = 2;
const WRITER_SLEEPING = 3;
const TAIL = 16; // bytes read, mod 2^32
const SPACE_SEQ = 17; // bumped at each take: the writer waits on it
const READER_SLEEPING = 18;
const READER_CLOSED = 19;
const READER_ACTIVE = 20;

/** The bytes of one direction's header, before its data. */
export const RING_HEADER_BYTES = 128;
/** The int32 words of that header. */
export const RING_HEADER_WORDS = RING_HEADER_BYTES / 4;

// How long a reader spins on the ring before it sleeps, in ms: it adapts,
// longer while messages come during the spin (a conversation), shorter
// while they do not (a reader that waits for long spins for nothing).
// (Measured on 2 loaded cores: a ceiling of 0.05 ms left most replies to
// the futex, 0.5 ms and more took the CPU the peer needed to reply.)
const SPIN_MIN_MS = 0.01;
const SPIN_MAX_MS = 0.2;
// Then, before it gives the wait to Deno's blocking threads, a reader
// sleeps on the futex with its thread for a while, so that the writer's
// wake-up reaches it directly (one switch, as a blocking read() on a pipe):
// as long as replies keep coming within it, up to 1 ms. A pipe round trip
// took 60-70 us so against 130-170 us with the spin alone (load 8-10).
const BLOCK_MIN_MS = 0.05;
const BLOCK_MAX_MS = 1;

// A length word that says: the next message is at the ring's start. A
// writer that finds the ring empty past SKIP_AFTER bytes goes back there,
// so that small messages keep to the first pages of a big ring (the
// pages a ring has touched stay in memory while the segment lives).
const SKIP = 0xffffffff;
const SKIP_AFTER = 64 * 1024;

/** The bytes a message takes in the ring: length word, bytes, padding. */
export function ringBytes(length: number): number {
  return 4 + ((length + 3) & ~3);
}

/** One side's view of one direction: its header words and its data. */
class RingSide {
  protected readonly words: SharedWords;
  protected readonly cells: Int32Array;
  protected readonly data: Uint8Array;
  protected readonly lengths: Uint32Array;
  protected readonly capacity: number;

  constructor(words: SharedWords, data: Uint8Array) {
    this.words = words;
    this.cells = words.cells;
    this.data = data;
    this.lengths = new Uint32Array(
      data.buffer,
      data.byteOffset,
      data.length / 4,
    );
    this.capacity = data.length;
  }

  /** Whether the writer has closed its side. */
  writerClosed(): boolean {
    return Atomics.load(this.cells, WRITER_CLOSED) !== 0;
  }

  /** Whether the reader has closed its side. */
  readerClosed(): boolean {
    return Atomics.load(this.cells, READER_CLOSED) !== 0;
  }

  protected used(): number {
    return (Atomics.load(this.cells, HEAD) - Atomics.load(this.cells, TAIL)) >>>
      0;
  }
}

/** The writing side of a direction. */
export class RingWriter extends RingSide {
  /**
   * Writes what fits of the message `mark` (a first byte, when given)
   * and `body`, whose first `done` ring bytes (see ringBytes) are written
   * already; returns how many are written now.
   */
  write(body: Uint8Array, done: number, mark?: number): number {
    const extra = mark === undefined ? 0 : 1;
    const length = body.length + extra;
    const total = ringBytes(length);
    let free = this.capacity - this.used();
    let head = Atomics.load(this.cells, HEAD) >>> 0;
    const start = done;
    if (done === 0) {
      const at = head % this.capacity;
      if (free === this.capacity && at >= SKIP_AFTER) {
        this.lengths[at >> 2] = SKIP;
        head = (head + this.capacity - at) >>> 0;
        free = at; // (the rest is the skip's until the reader passes it)
      }
      if (free < 4) return 0;
      this.lengths[(head % this.capacity) >> 2] = length;
      head = (head + 4) >>> 0;
      free -= 4;
      done = 4;
    }
    while (done < total && free > 0) {
      let at = head % this.capacity;
      const n = Math.min(free, total - done, this.capacity - at);
      let from = done - 4;
      const to = Math.min(from + n, length);
      if (extra === 1 && from === 0 && to > 0) {
        this.data[at++] = mark!;
        from = 1;
      }
      if (to > from) this.data.set(body.subarray(from - extra, to - extra), at);
      head = (head + n) >>> 0;
      free -= n;
      done += n;
    }
    if (done !== start) {
      Atomics.store(this.cells, HEAD, head | 0);
      Atomics.add(this.cells, DATA_SEQ, 1);
      if (Atomics.compareExchange(this.cells, READER_SLEEPING, 1, 0) === 1) {
        this.words.notify(DATA_SEQ);
      }
    }
    return done;
  }

  /** Marks the end of the stream and wakes the reader. */
  close(): void {
    Atomics.store(this.cells, WRITER_CLOSED, 1);
    Atomics.add(this.cells, DATA_SEQ, 1);
    this.words.notify(DATA_SEQ);
  }

  /** Whether the reader is taking messages now (so needs no nudge). */
  readerActive(): boolean {
    return Atomics.load(this.cells, READER_ACTIVE) !== 0;
  }

  /**
   * Waits until the reader takes something or closes, or `timeout`
   * seconds pass; `seen` is SPACE_SEQ as read before the last write.
   */
  async waitSpace(seen: number, timeout: number): Promise<void> {
    Atomics.store(this.cells, WRITER_SLEEPING, 1);
    if (Atomics.load(this.cells, SPACE_SEQ) === seen && !this.readerClosed()) {
      await this.words.waitAsync(SPACE_SEQ, seen, timeout);
    }
    Atomics.store(this.cells, WRITER_SLEEPING, 0);
  }

  /** SPACE_SEQ now, for waitSpace(). */
  spaceSeq(): number {
    return Atomics.load(this.cells, SPACE_SEQ);
  }
}

/** What a reader has of a message it has begun to take. */
export interface Partial {
  readonly message: Uint8Array;
  readonly done: number;
}

/** The reading side of a direction. */
export class RingReader extends RingSide {
  #message: Uint8Array | undefined;
  #done = 0; // ring bytes of #message taken
  #spin = SPIN_MIN_MS;
  #block = BLOCK_MIN_MS;

  /** Continues a message another process had begun to take. */
  resume(partial: Partial | undefined): void {
    this.#message = partial?.message;
    this.#done = partial?.done ?? 0;
  }

  /** The message begun and not finished, for another process to resume. */
  partial(): Partial | undefined {
    return this.#message === undefined
      ? undefined
      : { message: this.#message, done: this.#done };
  }

  /** Whether anything is there to take. */
  ready(): boolean {
    return this.used() > 0;
  }

  /** Takes every whole message there (in order), keeping a part begun. */
  read(deliver: (message: Uint8Array) => void): void {
    let used = this.used();
    if (used === 0) return;
    let tail = Atomics.load(this.cells, TAIL) >>> 0;
    while (used > 0) {
      if (this.#message === undefined) {
        const at = tail % this.capacity;
        const length = this.lengths[at >> 2]!;
        if (length === SKIP) {
          tail = (tail + this.capacity - at) >>> 0;
          used -= this.capacity - at;
          continue;
        }
        this.#message = new Uint8Array(length);
        this.#done = 4;
        tail = (tail + 4) >>> 0;
        used -= 4;
      }
      const message = this.#message;
      const total = ringBytes(message.length);
      while (this.#done < total && used > 0) {
        const at = tail % this.capacity;
        const n = Math.min(used, total - this.#done, this.capacity - at);
        const from = this.#done - 4;
        const to = Math.min(from + n, message.length);
        if (to > from) {
          message.set(this.data.subarray(at, at + to - from), from);
        }
        tail = (tail + n) >>> 0;
        used -= n;
        this.#done += n;
      }
      if (this.#done < total) break;
      this.#message = undefined;
      deliver(message);
    }
    Atomics.store(this.cells, TAIL, tail | 0);
    Atomics.add(this.cells, SPACE_SEQ, 1);
    if (Atomics.compareExchange(this.cells, WRITER_SLEEPING, 1, 0) === 1) {
      this.words.notify(SPACE_SEQ);
    }
  }

  /** Says whether a reader is taking messages now. */
  setActive(active: boolean): void {
    Atomics.store(this.cells, READER_ACTIVE, active ? 1 : 0);
  }

  /**
   * Waits until something is there, the writer closes or wake() is
   * called: spins a while (see SPIN_MAX_MS) and blocks the thread on the
   * futex a while (BLOCK_MAX_MS) unless `spin` is false (a stream read
   * for throughput, where sleeping lets items gather), then sleeps on the
   * futex without blocking the thread.
   */
  async waitData(spin = true): Promise<void> {
    const seq = Atomics.load(this.cells, DATA_SEQ);
    if (this.ready() || this.writerClosed()) return;
    const until = spin ? performance.now() + this.#spin : 0;
    do {
      for (let i = 0; i < 64; i++) {
        if (Atomics.load(this.cells, DATA_SEQ) !== seq) {
          this.#spin = Math.min(SPIN_MAX_MS, this.#spin * 2);
          return;
        }
      }
    } while (performance.now() < until);
    this.#spin = Math.max(SPIN_MIN_MS, this.#spin / 2);
    Atomics.store(this.cells, READER_SLEEPING, 1);
    if (spin && Atomics.load(this.cells, DATA_SEQ) === seq) {
      this.words.waitSync(DATA_SEQ, seq, this.#block / 1000);
      if (Atomics.load(this.cells, DATA_SEQ) !== seq) {
        this.#block = Math.min(BLOCK_MAX_MS, this.#block * 2);
        Atomics.store(this.cells, READER_SLEEPING, 0);
        return;
      }
      this.#block = Math.max(BLOCK_MIN_MS, this.#block / 2);
      Atomics.store(this.cells, READER_SLEEPING, 1);
    }
    if (Atomics.load(this.cells, DATA_SEQ) === seq) {
      await this.words.waitAsync(DATA_SEQ, seq);
    }
    Atomics.store(this.cells, READER_SLEEPING, 0);
  }

  /**
   * Ends a waitData() of this process early. It bumps the word, since the
   * futex call may not have begun yet (it runs on another thread).
   */
  wake(): void {
    Atomics.add(this.cells, DATA_SEQ, 1);
    this.words.notify(DATA_SEQ);
  }

  /** Says the reader takes no more: the writer drops what it sends. */
  close(): void {
    Atomics.store(this.cells, READER_CLOSED, 1);
    Atomics.add(this.cells, SPACE_SEQ, 1);
    this.words.notify(SPACE_SEQ);
  }
}
