// Copyright 2026 the @skein/concurrent authors. MIT license.
// One child `deno` process running child_main.ts, for multiprocessing's
// Process and futures' ProcessPoolExecutor: frames to it on its stdin,
// marked frames from it on its stdout (its other output passes through to
// this process's stdout), its stderr shared with ours. Its stdin stays open
// while this side lives; the child exits when it closes.
import { frames, readMarkedFrames } from "./frames.ts";
import {
  permissionFlags,
  type ProcessPermissions,
} from "./child_permissions.ts";
import { signalName, signalNumber } from "./signals.ts";
import { parentFlags } from "./deno_flags.ts";
import { mayExportSync, programMainModule, registeredModules } from "./ship.ts";
import { readNeeds } from "./wire_decode.ts";
import { waitPidSync } from "./proc_wait.ts";
import type { ResourceLimitBreach, ResourceLimits } from "./limits.ts";
import { checkEnforceable, LimitWatch } from "./limit_watch.ts";
import { parentWatchModule } from "./parent_watch.ts";

const CHILD_MAIN = new URL("./child_main.ts", import.meta.url).href;
// The same bootstrap bundled in one module (see _tools/bundle_child.ts): a
// cold child loads it in about 1 ms instead of about 7 for its twenty
// TypeScript modules. Spares keep the modules: they load ahead of need,
// and their rehearsal (child_warm.ts) warms the code the bootstrap runs.
const CHILD_BUNDLE = new URL("./child_main.bundle.js", import.meta.url).href;
const SHIP = new URL("./ship.ts", import.meta.url).href;
const WARM = new URL("./child_warm.ts", import.meta.url).href;

// The child's entry module: first the watch on this process (see
// parent_watch.ts: it runs before anything else), then the bundled
// bootstrap, and imports that never run of the modules its calls may name. Deno loads
// an entry's graph, literal dynamic imports included, without asking for
// read permission, as it did this process's; the bootstrap's `import()` of
// them later asks none either. A module that cannot load fails only when it is imported.
function entry(modules: Iterable<string>): string {
  const source = `import ${JSON.stringify(parentWatchModule())};\nimport ${
    JSON.stringify(CHILD_BUNDLE)
  };\n${unrun(modules)}`;
  return `data:application/javascript;base64,${btoa(source)}`;
}

// Imports that never run: they put `modules` in the entry's graph.
function unrun(modules: Iterable<string>): string {
  const imports = [...modules].map((url) => `import(${JSON.stringify(url)});`);
  return `if (false) {\n${imports.join("\n")}\n}\n`;
}

// A spare's entry (see forkserver.ts): the watch, then the `preload`
// modules imported (as a shipped function's module is, so that an
// unguarded main module cannot start processes; one that fails to load is
// skipped, as Python's forkserver skips it), a rehearsal of the decoding
// its first records need (child_warm.ts), then the bootstrap, which waits
// for its first record.
function spareEntry(
  modules: Iterable<string>,
  preload: readonly string[],
): string {
  const source = `import ${
    JSON.stringify(parentWatchModule())
  };\nimport { preload } from ${
    JSON.stringify(SHIP)
  };\nimport { rehearse } from ${JSON.stringify(WARM)};\nawait preload(${
    JSON.stringify(preload)
  });\nawait rehearse();\nawait import(${JSON.stringify(CHILD_MAIN)});\n${
    unrun(modules)
  }`;
  return `data:application/javascript;base64,${btoa(source)}`;
}

/**
 * The modules a child's entry names (see entry()): for a child that runs
 * calls of any function, the main and the registered modules; and those
 * that `records` need.
 */
export function neededModules(
  records: readonly Uint8Array[],
  calls: boolean,
): Set<string> {
  const modules = new Set<string>();
  if (calls) {
    for (const url of [...registeredModules(), programMainModule()]) {
      modules.add(url);
    }
  }
  for (const record of records) {
    const needs = readNeeds(record);
    for (const { module } of needs?.shared ?? []) modules.add(module);
    for (const { modules: urls, name } of needs?.fns ?? []) {
      // The child looks in each until one exports the function, and into
      // the main module only if its source may (see ship.ts).
      for (const url of urls) {
        if (url !== programMainModule() || mayExportSync(url, name)) {
          modules.add(url);
        }
      }
    }
  }
  return modules;
}

// Whether this process's stdout still takes output: once a write fails
// (its reader has gone), children's output is dropped, and their frames
// are still read.
let stdoutOpen = true;

// Passes a child's output to this process's stdout, as it was read: one
// write of the child (read whole from the pipe) is one write here. The
// write is asynchronous, so a stdout that is slow to drain holds back the
// child that writes (it stops being read), not this process; Python's
// child writes to the same file and blocks alike. (Deno's stdout is line
// buffered: bytes that follow the last newline of a chunk leave in a
// second write, right after the first.)
async function toStdout(bytes: Uint8Array): Promise<void> {
  if (!stdoutOpen) return;
  try {
    for (let done = 0; done < bytes.length;) {
      done += await Deno.stdout.write(bytes.subarray(done));
    }
  } catch {
    stdoutOpen = false;
  }
}

/** How to start a child. */
export interface ChildOptions {
  /** What is being done, for error messages ("start process"). */
  readonly what: string;
  readonly permissions?: ProcessPermissions | undefined;
  /** The records to send first (frames are made of them). */
  readonly records: readonly Uint8Array[];
  /**
   * Whether calls of any function follow (a pool's worker), so that the
   * main and the registered modules load with the child.
   */
  readonly calls?: boolean;
  /** Called with each record the child sends. */
  readonly onRecord?: (record: Uint8Array) => void;
  /** Its limits, checked by checkLimits() (any of CHILD_LIMIT_KINDS). */
  readonly limits?: ResourceLimits | undefined;
  /** The ValueError of a limit this process cannot enforce. */
  readonly valueError?: new (message: string) => Error;
}

// The `run` flags with V8's heap limit added to the --v8-flags (Deno takes
// one --v8-flags; of two, the last counts).
function withHeapLimit(
  run: readonly string[],
  heapMb: number | undefined,
): readonly string[] {
  if (heapMb === undefined) return run;
  const flag = `--max-old-space-size=${Math.ceil(heapMb)}`;
  const index = run.findIndex((arg) => arg.startsWith("--v8-flags="));
  if (index === -1) return [...run, `--v8-flags=${flag}`];
  return run.with(index, `${run[index]},${flag}`);
}

/**
 * The arguments of a child's `deno` before its entry: `run`, the flags
 * that load modules as this process does (with V8's heap limit of
 * `heapMb`), and the permission flags.
 *
 * @throws {Deno.errors.NotCapable} If the permissions ask for more than
 * this process has.
 */
export function childFlags(
  what: string,
  permissions: ProcessPermissions | undefined,
  heapMb?: number,
): string[] {
  const flags = permissionFlags(what, permissions);
  return [
    "run",
    "--no-prompt",
    ...withHeapLimit(parentFlags().run, heapMb),
    ...flags,
  ];
}

/** What a started child is given: its records and where its answers go. */
export interface ChildTask {
  /** The records to send first (frames are made of them). */
  readonly records: readonly Uint8Array[];
  /** Called with each record the child sends. */
  readonly onRecord?: ((record: Uint8Array) => void) | undefined;
}

/** What a spare child is started with (see ChildProcess.spare()). */
interface SpareOptions {
  readonly flags: readonly string[];
  readonly modules: ReadonlySet<string>;
  readonly preload: readonly string[];
}

/** A running child process and its channel. */
export class ChildProcess {
  readonly pid: number;
  /** Settles with the return code (minus the signal) when it exits. */
  readonly status: Promise<number>;
  /** The arguments it was started with, before its entry. */
  readonly flags: readonly string[];
  /** The modules its entry names (see neededModules()). */
  readonly modules: ReadonlySet<string>;
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #returncode: number | null = null;
  #sent = false;
  #given = false;
  #breach: ResourceLimitBreach | undefined;
  #watch: LimitWatch | undefined;
  #onRecord: (record: Uint8Array) => void = () => {};

  /**
   * Starts the child and sends it `records`.
   *
   * @throws {Deno.errors.NotCapable} If the permissions ask for more than
   * this process has, or without --allow-run.
   */
  constructor(options: ChildOptions);
  constructor(options: ChildOptions, spare: SpareOptions);
  constructor(options: ChildOptions, spare?: SpareOptions) {
    const { limits } = options;
    let flags: readonly string[];
    let modules: ReadonlySet<string>;
    let main: string;
    if (spare === undefined) {
      flags = childFlags(options.what, options.permissions, limits?.heapMb);
      checkEnforceable(options.what, limits, options.valueError ?? RangeError);
      modules = neededModules(options.records, options.calls ?? false);
      main = entry(modules);
    } else {
      ({ flags, modules } = spare);
      main = spareEntry(modules, spare.preload);
    }
    this.#child = new Deno.Command(Deno.execPath(), {
      args: [...flags, main],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.pid = this.#child.pid;
    this.flags = flags;
    this.modules = modules;
    const watch = this.#watch = limits === undefined
      ? undefined
      : new LimitWatch(this.pid, limits, () => this.kill("SIGKILL"));
    this.#writer = this.#child.stdin.getWriter();
    const reading = readMarkedFrames(
      this.#child.stdout,
      (record) => this.#onRecord(record),
      toStdout,
    ).catch(() => {});
    this.status = this.#child.status.then(async (status) => {
      this.#breach = watch?.ended(status.signal);
      // Every record is delivered before the exit is (unless a grandchild
      // holds the pipe open after the child is gone: then the exit is
      // reported after a second). The bound is wide because a loaded
      // machine may take a while to drain what the child wrote last.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        reading,
        new Promise((resolve) => timer = setTimeout(resolve, 1000)),
      ]);
      clearTimeout(timer);
      this.#writer.close().catch(() => {});
      return this.#returncode = status.signal === null
        ? status.code
        : -(signalNumber(status.signal) ?? status.code);
    });
    if (spare === undefined) this.give(options);
    else this.setRef(false);
  }

  /**
   * Starts a spare child (see forkserver.ts) with `flags` (see
   * childFlags()), whose entry names `modules` and imports `preload`: it
   * bootstraps and waits for its first records, which give() sends. It
   * does not keep this process alive.
   */
  static spare(
    flags: readonly string[],
    modules: ReadonlySet<string>,
    preload: readonly string[],
  ): ChildProcess {
    return new ChildProcess({ what: "start a spare process", records: [] }, {
      flags,
      modules,
      preload,
    });
  }

  /**
   * Sends the child its first records and takes its answers; once, on a
   * spare (the constructor gives a child started for a task its own). A
   * spare given its task keeps this process alive, as any child does,
   * until setRef(false).
   */
  give(task: ChildTask): void {
    if (this.#given) throw new Error("a child is given one task");
    this.#given = true;
    this.#onRecord = task.onRecord ?? (() => {});
    this.setRef(true);
    this.#writer.write(frames(task.records))
      .then(() => this.#sent = true, () => {});
  }

  /** Whether it was given its first records (give()). */
  get given(): boolean {
    return this.#given;
  }

  /** Closes its input: a child waiting for records exits. */
  close(): void {
    this.#writer.close().catch(() => {});
  }

  /** The return code once the child has exited, else `null`. */
  get returncode(): number | null {
    return this.#returncode;
  }

  /**
   * The limit the child exceeded, and the usage seen, once it has exited
   * because of it; else `undefined`.
   */
  get breach(): ResourceLimitBreach | undefined {
    return this.#breach;
  }

  /** Whether the first records have been written to the child. */
  get sent(): boolean {
    return this.#sent;
  }

  /**
   * Sends more records, in one write. A child that has exited cannot take it; its
   * exit is reported by `status`, so the failed write is not an error.
   */
  send(...records: Uint8Array[]): Promise<void> {
    return this.#writer.write(frames(records)).catch(() => {});
  }

  /** Sends `signal`; nothing once the child has exited. */
  kill(signal: Deno.Signal): void {
    if (this.#returncode !== null) return;
    try {
      this.#child.kill(signal);
    } catch (error) {
      // It exited meanwhile, before the event loop noticed.
      if (!(error instanceof TypeError)) throw error;
    }
  }

  /** Whether the child keeps this process alive. */
  setRef(ref: boolean): void {
    if (this.#returncode !== null) return;
    try {
      if (ref) this.#child.ref();
      else this.#child.unref();
    } catch (error) {
      // It exited meanwhile, before the event loop noticed (a spare
      // killed while idle): Deno has freed its resource.
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  }

  /**
   * Blocks until the child exits or `timeout` seconds pass (Linux only);
   * its return code, or `undefined` on timeout.
   */
  waitSync(timeout: number | undefined): number | undefined {
    if (this.#returncode !== null) return this.#returncode;
    const watch = this.#watch;
    const code = waitPidSync(this.pid, timeout, watch && (() => watch.poll()));
    if (code !== undefined) {
      const signal = code < 0 ? signalName(-code) ?? null : null;
      this.#breach = watch?.ended(signal);
      this.#returncode = code;
    }
    return code;
  }
}
