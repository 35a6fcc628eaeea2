// Copyright 2026 the @skein/concurrent authors. MIT license.
import { timeoutOptions } from "../_internal/keywords.ts";
import { encodeBytes } from "../_internal/wire_encode.ts";
import {
  BOOTSTRAPPING,
  isImportingForShipping,
  programMainModule,
  registeredModules,
} from "../_internal/ship.ts";
import {
  type InstanceCall,
  rebuildInstance,
} from "../_internal/process_instance.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import {
  Lifecycle,
  type LifecycleKind,
  type TargetOptions,
} from "../_internal/lifecycle.ts";
import type {
  ResourceLimitBreach,
  ResourceLimits,
} from "../_internal/limits.ts";
import {
  checkEnforceable,
  CHILD_LIMIT_KINDS,
} from "../_internal/limit_watch.ts";
import { hold, release } from "../_internal/wait.ts";
import type { ChildProcess } from "../_internal/child_process.ts";
import { startChild } from "../_internal/forkserver.ts";
import { startMethodOf } from "../_internal/start_method.ts";
import type { ChildHeader } from "../_internal/child_main.ts";
import type { ProcessPermissions } from "../_internal/child_permissions.ts";
import {
  currentIdentity,
  nextIdentity,
} from "../_internal/process_identity.ts";
import { RuntimeError, ValueError } from "../errors.ts";
import { takeMoved } from "../_internal/portable.ts";
import {
  ownerExited,
  routeRecord,
  routeTo,
} from "../_internal/process_links.ts";
import { decodeBytes } from "../_internal/wire_decode.ts";
import { customInspect, pyRepr } from "../_internal/py_repr.ts";
import { signalName } from "../_internal/signals.ts";
import { Connection } from "./connection/connection.ts";
import { childHasFfi, movingTo } from "./connection/_pipe_transport.ts";

/**
 * Options of {@linkcode Process}, as Python's keyword arguments: the target
 * runs in the child, with copies of `args`.
 *
 * @typeParam A The argument types of `target`.
 */
export interface ProcessOptions<A extends unknown[] = unknown[]>
  extends TargetOptions<A> {
  /**
   * The child's Deno permissions: by default what this process was
   * granted (and denied); never more (asking for more throws at `start`).
   */
  permissions?: ProcessPermissions;
  /**
   * What the child may use (Linux): `heapMb` (V8's heap, as
   * `--max-old-space-size`: past it V8 ends the child with a fatal
   * out-of-memory, SIGTRAP), `memoryMb` (its resident memory, sampled from
   * `/proc`: past it the child is killed), `cpuSeconds` (RLIMIT_CPU, whole
   * seconds rounded up: SIGXCPU) and `wallSeconds` (killed when it runs
   * longer). `exitcode` stays Python's (minus the signal); `endReason`
   * says which limit ended it. `null` is the same as omitted.
   */
  limits?: ResourceLimits | null;
}

/**
 * Why a child process ended ({@linkcode Process.endReason}): it exited
 * with a `code` (0 for a normal exit, 1 after an uncaught exception), it
 * was ended by a `signal` (by name, as `"SIGTERM"`, with its number), or
 * it exceeded one of its `limits` (which one, its value and the usage
 * seen; it was then killed, or ended by V8 or the kernel).
 */
export type ProcessEndReason =
  | { readonly kind: "exit"; readonly code: number }
  | {
    readonly kind: "signal";
    readonly signal: string;
    readonly number: number;
  }
  | { readonly kind: "limit"; readonly breach: ResourceLimitBreach };

/** Options of {@linkcode Process.prototype.join}. */
export interface ProcessJoinOptions {
  /**
   * Seconds to wait at most; then `join` returns with the child running.
   * Forever when omitted or `null` (Python's None).
   */
  timeout?: number | null;
}

// deno-lint-ignore no-explicit-any
const children = new Set<Process<any>>();
let exitHook = false;

// Python's messages, and the limits a child can take.
const PROCESS: LifecycleKind = {
  noun: "Process",
  startedTwice: "cannot start a process twice",
  notStarted: "can only join a started process",
  daemonOfStarted: "process has already started",
  importer: "the child",
  limitKinds: CHILD_LIMIT_KINDS,
  limitPlace: "a process",
  RuntimeError,
  ValueError,
};

/**
 * A child process running a function, as Python's
 * `multiprocessing.Process`, started by the start method in use (see
 * {@linkcode setStartMethod}; `SpawnProcess` and `ForkServerProcess` fix
 * theirs): with "spawn", `start()` runs `Deno.execPath()` on a bootstrap
 * module that imports the target's module and calls it with copies of
 * `args`; with "forkserver", a spare child that has already bootstrapped
 * gets the target (see {@linkcode setForkserverSpares}). The child gets this process's
 * permissions (or fewer), its `console` output goes to the same terminal,
 * and it never outlives this process: a daemon is terminated when this
 * process exits, and any child exits when its parent is gone.
 *
 * `exitcode` is Python's: 0, 1 after an uncaught exception (printed by the
 * child as `Process NAME:` and the stack), the code given to `Deno.exit`,
 * or minus the signal that killed it.
 *
 * With `limits` (see {@linkcode ProcessOptions.limits}) the child is ended
 * when it exceeds its heap, resident memory, CPU time or running time;
 * `endReason` then names the limit, its value and the usage seen.
 *
 * @example Run a function in a child process
 * ```ts
 * import { Process } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const p = new Process({
 *   target: (code: number) => Deno.exit(code),
 *   args: [3],
 * });
 * p.start();
 * await p.join();
 * assert.equal(p.exitcode, 3);
 * ```
 *
 * @typeParam A The types of the target's arguments.
 */
export class Process<A extends unknown[] = unknown[]> {
  #life: Lifecycle;
  #identity: number[];
  #permissions: ProcessPermissions | undefined;
  #child: ChildProcess | undefined;
  #status: Promise<number> | undefined;
  #closed = false;
  #authkey: Uint8Array = currentIdentity().authkey;

  /**
   * Makes a process; `start()` runs it.
   *
   * @param options The target, its arguments, name, daemon flag,
   * permissions and limits.
   * @throws {TypeError} If an option has the wrong type.
   * @throws {ValueError} If a limit is not a number > 0, or cannot be
   * enforced here (not Linux, or without --allow-ffi for `cpuSeconds`).
   */
  constructor(options: ProcessOptions<A> = {}) {
    const identity = nextIdentity();
    // Python names a process after its class: Process-1, SpawnProcess-2.
    const kind = new.target.name || "Process";
    this.#life = new Lifecycle(PROCESS, options, {
      name: () => `${kind}-${identity.join(":")}`,
      daemon: currentIdentity().daemon,
    });
    checkEnforceable("create Process", this.#life.limits, ValueError);
    this.#identity = identity;
    this.#permissions = options.permissions;
  }

  /** The name, used in messages; any string. */
  get name(): string {
    return this.#life.name;
  }

  set name(name: string) {
    this.#life.name = name;
  }

  /** Whether the child is a daemon; settable before `start()` only. */
  get daemon(): boolean {
    return this.#life.daemon;
  }

  set daemon(daemon: boolean) {
    this.#life.daemon = daemon;
  }

  /**
   * The child's process id once started, else `null` (Python's `pid`).
   *
   * @throws {ValueError} After `close()`.
   */
  get pid(): number | null {
    this.#checkClosed();
    return this.#child?.pid ?? null;
  }

  /**
   * Python's `authkey`: by default this process's (see
   * {@linkcode currentProcess}), which the child gets as its own.
   */
  get authkey(): Uint8Array {
    return this.#authkey;
  }

  set authkey(authkey: Uint8Array) {
    if (!(authkey instanceof Uint8Array)) {
      throw this.#life.optionError("authkey", "a Uint8Array", authkey);
    }
    this.#authkey = authkey.slice();
  }

  /** The same as `pid`, as Python's `ident`. */
  get ident(): number | null {
    return this.pid;
  }

  /**
   * The child's exit code once it has exited (negative: the signal that
   * killed it), else `null`.
   */
  get exitcode(): number | null {
    this.#checkClosed();
    return this.#child?.returncode ?? null;
  }

  /**
   * Why the child ended, once it has: an exit code, a signal, or the limit
   * it exceeded (see {@linkcode ProcessEndReason}); `null` before. A child
   * ended for a limit has an `exitcode` too: minus the signal that ended
   * it (-9 when killed, -24 for SIGXCPU, -5 for V8's fatal out-of-memory).
   *
   * @example A child past its wall-clock limit
   * ```ts
   * import { Process } from "@skein/concurrent/multiprocessing";
   * import assert from "node:assert/strict";
   *
   * const p = new Process({
   *   target: () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0),
   *   limits: { wallSeconds: 0.5 },
   * });
   * p.start();
   * await p.join();
   * assert.equal(p.exitcode, -9);
   * assert.equal(p.endReason?.kind, "limit");
   * ```
   *
   * @throws {ValueError} After `close()`.
   */
  get endReason(): ProcessEndReason | null {
    this.#checkClosed();
    const child = this.#child;
    const code = child?.returncode ?? null;
    if (code === null) return null;
    const breach = child!.breach;
    if (breach !== undefined) return { kind: "limit", breach };
    if (code >= 0) return { kind: "exit", code };
    return { kind: "signal", signal: signalName(-code) ?? "?", number: -code };
  }

  /**
   * Settles when the child exits, with its exit code: Python's `sentinel`
   * is a file descriptor that becomes ready then, for
   * `multiprocessing.connection.wait()`; this is a promise, which this
   * package's `wait()` takes beside connections.
   *
   * @throws {ValueError} If the process was not started, or is closed.
   */
  get sentinel(): Promise<number> {
    this.#checkClosed();
    if (this.#status === undefined) {
      throw new ValueError("process not started");
    }
    return this.#awaited();
  }

  // The exit status, holding the event loop open meanwhile: a daemon
  // child is unref'd, and awaiting it alone would not.
  #awaited(): Promise<number> {
    if (!this.daemon || this.#child!.returncode !== null) return this.#status!;
    hold();
    return this.#status!.finally(release);
  }

  /**
   * What the child runs: `target(...args, kwargs?)`. A subclass may
   * override it, as in Python: export the subclass (the child imports it),
   * and the child calls `run()` on an instance with the same own fields
   * (private `#fields` do not cross). A pipe's `Connection` among them
   * moves to the child, as one in `args` does: keep the end this process
   * uses out of the object (Python's child gets a copy of both ends).
   */
  run(): unknown {
    return this.#life.run();
  }

  /**
   * Starts the child process. Its target and arguments reach it through
   * this process's event loop: a `...Sync` wait (an `Event.waitSync()`,
   * say) right after `start()` blocks that loop before they are sent, and
   * so waits for a child that cannot begin. Await something first, or use
   * the async form.
   *
   * @throws {RuntimeError} If it was started before, or while a module is
   * being imported by a child to find a shipped function (an unguarded
   * main module: Python's bootstrapping error).
   * @throws {TypeError} If the target or an argument cannot cross to
   * another process (the message names it).
   * @throws {Deno.errors.NotCapable} If `permissions` asks for more than
   * this process has, or without `--allow-run`.
   */
  start(): void {
    this.#checkClosed();
    const life = this.#life;
    life.checkNotStarted();
    if (isImportingForShipping()) {
      throw new RuntimeError(BOOTSTRAPPING);
    }
    const header: ChildHeader = {
      name: life.name,
      identity: this.#identity,
      daemon: life.daemon,
      parentPid: Deno.pid,
      parentName: currentIdentity().name,
      authkey: this.#authkey,
      mainModule: programMainModule(),
      modules: registeredModules(),
      mode: "process",
    };
    const args = life.callArgs();
    takeMoved(); // (nothing from before counts)
    // Pipe ends may go over shared memory if the child has FFI.
    const records = movingTo(
      childHasFfi(this.#permissions),
      life.daemon,
      () => [
        encodeBytes(header, "header").slice(),
        encodeBytes(this.#call(), "target", true).slice(),
        encodeBytes(args, "args", true).slice(),
      ],
    );
    const moved = takeMoved();
    const child: ChildProcess = startChild({
      what: "start process",
      permissions: this.#permissions,
      limits: life.limits,
      valueError: ValueError,
      records,
      onRecord: (record) =>
        routeRecord(decodeBytes(record), {
          owner: this,
          send: (r) => child.send(r),
        }),
    }, startMethodOf(this.constructor));
    life.markStarted();
    this.#child = child;
    // Pipe ends passed to the child live there now: route their messages.
    for (const end of moved) {
      if (!(end instanceof Connection)) continue;
      end.movedTo(life.name);
      const { id, peer } = end.ids;
      routeTo(id, peer, this, (record) => child.send(record));
    }
    this.#status = child.status.finally(() => {
      children.delete(this);
      ownerExited(this);
    });
    children.add(this);
    if (life.daemon) {
      child.setRef(false);
      if (!exitHook) {
        exitHook = true;
        globalThis.addEventListener("unload", terminateDaemons);
      }
    }
  }

  // What the child calls: the target, or for a subclass that overrides
  // run(), the class and the instance's own fields.
  #call(): unknown {
    const { target, name, daemon } = this.#life;
    if (this.run === Process.prototype.run) return target ?? (() => {});
    const cls = this.constructor as new (...args: never[]) => Process;
    this.#life.subclassRef(cls);
    return {
      instanceOf: cls,
      fields: { ...this } as Record<string, unknown>,
      options: { name, daemon },
    } satisfies InstanceCall;
  }

  /** Rebuilds an instance in the child (see _internal/process_instance.ts). */
  static [rebuildInstance](
    cls: new (...args: never[]) => Process,
    fields: Record<string, unknown>,
    options: ProcessOptions,
  ): Process {
    const process = Reflect.construct(Process, [options], cls) as Process;
    return Object.assign(process, fields);
  }

  /**
   * Waits until the child exits or `timeout` seconds pass; check
   * `exitcode` to learn which.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @throws {RuntimeError} If the process was not started.
   */
  async join(options?: number | null | ProcessJoinOptions): Promise<void> {
    const timeout = this.#checkJoin(timeoutOptions("join process", options));
    const status = this.#awaited();
    if (timeout === undefined) {
      await status;
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      status,
      new Promise((resolve) => timer = setTimeout(resolve, timeout * 1000)),
    ]);
    clearTimeout(timer);
  }

  /**
   * Blocks the thread until the child exits or `timeout` seconds pass (on
   * the main thread, its event loop too). Linux only, as
   * `subprocess.Popen.waitSync`. The child's target and arguments are sent
   * by the event loop, so it must turn once after `start()` (any `await`)
   * before this can block; and the child's own output passes through this
   * event loop too, so a child that prints more than a pipe holds (64 KiB)
   * while this blocks waits until the timeout.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @throws {RuntimeError} If the process was not started, or its target
   * and arguments are not sent yet.
   */
  joinSync(options?: number | null | ProcessJoinOptions): void {
    const timeout = this.#checkJoin(timeoutOptions("join process", options));
    if (!this.#child!.sent && this.#child!.returncode === null) {
      // Blocking now would stop the event loop before it writes them.
      throw new RuntimeError(
        "Cannot joinSync() a process whose target and arguments are still being sent to it: let the event loop turn once after start() (any await), or use await join()",
      );
    }
    this.#child!.waitSync(timeout);
  }

  /**
   * Whether the child has started and not yet exited (as this process's
   * event loop last saw it).
   *
   * @returns `true` while it runs.
   */
  isAlive(): boolean {
    this.#checkClosed();
    return this.#child !== undefined && this.#child.returncode === null;
  }

  /** Sends SIGTERM, as Python's `terminate()`; nothing once it exited. */
  terminate(): void {
    this.#checkClosed();
    this.#child?.kill("SIGTERM");
  }

  /** Sends SIGKILL, as Python's `kill()`; nothing once it exited. */
  kill(): void {
    this.#checkClosed();
    this.#child?.kill("SIGKILL");
  }

  /**
   * Releases the process object, as Python's `close()`; most methods
   * throw a `ValueError` afterwards.
   *
   * @throws {ValueError} If the child is still running.
   */
  close(): void {
    if (this.#child !== undefined && this.#child.returncode === null) {
      throw new ValueError(
        "Cannot close a process while it is still running. You should first call join() or terminate().",
      );
    }
    this.#closed = true;
  }

  #checkClosed(): void {
    if (this.#closed) throw new ValueError("process object is closed");
  }

  #checkJoin(options: ProcessJoinOptions): number | undefined {
    this.#checkClosed();
    const timeout = checkTimeout("join process", options.timeout, ValueError);
    this.#life.checkStarted();
    return timeout === undefined ? undefined : Math.max(0, timeout);
  }

  /**
   * Python's repr: `<Process name='Process-1' parent=1200 initial>`, then
   * `<Process name='Process-1' pid=1234 parent=1200 started>`, then
   * `... stopped exitcode=1>` (a signal by name: `exitcode=-SIGTERM`), or
   * `... closed>` after `close()`; ` daemon` last for a daemon. `parent`
   * is this process's pid, which made the object.
   *
   * @returns The repr.
   */
  toString(): string {
    const child = this.#closed ? undefined : this.#child;
    const exitcode = child?.returncode ?? null;
    const status = this.#closed
      ? "closed"
      : child === undefined
      ? "initial"
      : exitcode === null
      ? "started"
      : "stopped";
    const info = [this.constructor.name, `name=${pyRepr(this.name)}`];
    if (child !== undefined) info.push(`pid=${child.pid}`);
    info.push(`parent=${Deno.pid}`, status);
    if (exitcode !== null) {
      const signal = exitcode < 0 ? signalName(-exitcode) : undefined;
      info.push(`exitcode=${signal === undefined ? exitcode : `-${signal}`}`);
    }
    if (this.daemon) info.push("daemon");
    return `<${info.join(" ")}>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}

function terminateDaemons(): void {
  for (const child of children) if (child.daemon) child.terminate();
}

/**
 * The children this process started that are still running, as Python's
 * `active_children()`.
 *
 * @example Usage
 * ```ts
 * import { activeChildren, Process } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const p = new Process({ target: () => {} });
 * p.start();
 * assert.deepEqual(activeChildren(), [p]);
 * await p.join();
 * assert.deepEqual(activeChildren(), []);
 * ```
 *
 * @returns The live children.
 */
// deno-lint-ignore no-explicit-any
export function activeChildren(): Process<any>[] {
  return [...children].filter((child) => child.isAlive());
}
