// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerModule as register } from "../_internal/ship.ts";

/**
 * Lets the functions (and `Thread` subclasses) exported by a module other
 * than the main module cross to threads by reference, as Python pickles a
 * function by its module and name: the worker imports the module and uses
 * the export itself, so it may use the module's imports and variables.
 * Call it once, usually as `registerModule(import.meta.url)` at the top of
 * that module. Exports of the main module need no registration; other
 * functions cross as source text.
 *
 * @param url The module's URL.
 *
 * @example Registering a module of thread targets
 * ```ts
 * import { registerModule } from "@skein/concurrent/threading";
 *
 * registerModule(import.meta.url);
 * ```
 */
export function registerModule(url: string | URL): void {
  if (typeof url !== "string" && !(url instanceof URL)) {
    throw new TypeError(
      `Cannot register module as 'url' must be a string or URL: received ${typeof url}`,
    );
  }
  register(url);
}
