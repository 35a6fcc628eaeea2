// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of a threading primitive and how they cross threads: the
// constructor asks for its words, and the rebuild registerWords() registers
// runs that constructor so that it adopts the words that crossed.
import { registerShareable, type SharedState } from "../_internal/shareable.ts";
import type { SharedWords } from "../_internal/shared_words.ts";
import { SabWords } from "../_internal/sab_words.ts";
import type { WordsHome } from "../_internal/words_hooks.ts";

let adopting: Int32Array | undefined;

/**
 * `length` new words, set up by `init`, or the words that crossed while a
 * rebuild runs.
 */
export function threadWords(
  length: number,
  init?: (words: SabWords) => void,
): SabWords {
  if (adopting !== undefined) return new SabWords(adopting);
  const words = new SabWords(length);
  init?.(words);
  return words;
}

/** Words in a SharedArrayBuffer, that cross as it. */
export const THREAD_HOME: WordsHome = {
  adopted: () => adopting === undefined ? undefined : new SabWords(adopting),
  fresh: (length) => new SabWords(length),
};

/**
 * Registers `tag`, rebuilt on the other side by `make()` over its words
 * (given the state that crossed, for its `data`).
 */
export function registerWords(
  tag: string,
  url: string,
  make: (state: SharedState) => object,
): void {
  registerShareable(tag, url, (state) => {
    adopting = new Int32Array(state.buffers[0]!);
    try {
      return make(state);
    } finally {
      adopting = undefined;
    }
  });
}

/** What makes an object over `words` (SabWords) cross as `tag`. */
export function wordsState(tag: string, words: SharedWords): SharedState {
  return { tag, buffers: [words.cells.buffer as SharedArrayBuffer] };
}
