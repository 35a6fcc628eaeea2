// Copyright 2026 the @skein/concurrent authors. MIT license.
// A worker's hand-off to one thread of its local pool through shared
// memory: the thread runs serveChannel() for as long as the worker lives
// (one long call on the pool), and each batch of calls crosses as text in
// a growable SharedArrayBuffer, with one Atomics.notify each way. A pool
// call per batch (a message each way, the pool's codec, a future) cost the
// worker's main thread about as much as BullMQ's own work for those jobs.
//
// Between batches the thread sleeps in Atomics.wait, so its event loop
// does not run then: a call's own promises are awaited before the next
// wait, but work a task leaves behind unawaited (a timer it did not wait
// for) runs only when the next batch comes.
import { waitSync } from "../../_internal/wait.ts";
import { runCall } from "./_run.ts";

// Control words: the number of the last request, of the last reply, the
// byte length of the text in the buffer, and 1 once the thread must stop.
const REQUEST = 0;
const REPLY = 1;
const LENGTH = 2;
const STOP = 3;
const HEADER = 16;
const INITIAL = 1 << 16;
/** The most text one batch may be (the buffer grows up to it). */
export const MAX_BATCH_BYTES = 1 << 30;

const utf8 = new TextEncoder();
const text = new TextDecoder();

type Growable = SharedArrayBuffer & { grow(length: number): void };

function write(buffer: Growable, words: Int32Array, s: string): void {
  const need = HEADER + s.length * 3; // UTF-8 takes at most 3 bytes a unit
  if (buffer.byteLength < need) {
    if (need > HEADER + MAX_BATCH_BYTES) {
      throw new RangeError(
        `a batch of calls is ${s.length} characters: more than a worker's channel to its threads carries (${MAX_BATCH_BYTES} bytes)`,
      );
    }
    buffer.grow(
      Math.min(HEADER + MAX_BATCH_BYTES, Math.max(need, 2 * buffer.byteLength)),
    );
  }
  const { written } = utf8.encodeInto(s, new Uint8Array(buffer, HEADER));
  Atomics.store(words, LENGTH, written);
}

function read(buffer: SharedArrayBuffer, words: Int32Array): string {
  const length = Atomics.load(words, LENGTH);
  // TextDecoder does not read shared memory: copy first.
  return text.decode(new Uint8Array(buffer, HEADER, length).slice());
}

/** The main thread's side of a channel: one batch at a time. */
export class ThreadChannel {
  readonly buffer: Growable;
  readonly #words: Int32Array;
  #seq = 0;
  #error: unknown;
  /** Whether the thread's call ended (see died()). */
  dead = false;

  constructor() {
    this.buffer = new (SharedArrayBuffer as unknown as new (
      length: number,
      options: { maxByteLength: number },
    ) => Growable)(INITIAL, { maxByteLength: HEADER + MAX_BATCH_BYTES });
    this.#words = new Int32Array(this.buffer, 0, 4);
  }

  /**
   * Runs a batch on the thread: lines `c f a` (see runCall()), one per
   * call; returns lines `ok record`, one per call, in the same order.
   */
  async run(batch: string): Promise<string> {
    const seq = ++this.#seq;
    write(this.buffer, this.#words, batch);
    Atomics.store(this.#words, REQUEST, seq);
    Atomics.notify(this.#words, REQUEST);
    while (Atomics.load(this.#words, REPLY) !== seq) {
      if (this.dead) throw this.#error;
      // Not _internal/wait.ts's waitAsync: its keep-alive timer per wait
      // costs more than the wait; the worker's Redis connection keeps the
      // process alive meanwhile.
      const wait = Atomics.waitAsync(this.#words, REPLY, seq - 1);
      if (wait.async) await wait.value;
    }
    return read(this.buffer, this.#words);
  }

  /**
   * The thread's call ended without stop(): the run() waiting, and every
   * later one, fails with `error`.
   */
  died(error: unknown): void {
    this.#error = error;
    this.dead = true;
    // Wakes the run() waiting (the thread will not), which then sees dead.
    Atomics.notify(this.#words, REPLY);
  }

  /** Ends serveChannel() on the thread. */
  stop(): void {
    Atomics.store(this.#words, STOP, 1);
    Atomics.add(this.#words, REQUEST, 1);
    Atomics.notify(this.#words, REQUEST);
  }
}

/**
 * The thread's side (a call on the pool that lasts until `stop()`): waits
 * for a batch, runs its calls one after the other, writes their outcomes.
 */
export async function serveChannel(
  buffer: Growable,
  allow: readonly string[] | null,
): Promise<void> {
  const words = new Int32Array(buffer, 0, 4);
  let seen = 0;
  while (true) {
    waitSync(words, REQUEST, seen);
    seen = Atomics.load(words, REQUEST);
    if (Atomics.load(words, STOP) === 1) return;
    const out: string[] = [];
    for (const line of read(buffer, words).split("\n")) {
      const [c, f, a] = line.split(" ");
      const [ok, record] = await runCall(f!, a!, c === "1", allow);
      out.push(`${ok ? 1 : 0} ${record}`);
    }
    write(buffer, words, out.join("\n"));
    Atomics.store(words, REPLY, seen);
    Atomics.notify(words, REPLY);
  }
}
