// Copyright 2026 the @skein/concurrent authors. MIT license.
// runSync(): Deno.Command.outputSync() when it can do the job; otherwise
// (input, a timeout, stderr into stdout, limits) run() runs in a worker thread and
// this thread blocks on a SharedArrayBuffer until the worker writes the
// outcome into it, or stops beating (it died: see blocking_call.ts).
import { identCounters, nextIdent } from "../_internal/ident.ts";
import { errorClass } from "../_internal/errors_registry.ts";
import {
  exportRef,
  type FunctionRef,
  programMainModule,
} from "../_internal/ship.ts";
import { awaitWorker, CONTROL_WORDS } from "../_internal/blocking_call.ts";
import { TaskWorker } from "../_internal/worker_pool.ts";
import { CompletedProcess } from "./completed_process.ts";
import { DEVNULL, PIPE, STDOUT } from "./constants.ts";
import type { RunOptions } from "./run.ts";
import { commandLine, type WithoutNone } from "./_spawn.ts";
import { signalNumber } from "../_internal/signals.ts";
import { decodeOutput, encodeInput } from "./_text.ts";
import type { ResourceLimitBreach } from "../_internal/limits.ts";
import { type Command, TimeoutExpired } from "./subprocess_error.ts";

const RUN_FOR_SYNC = exportRef(
  "runForSync",
  new URL("./_run_for_sync.ts", import.meta.url).href,
);
/** The largest outcome (both outputs) a worker can hand back: 1 GiB. */
export const MAX_OUTCOME = 2 ** 30;

/** The outcome the worker writes: a JSON header, then stdout, then stderr. */
export interface SyncOutcome {
  returncode?: number;
  stdout: number | null; // byte lengths, or null when not captured
  stderr: number | null;
  timeout?: number;
  error?: { name: string; message: string };
  limitExceeded?: ResourceLimitBreach | null;
}

/**
 * runSync() of `args`. `workerSide` is the function the worker runs (tests
 * give one whose worker dies).
 *
 * @throws {Error} If the worker thread running the command died.
 */
export function runSyncInWorker(
  args: Command,
  options: WithoutNone<RunOptions>,
  workerSide: FunctionRef = RUN_FOR_SYNC,
): CompletedProcess {
  const { input, captureOutput, timeout, check: _, ...rest } = options;
  const stdout = captureOutput ? PIPE : rest.stdout ?? null;
  const stderr = captureOutput ? PIPE : rest.stderr ?? null;
  if (
    input === undefined && timeout === undefined && stderr !== STDOUT &&
    rest.limits === undefined
  ) {
    return outputSync(args, { ...rest, stdout, stderr });
  }
  const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  const data = new SharedArrayBuffer(0, { maxByteLength: MAX_OUTCOME });
  const worker = TaskWorker.acquire();
  const plain: WithoutNone<RunOptions> = {
    ...rest,
    ...(captureOutput ? { captureOutput } : {}),
    ...(timeout === undefined ? {} : { timeout }),
    ...(input === undefined ? {} : { input: encodeInput(input, options) }),
    ...(rest.cwd === undefined ? {} : { cwd: String(rest.cwd) }),
  };
  // Bytes over the wire; this side decodes text.
  delete plain.text;
  delete plain.encoding;
  delete plain.errors;
  delete plain.universalNewlines;
  worker.run({
    fn: workerSide,
    args: { value: [args, plain, control.buffer, data], marked: false },
    ident: nextIdent(),
    counters: identCounters(),
    mainModule: programMainModule(),
  }).then((reply) => {
    if (reply instanceof Error) {
      // The worker died: do not leave this thread waiting.
      Atomics.store(control, 0, 2);
      Atomics.notify(control, 0);
    } else {
      worker.release();
    }
  });
  // No limit here: the worker's run() enforces the command's timeout.
  if (awaitWorker(control) === "dead") {
    worker.terminate();
    throw new Error(
      `Cannot run command ${
        JSON.stringify(args)
      }: the worker thread running it died`,
    );
  }
  if (Atomics.load(control, 0) === 2) {
    throw new Error("Cannot run command: the worker thread running it died");
  }
  const bytes = new Uint8Array(data);
  const headerLength = Atomics.load(control, 1);
  const outcome = JSON.parse(
    new TextDecoder().decode(bytes.slice(0, headerLength)),
  ) as SyncOutcome;
  let offset = headerLength;
  const take = (length: number | null): string | Uint8Array | null => {
    if (length === null) return null;
    const chunk = bytes.slice(offset, offset + length);
    offset += length;
    return decodeOutput([chunk], options);
  };
  const out = take(outcome.stdout);
  const err = take(outcome.stderr);
  if (outcome.error !== undefined) {
    const cls = errorClass(outcome.error.name) ?? Error;
    const error = Reflect.construct(Error, [outcome.error.message], cls);
    if (error.name !== outcome.error.name) error.name = outcome.error.name;
    throw error;
  }
  if (outcome.timeout !== undefined) {
    throw new TimeoutExpired(args, outcome.timeout, {
      output: out,
      stderr: err,
    });
  }
  return new CompletedProcess(args, outcome.returncode!, out, err, {
    limitExceeded: outcome.limitExceeded ?? null,
  });
}

function outputSync(
  args: Command,
  options: WithoutNone<RunOptions>,
): CompletedProcess {
  const { program, argv } = commandLine(
    args,
    options.shell ?? false,
    options.executable,
  );
  const mode = (value: unknown): "piped" | "null" | "inherit" =>
    value === PIPE ? "piped" : value === DEVNULL ? "null" : "inherit";
  let output: Deno.CommandOutput;
  try {
    output = new Deno.Command(program, {
      args: argv,
      // outputSync cannot write stdin: a PIPE without input is an empty one.
      stdin: options.stdin === PIPE ? "null" : mode(options.stdin),
      stdout: mode(options.stdout),
      stderr: mode(options.stderr),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.env === undefined
        ? {}
        : { env: options.env, clearEnv: true }),
    }).outputSync();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `No such file or directory: '${program}'${
          options.cwd === undefined ? "" : ` (cwd: '${options.cwd}')`
        }`,
        { cause: error },
      );
    }
    throw error;
  }
  const returncode = output.signal === null
    ? output.code
    : -(signalNumber(output.signal) ?? output.code);
  return new CompletedProcess(
    args,
    returncode,
    options.stdout === PIPE ? decodeOutput([output.stdout], options) : null,
    options.stderr === PIPE ? decodeOutput([output.stderr], options) : null,
  );
}
