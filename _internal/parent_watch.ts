// Copyright 2026 the @skein/concurrent authors. MIT license.
// A child process ends within a second of its parent's death, even while
// its main thread spins or blocks (Atomics.wait): its bootstrap notices the
// parent's death by its stdin closing, but only when its event loop runs.
// Every kind of child (Process, pool and executor workers, manager servers)
// loads this module first, by its entry (see child_process.ts).
//
// - Linux's PR_SET_PDEATHSIG (SIGKILL), set through FFI, where it is safe.
//   The kernel sends it when the parent *thread* that spawned the child
//   exits, not the parent process: so only when that thread runs its
//   runtime's main isolate, not a Worker (a child spawned from a worker
//   thread would die with that thread, where Deno leaves a child it does
//   not hold running: a daemon, an idle pool worker). Under `deno run` that
//   is the process's main thread; under `deno test` and `deno bench` each
//   module runs on a thread of its own that ends with its tests, when Deno
//   kills the children it holds anyway, and a child still running then is
//   a leak. The parent tells the child which. getppid() is read again once
//   the signal is set: a parent that died before is never signalled for.
// - Otherwise (spawned from a Worker, no --allow-ffi, not Linux), a
//   watchdog: a Web Worker, whose thread runs while the main one is busy,
//   polls Deno.ppid every WATCH_MS and kills this process once it is no
//   longer the parent's pid (an orphan is re-parented to init or to a
//   subreaper). Deno (2.9) lets a process signal itself without
//   --allow-run; `Deno.exit()` in a worker would end only the worker.
//   A Web Worker starts in ~10 ms where a node:worker_threads one (which
//   can be unref'd) needs ~70 ms more to load Node's compatibility layer;
//   a Web Worker holds the event loop open, but the bootstrap always ends
//   by Deno.exit(), so the watchdog never keeps a child alive by itself.

/** How often, in milliseconds, the watchdog looks at the parent's pid. */
export const WATCH_MS = 100;

const PR_SET_PDEATHSIG = 1;
const SIGKILL = 9;

/** How a child watches its parent. */
export type ParentWatchKind = "pdeathsig" | "watchdog";

/** A running watch; `stop()` ends the watchdog's thread (if any). */
export interface ParentWatch {
  readonly kind: ParentWatchKind;
  stop(): void;
}

function ffiGranted(): boolean {
  return Deno.build.os === "linux" &&
    Deno.permissions.querySync({ name: "ffi" }).state === "granted";
}

let watching: ParentWatchKind | undefined;

/** How this process watches its parent (`undefined`: it does not). */
export function parentWatchKind(): ParentWatchKind | undefined {
  return watching;
}

/**
 * Whether this code runs in its runtime's main isolate, not in a Worker
 * (Web or node:worker_threads, whose global scope posts messages): a child
 * spawned here may die with this thread (see above).
 */
export function inMainIsolate(): boolean {
  return typeof (globalThis as { postMessage?: unknown }).postMessage !==
    "function";
}

/**
 * The source of a module that, imported first by a child this thread is
 * about to spawn, makes the child watch this process.
 */
export function parentWatchModule(): string {
  const source = `import { watchParent } from ${
    JSON.stringify(import.meta.url)
  };\nwatchParent(${Deno.pid}, ${inMainIsolate()});\n`;
  return `data:application/javascript;base64,${btoa(source)}`;
}

function killSelf(): void {
  Deno.kill(Deno.pid, "SIGKILL");
}

// Whether the kernel now kills this process with the parent's thread.
function armDeathSignal(): boolean {
  if (!ffiGranted()) return false;
  try {
    const lib = Deno.dlopen("libc.so.6", {
      prctl: {
        parameters: ["i32", "u64", "u64", "u64", "u64"],
        result: "i32",
      },
    });
    const result = lib.symbols.prctl(
      PR_SET_PDEATHSIG,
      BigInt(SIGKILL),
      0n,
      0n,
      0n,
    );
    lib.close();
    return result === 0;
  } catch {
    return false;
  }
}

// The watchdog's thread. Should Deno refuse the signal (an older Deno),
// it asks the main thread to exit, which happens when its loop next runs.
function watchdogSource(parentPid: number): string {
  return `setInterval(() => {
  if (Deno.ppid === ${parentPid}) return;
  try {
    Deno.kill(Deno.pid, "SIGKILL");
  } catch {
    postMessage("orphaned");
  }
}, ${WATCH_MS});\n`;
}

/**
 * Makes this process end (SIGKILL) soon after process `parentPid` does,
 * whatever its main thread is doing. `spawnedByMainIsolate` tells whether
 * the parent spawned it from its main isolate (see inMainIsolate()).
 */
export function watchParent(
  parentPid: number,
  spawnedByMainIsolate: boolean,
): ParentWatch {
  if (spawnedByMainIsolate && armDeathSignal()) {
    if (Deno.ppid !== parentPid) killSelf();
    watching = "pdeathsig";
    return { kind: watching, stop(): void {} };
  }
  if (Deno.ppid !== parentPid) killSelf();
  const url = `data:application/javascript;base64,${
    btoa(watchdogSource(parentPid))
  }`;
  const worker = new Worker(url, { type: "module" });
  worker.onmessage = () => Deno.exit(1);
  watching = "watchdog";
  return {
    kind: watching,
    stop(): void {
      worker.terminate();
      watching = undefined;
    },
  };
}
