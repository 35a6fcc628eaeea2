// Copyright 2026 the @skein/concurrent authors. MIT license.
// Where a primitive's words live, asked by the constructor of a threading
// primitive, so that multiprocessing's class extends it (as CPython's
// multiprocessing.synchronize.Barrier extends threading.Barrier) and says
// only that: a SharedArrayBuffer there, a shared memory segment here.
import type { SharedWords } from "./shared_words.ts";

/** Where words live, and where they come from. */
export interface WordsHome {
  /**
   * The words a constructor adopts while the rebuild of a primitive that
   * crossed (to another thread or process) runs; else undefined.
   */
  adopted(length: number): SharedWords | undefined;
  /** `length` fresh zeroed words for a new primitive. */
  fresh(length: number): SharedWords;
}

/**
 * `[wordsHome]()`: the primitive's WordsHome. A method, not a field: the
 * base constructor calls it before a subclass's fields exist.
 */
export const wordsHome: unique symbol = Symbol("wordsHome");
