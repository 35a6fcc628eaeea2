// Copyright 2026 the @skein/concurrent authors. MIT license.
// The start method in use (multiprocessing's setStartMethod()), kept here
// so that futures' ProcessPoolExecutor can follow it without importing
// multiprocessing.

/**
 * A start method's name: `"spawn"` starts a new `deno` for each process;
 * `"forkserver"` gives it a spare started ahead (see forkserver.ts).
 */
export type StartMethod = "spawn" | "forkserver";

/** The start methods there are, the default first. */
export const START_METHODS: readonly StartMethod[] = ["spawn", "forkserver"];

let chosen: StartMethod | undefined;

/** The method set, or `undefined` when none was. */
export function chosenStartMethod(): StartMethod | undefined {
  return chosen;
}

/** Sets (or, with `undefined`, unsets) the method. */
export function chooseStartMethod(method: StartMethod | undefined): void {
  chosen = method;
}

/** The method in use: the one set, else the default, `"spawn"`. */
export function currentStartMethod(): StartMethod {
  return chosen ?? "spawn";
}

// Classes whose instances start by one method whatever the one in use (a
// context's Process: SpawnProcess, ForkServerProcess), as Python's.
const fixed = new Map<unknown, StartMethod>();

/** Makes `cls` and its subclasses start by `method`. */
export function fixStartMethod(cls: unknown, method: StartMethod): void {
  fixed.set(cls, method);
}

/**
 * The method an instance of `cls` starts by: its own (or an ancestor's)
 * fixed one, else the one in use.
 */
export function startMethodOf(cls: unknown): StartMethod {
  for (
    let c = cls;
    c !== null && c !== undefined;
    c = Object.getPrototypeOf(c)
  ) {
    const method = fixed.get(c);
    if (method !== undefined) return method;
  }
  return currentStartMethod();
}
