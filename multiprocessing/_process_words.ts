// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of a multiprocessing primitive and how they cross processes:
// the constructor asks for its words (in a new segment, or at the place
// that crossed while a rebuild runs), and crosses as that place.
import { registerShareable } from "../_internal/shareable.ts";
import { SegmentWords } from "../_internal/segment_words.ts";
import { adoptedPlace, cellsAt, newPlace, withPlace } from "./_segments.ts";
import type { Place } from "./_segments.ts";

/**
 * `length` words and their place: new ones, set up by `init`, or the
 * adopted ones.
 */
export function processWords(
  length: number,
  init?: (words: SegmentWords) => void,
): { place: Place; words: SegmentWords } {
  const adopted = adoptedPlace();
  const place = adopted ?? newPlace(length * 4);
  const words = new SegmentWords(cellsAt(place, length).cells);
  if (adopted === undefined) init?.(words);
  return { place, words };
}

/**
 * Registers `tag`, rebuilt in another process by `make()` at its place
 * (given the data that crossed: the place and what else it holds).
 */
export function registerPlaced(
  tag: string,
  url: string,
  make: (data: unknown) => object,
): void {
  registerShareable(
    tag,
    url,
    (state) => withPlace(state.data as Place, () => make(state.data)),
  );
}
