// Copyright 2026 the @skein/concurrent authors. MIT license.
// Waiting for a child process without the event loop (Linux only): Deno
// reaps children on its event loop, so a blocked thread reads the exit
// from /proc/<pid>/stat instead (see proc_files.ts), polling with a growing
// pause up to 50 ms.
import { Deadline, waitSync } from "./wait.ts";
import { procAccess, readProcFile } from "./proc_files.ts";

const PAUSE_CELL = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks until process `pid` has exited or `timeout` seconds pass; returns
 * its return code (minus the signal that killed it), or `undefined` on
 * timeout. The child is reaped when the event loop next runs. `poll` is
 * called between two looks (a LimitWatch's, whose timers cannot run
 * meanwhile).
 */
export function waitPidSync(
  pid: number,
  timeout: number | undefined,
  poll?: () => void,
): number | undefined {
  if (procAccess() === undefined) {
    throw new Deno.errors.NotCapable(
      `Cannot wait for process ${pid} synchronously: reading /proc needs --allow-ffi or --allow-run=cat`,
    );
  }
  const deadline = new Deadline(timeout);
  let pause = 0.001;
  while (true) {
    poll?.();
    const status = exitStatus(pid);
    if (status !== undefined) {
      const signal = status & 0x7f;
      return signal === 0 ? status >> 8 : -signal;
    }
    const left = deadline.remaining();
    if (left === 0) return undefined;
    waitSync(PAUSE_CELL, 0, 0, Math.min(pause, left ?? pause));
    pause = Math.min(pause * 2, 0.05);
  }
}

/** A finished child's wait status from /proc, or undefined while it runs. */
function exitStatus(pid: number): number | undefined {
  const text = readProcFile(`/proc/${pid}/stat`);
  if (text === undefined) {
    throw new Error(
      `Cannot wait for process ${pid} synchronously: it is gone from /proc and its exit status is unknown`,
    );
  }
  // Fields after the command name (which may contain spaces): state is 3rd,
  // exit_code (the wait status) the 52nd.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  return state === "Z" || state === "X" ? Number(fields[49]) : undefined;
}
