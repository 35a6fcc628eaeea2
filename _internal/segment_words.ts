// Copyright 2026 the @skein/concurrent authors. MIT license.
// Shared words in a mapped shared memory segment, for processes: waiting is
// Linux's futex (Atomics.wait takes only a SharedArrayBuffer).
import type { SharedWords } from "./shared_words.ts";
import { wait, waitSync, wake } from "./futex_syscall.ts";

const EVERYONE = 0x7fffffff;

/** SharedWords over an Int32Array on mapped memory: futex waits. */
export class SegmentWords implements SharedWords {
  readonly cells: Int32Array;
  #base: Deno.PointerObject;
  // Made on first use: a condition has thousands of words, few waited on.
  #pointers: Deno.PointerValue[] = [];

  /** Words in `cells`, a view of a mapped segment. */
  constructor(cells: Int32Array) {
    this.cells = cells;
    this.#base = Deno.UnsafePointer.of(cells) as Deno.PointerObject;
  }

  /** The address futex calls take for `cells[index]`. */
  pointer(index: number): Deno.PointerValue {
    return this.#pointers[index] ??= Deno.UnsafePointer.offset(
      this.#base,
      index * 4,
    );
  }

  waitSync(index: number, expected: number, timeout?: number): void {
    waitSync(this.pointer(index), expected, timeout);
  }

  /** A futex wait cannot be withdrawn: a `signal` is a TypeError. */
  waitAsync(
    index: number,
    expected: number,
    timeout?: number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    if (signal !== undefined) {
      return Promise.reject(
        new TypeError(
          "Cannot wait on shared memory between processes as 'signal' is not supported: received an AbortSignal",
        ),
      );
    }
    return wait(this.pointer(index), expected, timeout);
  }

  notify(index: number, count = Infinity): void {
    wake(this.pointer(index), Math.min(count, EVERYONE));
  }
}
