// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's Barrier, written once over SharedWords: threading.Barrier keeps
// its words in a SharedArrayBuffer, multiprocessing.Barrier in a segment.
import type { SharedWords } from "./shared_words.ts";
import { Deadline } from "./wait.ts";
import { LockCore } from "./lock_core.ts";

const MUTEX = 0; // a LockCore's word
const PARTIES = 1;
const COUNT = 2; // arrivals in the current generation
const GENERATION = 3; // advances when a generation is released or broken
const BROKEN = 4; // 1 after abort() or a failure, until reset()
const BROKEN_GENERATION = 5; // the generation whose waiters must raise
/** How many words a barrier's state takes. */
export const BARRIER_WORDS = 6;

interface Arrival {
  index: number;
  generation: number;
  released: boolean;
}

/**
 * A barrier in `words.cells[0..5]`. Timeouts come checked, in seconds
 * (undefined: forever); `BrokenError` is the error its waiters raise
 * (`_internal/` imports no public module).
 */
export class BarrierCore {
  readonly words: SharedWords;
  #mutex: LockCore;
  #action: (() => unknown) | undefined;
  #BrokenError: new () => Error;

  /** Sets up new words for `parties` (unchecked). */
  static init(words: SharedWords, parties: number): void {
    words.cells[PARTIES] = parties;
    words.cells[BROKEN_GENERATION] = -1;
  }

  constructor(
    words: SharedWords,
    action: (() => unknown) | undefined,
    BrokenError: new () => Error,
  ) {
    this.words = words;
    this.#mutex = new LockCore(words, MUTEX);
    this.#action = action;
    this.#BrokenError = BrokenError;
  }

  get parties(): number {
    return this.words.cells[PARTIES]!;
  }

  get nWaiting(): number {
    const cells = this.words.cells;
    return Atomics.load(cells, BROKEN) ? 0 : Atomics.load(cells, COUNT);
  }

  get broken(): boolean {
    return Atomics.load(this.words.cells, BROKEN) === 1;
  }

  async wait(timeout: number | undefined): Promise<number> {
    const deadline = new Deadline(timeout);
    const words = this.words;
    // The mutex is taken and released in one turn (LockCore's withLock), so
    // a sync abort() or reset() of this thread never waits on it.
    const arrival = await this.#mutex.withLock(() => this.#arrive());
    if (arrival.released) return arrival.index;
    while (Atomics.load(words.cells, GENERATION) === arrival.generation) {
      const left = deadline.remaining();
      if (left === 0) {
        await this.#mutex.withLock(() => this.#timedOut(arrival.generation));
        break;
      }
      await words.waitAsync(GENERATION, arrival.generation, left);
    }
    return this.#outcome(arrival);
  }

  waitSync(timeout: number | undefined): number {
    const deadline = new Deadline(timeout);
    const words = this.words;
    this.#mutex.acquireSync(undefined);
    const arrival = this.#arrive();
    if (arrival.released) return arrival.index;
    while (Atomics.load(words.cells, GENERATION) === arrival.generation) {
      const left = deadline.remaining();
      if (left === 0) {
        this.#mutex.acquireSync(undefined);
        this.#timedOut(arrival.generation);
        break;
      }
      words.waitSync(GENERATION, arrival.generation, left);
    }
    return this.#outcome(arrival);
  }

  reset(): void {
    const cells = this.words.cells;
    this.#mutex.acquireSync(undefined);
    if (cells[COUNT]! > 0) this.#release(true);
    cells[COUNT] = 0;
    Atomics.store(cells, BROKEN, 0);
    this.#mutex.release();
  }

  abort(): void {
    this.#mutex.acquireSync(undefined);
    this.#break();
    this.#mutex.release();
  }

  // With the mutex held: count this arrival; the last one runs the action
  // and releases the round. Releases the mutex.
  #arrive(): Arrival {
    const cells = this.words.cells;
    if (cells[BROKEN] === 1) {
      this.#mutex.release();
      throw new this.#BrokenError();
    }
    const generation = cells[GENERATION]!;
    const index = cells[COUNT]!++;
    if (index + 1 < cells[PARTIES]!) {
      this.#mutex.release();
      return { index, generation, released: false };
    }
    try {
      this.#action?.();
    } catch (error) {
      this.#break();
      this.#mutex.release();
      throw error;
    }
    this.#release(false);
    this.#mutex.release();
    return { index, generation, released: true };
  }

  // With the mutex held, after a timeout: break the round unless it was
  // released meanwhile. Releases the mutex.
  #timedOut(generation: number): void {
    if (this.words.cells[GENERATION] === generation) this.#break();
    this.#mutex.release();
  }

  #outcome(arrival: Arrival): number {
    const cells = this.words.cells;
    if (Atomics.load(cells, BROKEN_GENERATION) === arrival.generation) {
      throw new this.#BrokenError();
    }
    return arrival.index;
  }

  #break(): void {
    Atomics.store(this.words.cells, BROKEN, 1);
    this.#release(true);
  }

  // Ends the current round: its waiters wake, and raise if it `broke`.
  #release(broke: boolean): void {
    const cells = this.words.cells;
    if (broke) Atomics.store(cells, BROKEN_GENERATION, cells[GENERATION]!);
    cells[COUNT] = 0;
    Atomics.add(cells, GENERATION, 1);
    this.words.notify(GENERATION);
  }
}
