// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of a multiprocessing primitive and how they cross processes:
// the constructor asks for its words (in a new segment, or at the place
// that crossed while a rebuild runs), and crosses as that place.
import { registerShareable } from "../_internal/shareable.ts";
import { SegmentWords } from "../_internal/segment_words.ts";
import { adoptedPlace, cellsAt, newPlace, withPlace } from "./_segments.ts";
import type { Place } from "./_segments.ts";

/** `length` words and their place: new, or the adopted ones. */
export function processWords(
  length: number,
): { place: Place; words: SegmentWords } {
  const place = adoptedPlace() ?? newPlace(length * 4);
  return { place, words: new SegmentWords(cellsAt(place, length).cells) };
}

/** Registers `tag`, rebuilt in another process by `make()` at its place. */
export function registerPlaced(
  tag: string,
  url: string,
  make: () => object,
): void {
  registerShareable(
    tag,
    url,
    (state) => withPlace(state.data as Place, make),
  );
}
