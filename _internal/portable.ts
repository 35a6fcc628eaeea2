// Copyright 2026 the @skein/concurrent authors. MIT license.
// Objects that cross to another process as themselves by moving there (a
// pipe's end): the process-side cousins of shareables, which cannot cross
// to a process at all. A portable class registers as a shareable with no
// buffers, so the codec's needs (its module, loaded before decoding) work
// the same; the encoder collects what moved, for the sender to reroute.
import { threadState } from "./thread_state.ts";

/** The method a portable instance implements: its tag and its data. */
export const toProcess: unique symbol = Symbol.for(
  "@skein/concurrent.toProcess",
);

/**
 * An instance that crosses to the process it is sent to: it moves there
 * (`moves`, a pipe's end), or a proxy of it is made there (a queue).
 */
export interface Portable {
  [toProcess](): { tag: string; data: unknown; moves?: boolean };
}

/** Whether `value` is portable. */
export function isPortable(value: unknown): value is Portable {
  return typeof value === "object" && value !== null && toProcess in value;
}

const state = threadState("portable", () => ({ moved: [] as Portable[] }));

/** Notes that `value` was encoded for another process. */
export function noteMoved(value: Portable): void {
  state.moved.push(value);
}

/** The portables encoded since the last call, for the sender to reroute. */
export function takeMoved(): Portable[] {
  const out = state.moved;
  state.moved = [];
  return out;
}
