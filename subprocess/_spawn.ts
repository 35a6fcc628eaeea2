// Copyright 2026 the @skein/concurrent authors. MIT license.
// From Python's Popen arguments to a running Deno.ChildProcess: the program
// and its arguments, the standard streams, and the errors Python raises.
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { DEVNULL, PIPE, STDOUT } from "./constants.ts";
import type { Command } from "./subprocess_error.ts";
import { checkLimits, type ResourceLimits } from "../_internal/limits.ts";
import {
  checkEnforceable,
  PROGRAM_LIMIT_KINDS,
} from "../_internal/limit_watch.ts";
import {
  type WithoutNone as WithoutNoneIn,
  withoutNone as dropNone,
} from "../_internal/none.ts";

/** Where a standard stream of the child goes. */
export type Stdio = typeof PIPE | typeof DEVNULL | null | undefined;

/** The options of Popen that decide how the child starts. */
export interface SpawnOptions {
  stdin?: Stdio | ReadableStream<Uint8Array>;
  stdout?: Stdio;
  stderr?: Stdio | typeof STDOUT;
  shell?: boolean;
  cwd?: string | URL;
  env?: Record<string, string>;
  executable?: string;
  startNewSession?: boolean;
}

/**
 * The options whose Python default is None, and where `null` (None) means
 * the same as leaving them out; `stdin`, `stdout` and `stderr` take `null`
 * too, and keep it (inherit).
 */
const NONE_IS_OMITTED = [
  "cwd",
  "env",
  "executable",
  "text",
  "encoding",
  "errors",
  "universalNewlines",
  "input",
  "timeout",
] as const;

/** Options `T` once withoutNone() has dropped their `null`s. */
export type WithoutNone<T> = WithoutNoneIn<
  T,
  typeof NONE_IS_OMITTED[number]
>;

/**
 * A copy of `options` without the `null`s that mean Python's None (see
 * NONE_IS_OMITTED), so the rest of the module sees only omitted options.
 */
export function withoutNone<T extends object>(options: T): WithoutNone<T> {
  return dropNone(options, NONE_IS_OMITTED);
}

/** The program and its arguments, checked and with `shell` applied. */
export function commandLine(
  args: Command,
  shell: boolean,
  executable: string | undefined,
): { program: string; argv: string[] } {
  let list: string[];
  if (typeof args === "string") {
    list = [args];
  } else if (Array.isArray(args)) {
    list = args.map((arg, index) => {
      if (typeof arg !== "string") {
        throw new TypeError(
          `Cannot run command as 'args[${index}]' must be a string: received ${
            describe(arg)
          }`,
        );
      }
      return arg;
    });
  } else {
    throw new TypeError(
      `Cannot run command as 'args' must be a string or an array of strings: received ${
        describe(args)
      }`,
    );
  }
  if (list.length === 0) {
    throw new ValueError("Cannot run command as 'args' is empty");
  }
  if (shell) {
    return { program: executable ?? "/bin/sh", argv: ["-c", ...list] };
  }
  // Deno cannot set argv[0] apart from the program: with `executable`, the
  // executable runs and args[0] is dropped.
  return { program: executable ?? list[0]!, argv: list.slice(1) };
}

function stdio(
  name: string,
  value: unknown,
  allowStdout: boolean,
): "piped" | "null" | "inherit" {
  if (value === undefined || value === null) return "inherit";
  if (value === PIPE) return "piped";
  if (value === DEVNULL) return "null";
  if (allowStdout && value === STDOUT) return "piped";
  throw new TypeError(
    `Cannot run command as '${name}' must be PIPE, DEVNULL${
      allowStdout ? ", STDOUT" : ""
    } or null: received ${describe(value)}`,
  );
}

/**
 * The `limits` option, checked: a ValueError or TypeError names the key
 * that is wrong, or cannot be enforced for a program (`heapMb`) or here.
 */
export function checkPopenLimits(limits: unknown): ResourceLimits | undefined {
  const checked = checkLimits(
    "run command",
    limits,
    PROGRAM_LIMIT_KINDS,
    "a program that is not a child deno (heapMb is V8's: see multiprocessing.Process)",
    ValueError,
  );
  checkEnforceable("run command", checked, ValueError);
  return checked;
}

/** Starts the child; a missing program or cwd is NotFound naming it. */
export function spawn(
  args: Command,
  options: SpawnOptions,
): Deno.ChildProcess {
  const { shell = false, cwd, env, executable, startNewSession = false } =
    options;
  const { program, argv } = commandLine(args, shell, executable);
  const stdinIsStream = options.stdin instanceof ReadableStream;
  const stdinMode = stdinIsStream
    ? "piped"
    : stdio("stdin", options.stdin, false);
  const stdoutMode = stdio("stdout", options.stdout, false);
  let stderrMode = stdio("stderr", options.stderr, true);
  // stderr into stdout: nothing to pipe when stdout goes nowhere.
  if (options.stderr === STDOUT && options.stdout === DEVNULL) {
    stderrMode = "null";
  }
  try {
    return new Deno.Command(program, {
      args: argv,
      stdin: stdinMode,
      stdout: stdoutMode,
      stderr: stderrMode,
      ...(cwd === undefined ? {} : { cwd }),
      ...(env === undefined ? {} : { env, clearEnv: true }),
      ...(startNewSession ? { detached: true } : {}),
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      const missingCwd = /cwd/i.test(error.message) && cwd !== undefined;
      throw new Deno.errors.NotFound(
        missingCwd
          ? `No such file or directory: '${cwd}' (the cwd of '${program}')`
          : `No such file or directory: '${program}'${
            cwd === undefined ? "" : ` (cwd: '${cwd}')`
          }`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** One stream that yields the chunks of both, as they arrive. */
export function merge(
  a: ReadableStream<Uint8Array>,
  b: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const readers = [a.getReader(), b.getReader()];
  return new ReadableStream({
    start(controller): void {
      let open = readers.length;
      for (const reader of readers) {
        (async () => {
          while (true) {
            const { done, value } = await reader.read();
            if (done) break;
            controller.enqueue(value);
          }
          if (--open === 0) controller.close();
        })().catch((error) => controller.error(error));
      }
    },
    async cancel(reason): Promise<void> {
      await Promise.all(readers.map((reader) => reader.cancel(reason)));
    },
  });
}

/**
 * Feeds `source` to `sink` (a pipeline's second child's stdin) until the
 * source ends, then closes the sink. A write that fails (the child closed
 * its stdin) or `stop` settling (the child exited) cancels the source
 * instead, which closes this process's read end at once, a read in
 * flight included (`pipeTo`'s abort leaves that end open until the
 * pending read returns): the writer then gets SIGPIPE at its next write.
 */
export async function relay(
  source: ReadableStream<Uint8Array>,
  sink: WritableStream<Uint8Array>,
  stop: Promise<unknown>,
): Promise<void> {
  const reader = source.getReader();
  const writer = sink.getWriter();
  let cancelling: Promise<void> | undefined;
  let finished = false;
  stop.then(() => {
    if (!finished) cancelling = cancel(reader);
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await writer.write(value);
    }
  } catch {
    // The child closed its stdin, or the source failed.
    finished = true;
    await cancel(reader);
    await writer.abort().catch(() => {});
    return;
  }
  finished = true;
  await writer.close().catch(() => {});
  await cancelling;
}

// Cancels `reader`'s stream, and lets the event loop turn once, in which
// Deno ends the read in flight and so closes the pipe's read end.
async function cancel(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<void> {
  await reader.cancel().catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 0));
}
