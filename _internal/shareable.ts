// Copyright 2026 the @skein/concurrent authors. MIT license.
// The registry of shareable classes: primitives whose whole state lives in
// SharedArrayBuffers and that cross to another thread as the same object.
// Each class registers itself when its module loads; the wire codec asks
// this registry how to describe an instance and how to rebuild it.
import { threadState } from "./thread_state.ts";

/** What crosses for a shareable instance. */
export interface SharedState {
  /** The registered tag of the class, e.g. `"threading.Lock"`. */
  readonly tag: string;
  /** The buffers that hold the state; shared, never copied. */
  readonly buffers: readonly SharedArrayBuffer[];
  /**
   * Anything else the class needs to rebuild itself. It goes through the
   * wire codec too, so it may hold other shareables (a Condition's lock)
   * or shippable functions (a Barrier's action).
   */
  readonly data?: unknown;
}

/** The method a shareable instance implements to describe itself. */
export const toShared: unique symbol = Symbol.for("@skein/concurrent.toShared");

/** An instance that can cross to another thread as the same object. */
export interface Shareable {
  [toShared](): SharedState;
}

interface Entry {
  readonly module: string;
  readonly rebuild: (state: SharedState) => object;
}

const registry = threadState("shareable", () => new Map<string, Entry>());

/**
 * Registers a shareable class. `module` is the registering module's
 * `import.meta.url`: the receiving side imports it before decoding, so the
 * class is registered there too.
 */
export function registerShareable(
  tag: string,
  module: string,
  rebuild: (state: SharedState) => object,
): void {
  registry.set(tag, { module, rebuild });
}

/** Whether `value` is an instance of a registered shareable class. */
export function isShareable(value: unknown): value is Shareable {
  return typeof value === "object" && value !== null && toShared in value;
}

/** The module URL that registers `tag`, or `undefined` when unknown. */
export function shareableModule(tag: string): string | undefined {
  return registry.get(tag)?.module;
}

/** Rebuilds a shareable instance on this side from its state. */
export function rebuildShared(state: SharedState): object {
  const entry = registry.get(state.tag);
  if (entry === undefined) {
    throw new TypeError(
      `Cannot rebuild shared object as its class '${state.tag}' is not registered in this thread: import its module first`,
    );
  }
  return entry.rebuild(state);
}
