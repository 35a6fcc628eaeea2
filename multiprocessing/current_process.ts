// Copyright 2026 the @skein/concurrent authors. MIT license.
import { currentIdentity } from "../_internal/process_identity.ts";
import { customInspect, pyRepr } from "../_internal/py_repr.ts";

/**
 * A process as {@linkcode currentProcess} and {@linkcode parentProcess}
 * see it. `String()` and `console.log` give Python's repr:
 * `<_MainProcess name='MainProcess' parent=None started>`.
 */
export interface ProcessInfo {
  /** Its name: `"MainProcess"` for the program Deno ran. */
  readonly name: string;
  /** Its process id. */
  readonly pid: number;
  /** Whether it is a daemon. */
  readonly daemon: boolean;
  /** Its process id, as Python's `ident`. */
  readonly ident: number;
  /** `null`: a process that can ask is still running. */
  readonly exitcode: null;
  /**
   * Python's `authkey`: 32 random bytes made by the main process and
   * inherited by its children (a manager's default key).
   */
  readonly authkey: Uint8Array;
  /**
   * Whether it is running: `true`, as a process that can ask is (and a
   * child whose parent ended exits).
   */
  isAlive(): boolean;
}

function info(
  name: string,
  pid: number,
  daemon: boolean,
  authkey: Uint8Array,
  repr: string,
): ProcessInfo {
  // Python's repr, in String() and console.log (which so shows no authkey).
  const process = {
    name,
    pid,
    daemon,
    ident: pid,
    exitcode: null,
    authkey,
    isAlive: () => true,
    toString: () => repr,
  };
  Object.defineProperty(process, customInspect, { value: () => repr });
  return process;
}

/**
 * This process, as Python's `current_process()`: `"MainProcess"`, or in a
 * child the name its parent gave it.
 *
 * @example Usage
 * ```ts
 * import { currentProcess } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(currentProcess().name, "MainProcess");
 * assert.equal(currentProcess().pid, Deno.pid);
 * ```
 *
 * @returns The name, pid and daemon flag of this process.
 */
export function currentProcess(): ProcessInfo {
  const me = currentIdentity();
  // Python's: `<_MainProcess name='MainProcess' parent=None started>`, in
  // a child `<Process name='Process-1' parent=1200 started>`.
  const kind = me.parentPid === null ? "_MainProcess" : "Process";
  return info(
    me.name,
    Deno.pid,
    me.daemon,
    me.authkey,
    `<${kind} name=${pyRepr(me.name)} parent=${me.parentPid ?? "None"} started${
      me.daemon ? " daemon" : ""
    }>`,
  );
}

/**
 * The parent of this process, as Python's `parent_process()`: `null` in
 * the main process.
 *
 * @example Usage
 * ```ts
 * import { parentProcess } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parentProcess(), null);
 * ```
 *
 * @returns The parent's name and pid, or `null`.
 */
export function parentProcess(): ProcessInfo | null {
  const me = currentIdentity();
  if (me.parentPid === null) return null;
  return info(
    me.parentName!,
    me.parentPid,
    false,
    me.authkey,
    `<_ParentProcess name=${pyRepr(me.parentName)} parent=None unknown>`,
  );
}
