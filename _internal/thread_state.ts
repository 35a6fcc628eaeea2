// Copyright 2026 the @skein/concurrent authors. MIT license.
// The library's registries and counters live on the thread's global object,
// one set per thread, however many copies of a module the thread loaded. A
// child process starts from one bundled file of its bootstrap
// (child_main.bundle.js: one module instead of twenty, much faster to load)
// and later imports the library's own modules when a target needs them;
// both copies must see the same registered classes, identity and links.

const HOME = Symbol.for("@skein/concurrent.threadState.v1");

type Home = Record<string, unknown>;

/**
 * The state called `name` of this thread, made by `make()` the first time
 * any copy of the calling module asks for it.
 */
export function threadState<T extends object>(name: string, make: () => T): T {
  const global = globalThis as unknown as { [HOME]?: Home };
  const home = global[HOME] ??= Object.create(null) as Home;
  return (home[name] ??= make()) as T;
}
