// Copyright 2026 the @skein/concurrent authors. MIT license.
// The flags of this process's own `deno` command line that a child `deno
// run` needs to load the program as this process does: the config file or
// import map, type checking, V8 and unstable flags, the lock file and where
// modules come from; and the items of its permission lists and its denials,
// which the permission API cannot list (it tells whether a permission is
// granted in full, or for one item asked about).
//
// Deno does not show a program its own flags. On Linux they are in
// /proc/<pid>/cmdline, which Deno lets a program read only under
// --allow-all; they are read by FFI, or through `cat` (proc_files.ts). Without
// them a child still gets the config file, found as Deno finds it: from the
// main module's folder up.
import { programMainModule } from "./ship.ts";
import { granted, readProcFile } from "./proc_files.ts";

/** What a child takes from its parent's command line. */
export interface ParentFlags {
  /** Flags for `deno run` that load modules as this process does. */
  readonly run: readonly string[];
  /** The items of each `--allow-NAME=a,b` list, by permission name. */
  readonly allowed: ReadonlyMap<string, readonly string[]>;
  /** The `--deny-*` and `--ignore-*` flags, as given. */
  readonly deny: readonly string[];
  /** Whether a config file was named or turned off (no search needed). */
  readonly config: boolean;
}

const SUBCOMMANDS = new Set(["run", "test", "bench", "eval", "serve"]);
// Subcommands whose first argument that is no flag is the program: what
// follows it is the program's own.
const PROGRAM_FIRST = new Set(["run", "eval", "serve"]);

// Flags a child gets as they are, and which of them take a value in the
// next argument when none follows `=`.
const FORWARD_WITH_VALUE = new Set([
  "--config",
  "--import-map",
  "--node-modules-linker",
  "--cert",
  "--min-dep-age",
  "--location",
  "--seed",
  "--conditions",
  "--log-level",
]);
const FORWARD = new Set([
  "--no-config",
  "--check",
  "--no-check",
  "--no-remote",
  "--no-npm",
  "--node-modules-dir",
  "--vendor",
  "--no-lock",
  "--frozen",
  "--frozen-lockfile",
  "--unsafely-ignore-certificate-errors",
  "--cached-only",
  "--v8-flags",
  "--no-code-cache",
  "--use-env-proxy",
  "--quiet",
]);
// Other flags that take a value in the next argument: skipped with it.
const SKIP_WITH_VALUE = new Set([
  "--ext",
  "--inspect-publish-uid",
  "--preload",
  "--require",
  "--filter",
  "--coverage-threshold",
  "--reporter",
  "--junit-path",
  "--retry",
  "--repeats",
  "--shard",
  "--related",
]);
const SHORT: Record<string, string> = {
  "-c": "--config",
  "-L": "--log-level",
  "-q": "--quiet",
  "-A": "--allow-all",
  "-R": "--allow-read",
  "-W": "--allow-write",
  "-I": "--allow-import",
  "-N": "--allow-net",
  "-E": "--allow-env",
  "-S": "--allow-sys",
};

/**
 * Reads the flags a child needs from a `deno` command line (`argv[0]` is
 * the executable).
 */
export function parseDenoCommandLine(argv: readonly string[]): ParentFlags {
  const run: string[] = [];
  const allowed = new Map<string, string[]>();
  const deny: string[] = [];
  let config = false;
  let i = 1;
  let subcommand = "run";
  if (argv[1] !== undefined && SUBCOMMANDS.has(argv[1])) {
    subcommand = argv[1];
    i = 2;
  }
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") {
      if (PROGRAM_FIRST.has(subcommand)) break;
      continue;
    }
    const equals = arg.indexOf("=");
    const given = equals === -1 ? arg : arg.slice(0, equals);
    const flag = SHORT[given] ?? given;
    let value = equals === -1 ? undefined : arg.slice(equals + 1);
    const next = argv[i + 1];
    if (value === undefined && given.length > 2 && !given.startsWith("--")) {
      // -cdeno.json
      const long = SHORT[given.slice(0, 2)];
      if (long === "--config") {
        run.push(`--config=${given.slice(2)}`);
        config = true;
      }
      continue;
    }
    if (FORWARD_WITH_VALUE.has(flag) || SKIP_WITH_VALUE.has(flag)) {
      if (value === undefined && next !== undefined) value = argv[++i]!;
      if (FORWARD_WITH_VALUE.has(flag) && value !== undefined) {
        run.push(`${flag}=${value}`);
        if (flag === "--config") config = true;
      }
    } else if (flag === "--lock") {
      // Its value is optional and may be the next argument.
      if (value === undefined && next !== undefined && !next.startsWith("-")) {
        value = argv[++i]!;
      }
      run.push(value === undefined ? flag : `${flag}=${value}`);
    } else if (FORWARD.has(flag) || flag.startsWith("--unstable-")) {
      run.push(value === undefined ? flag : `${flag}=${value}`);
      if (flag === "--no-config") config = true;
    } else if (flag.startsWith("--allow-") && value !== undefined) {
      const name = flag.slice("--allow-".length);
      const items = allowed.get(name) ?? [];
      items.push(...value.split(",").filter((item) => item !== ""));
      allowed.set(name, items);
    } else if (flag.startsWith("--deny-") || flag.startsWith("--ignore-")) {
      deny.push(value === undefined ? flag : `${flag}=${value}`);
    }
  }
  return { run, allowed, deny, config };
}

let parent: ParentFlags | undefined;

/**
 * The flags a child of this process gets from it: read from this
 * process's command line where Deno lets it be read, plus the config file
 * Deno found for it when none was named.
 */
export function parentFlags(): ParentFlags {
  if (parent !== undefined) return parent;
  const argv = commandLine();
  const parsed = parseDenoCommandLine(argv ?? []);
  const found = parsed.config ? undefined : findConfig();
  return parent = found === undefined
    ? parsed
    : { ...parsed, run: [...parsed.run, `--config=${found}`], config: true };
}

// This process's command line, on Linux (see proc_files.ts: by FFI, or
// through `cat`). Nothing is asked for that was not granted (no prompt).
function commandLine(): string[] | undefined {
  const text = readProcFile(`/proc/${Deno.pid}/cmdline`);
  if (text === undefined) return undefined;
  const argv = text.split("\0");
  if (argv.at(-1) === "") argv.pop();
  return argv;
}

// The config file Deno uses when none is named: deno.json or deno.jsonc in
// the main module's folder or the nearest folder above it (for a remote
// main module, from the working directory).
function findConfig(): string | undefined {
  const main = programMainModule();
  let folder: URL;
  try {
    folder = main.startsWith("file:")
      ? new URL(".", main)
      : new URL(`file://${Deno.cwd()}/`);
  } catch {
    return undefined; // no read permission for the working directory
  }
  for (;;) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const file = new URL(name, folder);
      const path = decodeURIComponent(file.pathname);
      if (!granted({ name: "read", path })) return undefined;
      try {
        if (Deno.statSync(file).isFile) return path;
      } catch {
        // not here
      }
    }
    const up = new URL("..", folder);
    if (up.href === folder.href) return undefined;
    folder = up;
  }
}
