// Copyright 2026 the @skein/concurrent authors. MIT license.
// Shared words in a SharedArrayBuffer, for the threads of one process.
import type { SharedWords } from "./shared_words.ts";
import { waitAsync, waitSync } from "./wait.ts";

/** SharedWords over an Int32Array on a SharedArrayBuffer: Atomics waits. */
export class SabWords implements SharedWords {
  readonly cells: Int32Array;

  /** Words in `cells`, or `length` new zeroed ones. */
  constructor(cells: Int32Array | number) {
    this.cells = typeof cells === "number"
      ? new Int32Array(new SharedArrayBuffer(cells * 4))
      : cells;
  }

  /** The SharedArrayBuffer that makes the words cross to a thread. */
  get buffer(): SharedArrayBuffer {
    return this.cells.buffer as SharedArrayBuffer;
  }

  waitSync(index: number, expected: number, timeout?: number): void {
    waitSync(this.cells, index, expected, timeout);
  }

  waitAsync(
    index: number,
    expected: number,
    timeout?: number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return waitAsync(this.cells, index, expected, timeout, signal);
  }

  notify(index: number, count = Infinity): void {
    Atomics.notify(this.cells, index, count);
  }
}
