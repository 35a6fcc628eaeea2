// Copyright 2026 the @skein/concurrent authors. MIT license.
// The forkserver start method: Deno cannot fork, so spare children are
// started ahead of need instead, each a `deno` that has loaded the child's
// bootstrap (and the modules of setForkserverPreload()) and waits on its
// stdin for its first records. A Process or a pool's worker started with
// this method takes a spare whose command line (permission and loading
// flags) is exactly the one it would get, and another spare starts in the
// background. Spares are of one kind, that of the last child started:
// `count` of them at most, so memory goes to the number configured only. A
// child with limits, or with other permissions than the spares', starts as
// with "spawn" (and the spares turn to its kind). Spares never keep this
// process alive, and die with it as any child does (parent_watch.ts).
import {
  childFlags,
  type ChildOptions,
  ChildProcess,
  neededModules,
} from "./child_process.ts";
import type { StartMethod } from "./start_method.ts";
import { registeredModules } from "./ship.ts";

let count = 1;
let preloads: readonly string[] = [];
// The idle spares, oldest first.
let spares: ChildProcess[] = [];
// The flags of the last child started by the forkserver: the spares' kind.
let kind: readonly string[] | undefined;
let refilling = false;
let taken = 0;

/** The process ids of the idle spares (for tests and benchmarks). */
export function sparePids(): number[] {
  return spares.map((spare) => spare.pid);
}

/** How many spares were taken so far (for tests). */
export function sparesTaken(): number {
  return taken;
}

/** How many spares are kept. */
export function spareCount(): number {
  return count;
}

/**
 * Keeps `n` spares from now on, starting the missing ones at once (of the
 * kind of the last forkserver child, or this process's permissions) and
 * ending those beyond `n`; settles when those have exited.
 */
export function setSpareCount(n: number): Promise<void> {
  count = n;
  const ending = spares.slice(n);
  spares = spares.slice(0, n);
  if (n > 0) {
    kind ??= childFlags("start a spare process", undefined);
    fill();
  }
  return end(ending);
}

/** The modules spares import ahead. */
export function preloadModules(): readonly string[] {
  return preloads;
}

/**
 * Sets the modules spares import ahead. Spares started before end (they
 * have the old ones) and new ones start in the background; settles when
 * the old ones have exited.
 */
export function setPreloadModules(urls: readonly string[]): Promise<void> {
  preloads = urls;
  const ending = spares;
  spares = [];
  if (kind !== undefined) refill();
  return end(ending);
}

function end(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) {
    child.close();
    // Awaited, the exit must keep this process alive until it comes.
    child.setRef(true);
  }
  return Promise.all(children.map((child) => child.status)).then(() => {});
}

/**
 * Starts a child for `options`, by `method`: a new one for "spawn"; for
 * "forkserver", a spare of the same kind that can load what the records
 * need, when there is one (else a new one), and a new spare in the
 * background.
 *
 * @throws {Deno.errors.NotCapable} If the permissions ask for more than
 * this process has, or without --allow-run.
 */
export function startChild(
  options: ChildOptions,
  method: StartMethod,
): ChildProcess {
  if (method === "spawn" || options.limits !== undefined) {
    return new ChildProcess(options);
  }
  const flags = childFlags(options.what, options.permissions);
  const needs = neededModules(options.records, options.calls ?? false);
  const index = spares.findIndex((spare) => fits(spare, flags, needs));
  let child: ChildProcess;
  if (index === -1) child = new ChildProcess(options);
  else {
    child = spares.splice(index, 1)[0]!;
    child.give(options);
    taken++;
  }
  kind = flags;
  refill();
  return child;
}

// Whether `spare` has exactly `flags`, is alive, and can import each
// module of `needs`: one its entry names, or any local one with the whole
// read permission.
function fits(
  spare: ChildProcess,
  flags: readonly string[],
  needs: ReadonlySet<string>,
): boolean {
  if (spare.returncode !== null) return false;
  if (spare.flags.length !== flags.length) return false;
  if (spare.flags.some((flag, i) => flag !== flags[i])) return false;
  const readAll = flags.includes("--allow-read");
  for (const url of needs) {
    if (!spare.modules.has(url) && !(readAll && url.startsWith("file:"))) {
      return false;
    }
  }
  return true;
}

// Starts the missing spares after this turn of the event loop, so that the
// child that took one gets its records first; spares of another kind end.
function refill(): void {
  if (refilling || count === 0) return;
  refilling = true;
  const timer = setTimeout(() => {
    refilling = false;
    fill();
  }, 0);
  Deno.unrefTimer(timer);
}

function fill(): void {
  const flags = kind!;
  const other = spares.filter((spare) =>
    spare.flags.join("\0") !== flags.join("\0")
  );
  if (other.length > 0) {
    spares = spares.filter((spare) => !other.includes(spare));
    end(other);
  }
  while (spares.length < count) {
    let spare: ChildProcess;
    try {
      spare = ChildProcess.spare(flags, spareModules(), spareImports());
    } catch {
      return; // (no --allow-run any more): starts go cold
    }
    spares.push(spare);
    // One that dies idle is dropped; the next start replaces it.
    spare.status.then(() => {
      spares = spares.filter((s) => s !== spare);
    });
  }
}

// What a spare imports ahead: the preloaded modules, then the registered
// ones (see registerModule()), which are where a program's shipped
// functions live: Python's forkserver preloads `__main__`, and with it the
// modules it imports. (The main module itself is not: importing it runs
// its unguarded top level in every spare, where Python's runs once in its
// server; setForkserverPreload() can name it.) A target from one of them
// then runs without waiting for its module (0.5-2 ms measured).
function spareImports(): string[] {
  const urls = [...preloads];
  for (const url of registeredModules()) {
    if (!urls.includes(url)) urls.push(url);
  }
  return urls;
}

// The modules a spare's entry names: those of a pool worker's (the main
// and the registered modules), and the preloaded ones.
function spareModules(): Set<string> {
  const modules = neededModules([], true);
  for (const url of preloads) modules.add(url);
  return modules;
}
