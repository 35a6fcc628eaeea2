// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of runSync(): runs the command with run() and writes the
// outcome into the caller's SharedArrayBuffers (see _run_sync.ts).
import { run, type RunOptions } from "./run.ts";
import type { SyncOutcome } from "./_run_sync.ts";
import type { Command } from "./subprocess_error.ts";
import { TimeoutExpired } from "./subprocess_error.ts";
import { keepBeating } from "../_internal/blocking_call.ts";

export async function runForSync(
  args: Command,
  options: RunOptions,
  control: SharedArrayBuffer,
  data: SharedArrayBuffer,
): Promise<void> {
  const stopBeating = keepBeating(control);
  try {
    await runInto(args, options, control, data);
  } finally {
    stopBeating();
  }
}

async function runInto(
  args: Command,
  options: RunOptions,
  control: SharedArrayBuffer,
  data: SharedArrayBuffer,
): Promise<void> {
  let outcome: SyncOutcome;
  let stdout: Uint8Array | null = null;
  let stderr: Uint8Array | null = null;
  try {
    const done = await run(args, options);
    stdout = done.stdout;
    stderr = done.stderr;
    outcome = {
      returncode: done.returncode,
      stdout: stdout?.length ?? null,
      stderr: stderr?.length ?? null,
      limitExceeded: done.limitExceeded,
    };
  } catch (error) {
    if (error instanceof TimeoutExpired) {
      stdout = error.output as Uint8Array | null;
      stderr = error.stderr as Uint8Array | null;
      outcome = {
        timeout: error.timeout,
        stdout: stdout?.length ?? null,
        stderr: stderr?.length ?? null,
      };
    } else {
      const { name = "Error", message = String(error) } = error as Error;
      outcome = { error: { name, message }, stdout: null, stderr: null };
    }
  }
  const header = new TextEncoder().encode(JSON.stringify(outcome));
  const length = header.length + (stdout?.length ?? 0) +
    (stderr?.length ?? 0);
  const cell = new Int32Array(control);
  try {
    data.grow(length);
  } catch {
    const tooBig = new TextEncoder().encode(JSON.stringify(
      {
        error: {
          name: "RangeError",
          message:
            `Cannot run command synchronously as its output (${length} bytes) is larger than ${data.maxByteLength} bytes: use run()`,
        },
        stdout: null,
        stderr: null,
      } satisfies SyncOutcome,
    ));
    data.grow(Math.max(data.byteLength, tooBig.length));
    new Uint8Array(data).set(tooBig);
    Atomics.store(cell, 1, tooBig.length);
    Atomics.store(cell, 0, 1);
    Atomics.notify(cell, 0);
    return;
  }
  const bytes = new Uint8Array(data);
  bytes.set(header, 0);
  if (stdout !== null) bytes.set(stdout, header.length);
  if (stderr !== null) bytes.set(stderr, header.length + (stdout?.length ?? 0));
  Atomics.store(cell, 1, header.length);
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
}
