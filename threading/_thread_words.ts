// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of a threading primitive and how they cross threads: the
// constructor asks for its words, and the rebuild registerWords() registers
// runs that constructor so that it adopts the words that crossed.
import { registerShareable, type SharedState } from "../_internal/shareable.ts";
import type { SharedWords } from "../_internal/shared_words.ts";
import { SabWords } from "../_internal/sab_words.ts";

let adopting: Int32Array | undefined;

/** `length` new words, or the words that crossed while a rebuild runs. */
export function threadWords(length: number): SabWords {
  return new SabWords(adopting ?? length);
}

/** Registers `tag`, rebuilt on the other side by `make()` over its words. */
export function registerWords(
  tag: string,
  url: string,
  make: () => object,
): void {
  registerShareable(tag, url, (state) => {
    adopting = new Int32Array(state.buffers[0]!);
    try {
      return make();
    } finally {
      adopting = undefined;
    }
  });
}

/** What makes an object over `words` (SabWords) cross as `tag`. */
export function wordsState(tag: string, words: SharedWords): SharedState {
  return { tag, buffers: [words.cells.buffer as SharedArrayBuffer] };
}
