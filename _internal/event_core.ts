// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's Event, written once over SharedWords: threading.Event keeps its
// flag in a SharedArrayBuffer, multiprocessing.Event in a segment.
import type { SharedWords } from "./shared_words.ts";
import { Deadline } from "./wait.ts";

const FLAG = 0; // 1 when set
/** How many words an event's state takes. */
export const EVENT_WORDS = 1;

/**
 * An event flag in `words.cells[0]`. Timeouts come checked, in seconds
 * (undefined: forever).
 */
export class EventCore {
  readonly words: SharedWords;

  constructor(words: SharedWords) {
    this.words = words;
  }

  isSet(): boolean {
    return Atomics.load(this.words.cells, FLAG) === 1;
  }

  set(): void {
    if (Atomics.exchange(this.words.cells, FLAG, 1) === 0) {
      this.words.notify(FLAG);
    }
  }

  clear(): void {
    Atomics.store(this.words.cells, FLAG, 0);
  }

  async wait(
    timeout: number | undefined,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const deadline = new Deadline(timeout);
    signal?.throwIfAborted();
    while (Atomics.load(this.words.cells, FLAG) === 0) {
      const left = deadline.remaining();
      if (left === 0) return false;
      await this.words.waitAsync(FLAG, 0, left, signal);
    }
    return true;
  }

  waitSync(timeout: number | undefined): boolean {
    const deadline = new Deadline(timeout);
    while (Atomics.load(this.words.cells, FLAG) === 0) {
      const left = deadline.remaining();
      if (left === 0) return false;
      this.words.waitSync(FLAG, 0, left);
    }
    return true;
  }
}
