// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import {
  preloadModules,
  setPreloadModules,
  setSpareCount,
  spareCount,
} from "../_internal/forkserver.ts";

/**
 * Sets how many spare children the forkserver start method keeps ready
 * (1 by default); Python's forkserver has one server process that forks,
 * Deno cannot fork, so each spare is a `deno` that has loaded the child
 * bootstrap and waits for a target. The missing spares start at once
 * (with this process's permissions, or those of the last forkserver
 * child), those beyond `count` end. Each costs the resident memory of an
 * idle `deno` (about 40 MB here); 0 keeps none (the forkserver then starts
 * each child as "spawn" does). Spares never keep this process alive and
 * exit with it.
 *
 * @example Two spares ready, then none
 * ```ts
 * import {
 *   getContext,
 *   setForkserverSpares,
 * } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * setForkserverSpares(2);
 * const ctx = getContext("forkserver");
 * const p = new ctx.Process({ target: () => {} });
 * p.start();
 * await p.join();
 * assert.equal(p.exitcode, 0);
 * await setForkserverSpares(0); // settles once the spares have exited
 * ```
 *
 * @param count An integer >= 0.
 * @returns A promise that settles when the spares beyond `count` have
 * exited (a test awaits it before it ends: Deno's sanitizers count a
 * spare as a running child).
 * @throws {ValueError} If `count` is not an integer >= 0.
 */
export function setForkserverSpares(count: number): Promise<void> {
  if (!Number.isInteger(count) || count < 0) {
    throw new ValueError(
      `Cannot set forkserver spares as 'count' must be an integer >= 0: received ${
        describe(count)
      }`,
    );
  }
  return setSpareCount(count);
}

/**
 * How many spare children the forkserver keeps ready (see
 * {@linkcode setForkserverSpares}).
 *
 * @example Usage
 * ```ts
 * import { getForkserverSpares } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof getForkserverSpares(), "number");
 * ```
 *
 * @returns The count.
 */
export function getForkserverSpares(): number {
  return spareCount();
}

/**
 * Modules the forkserver's spares import ahead, as Python's
 * `set_forkserver_preload(module_names)`: a target from one of them then
 * starts without loading it. A module that fails to load is skipped, as
 * Python skips it. Spares started before are ended and replaced. The
 * main module may be among them: it is imported, not run
 * (`import.meta.main` is false there), so guard its top level. Spares
 * import the registered modules (see `registerModule()`) ahead too, after
 * these, as Python's forkserver imports `__main__` and what it imports.
 *
 * @example Preload a module
 * ```ts
 * import {
 *   getContext,
 *   setForkserverPreload,
 *   setForkserverSpares,
 * } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await setForkserverPreload([import.meta.resolve("./mod.ts")]);
 * const p = new (getContext("forkserver").Process)({ target: () => {} });
 * p.start();
 * await p.join();
 * assert.equal(p.exitcode, 0);
 * await setForkserverPreload([]);
 * await setForkserverSpares(0);
 * ```
 *
 * @param modules Absolute module URLs (strings or `URL`s), as
 * `import.meta.resolve("./work.ts")` gives them.
 * @returns A promise that settles when the spares started before have
 * exited.
 * @throws {TypeError} If `modules` is not an array of absolute URLs.
 */
export function setForkserverPreload(
  modules: readonly (string | URL)[],
): Promise<void> {
  if (!Array.isArray(modules)) {
    throw new TypeError(
      `Cannot set forkserver preload as 'modules' must be an array of module URLs: received ${
        describe(modules)
      }`,
    );
  }
  const urls = modules.map((module, i) => {
    if (typeof module !== "string" && !(module instanceof URL)) {
      throw new TypeError(
        `Cannot set forkserver preload as 'modules[${i}]' must be a string or a URL: received ${
          describe(module)
        }`,
      );
    }
    try {
      return new URL(module).href;
    } catch {
      throw new TypeError(
        `Cannot set forkserver preload as 'modules[${i}]' must be an absolute URL (as import.meta.resolve() gives): received ${
          describe(module)
        }`,
      );
    }
  });
  return setPreloadModules(urls);
}

/**
 * The modules the forkserver's spares import ahead (see
 * {@linkcode setForkserverPreload}).
 *
 * @example Usage
 * ```ts
 * import { getForkserverPreload } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(Array.isArray(getForkserverPreload()));
 * ```
 *
 * @returns Their URLs.
 */
export function getForkserverPreload(): string[] {
  return [...preloadModules()];
}
