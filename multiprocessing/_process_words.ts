// Copyright 2026 the @skein/concurrent authors. MIT license.
// The words of a multiprocessing primitive and how they cross processes:
// the constructor asks for its words (in a new segment, or at the place
// that crossed while a rebuild runs), and crosses as that place.
import { registerShareable, type SharedState } from "../_internal/shareable.ts";
import { SegmentWords } from "../_internal/segment_words.ts";
import type { WordsHome } from "../_internal/words_hooks.ts";
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

// The places of the primitives that extend a threading class: its
// constructor asks for their words before their own fields exist.
const places = new WeakMap<object, Place>();

/**
 * Words in a shared memory segment, that cross as its name: `owner`'s, at
 * the place that crossed while a rebuild runs, else in a new segment.
 */
export function processHome(owner: object): WordsHome {
  const at = (place: Place, length: number): SegmentWords => {
    places.set(owner, place);
    return new SegmentWords(cellsAt(place, length).cells);
  };
  return {
    adopted(length): SegmentWords | undefined {
      const place = adoptedPlace();
      return place === undefined ? undefined : at(place, length);
    },
    fresh: (length) => at(newPlace(length * 4), length),
  };
}

/**
 * What makes `owner` (whose words came from processHome()) the same object
 * in another process or thread: its place, and the `data` it needs besides.
 */
export function placedState(
  tag: string,
  owner: object,
  data?: unknown,
): SharedState & { data: unknown } {
  return {
    tag,
    buffers: [],
    data: { ...places.get(owner)!, ...(data as object | undefined) },
  };
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
