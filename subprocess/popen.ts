// Copyright 2026 the @skein/concurrent authors. MIT license.
import { ValueError } from "../errors.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import { positionalOptions, timeoutOptions } from "../_internal/keywords.ts";
import { settles } from "../_internal/settle.ts";
import { waitPidSync } from "../_internal/proc_wait.ts";
import { type DEVNULL, type PIPE, STDOUT } from "./constants.ts";
import {
  checkPopenLimits,
  merge,
  relay,
  spawn,
  type WithoutNone,
  withoutNone,
} from "./_spawn.ts";
import { signalNumber } from "../_internal/signals.ts";
import { checkEncoding, decodeOutput, encodeInput } from "./_text.ts";
import { popenInternals } from "./_popen_internals.ts";
import { customInspect, pyRepr } from "../_internal/py_repr.ts";
import type {
  ResourceLimitBreach,
  ResourceLimits,
} from "../_internal/limits.ts";
import { LimitWatch } from "../_internal/limit_watch.ts";
import { signalName } from "../_internal/signals.ts";
import {
  type Command,
  type Output,
  TimeoutExpired,
} from "./subprocess_error.ts";

/** Options for {@linkcode Popen}, as Python's keyword arguments. */
export interface PopenOptions {
  /**
   * The child's stdin: `PIPE` (write to `popen.stdin`, or pass `input` to
   * `communicate()`), `DEVNULL`, a `ReadableStream` to feed it (another
   * Popen's `stdout` makes a pipeline; this Popen then owns that stream,
   * see {@linkcode Popen.prototype.closeStdout}), or `null` to inherit this
   * process's.
   *
   * @default {null}
   */
  stdin?: typeof PIPE | typeof DEVNULL | null | ReadableStream<Uint8Array>;
  /**
   * The child's stdout: `PIPE`, `DEVNULL`, or `null` to inherit.
   *
   * @default {null}
   */
  stdout?: typeof PIPE | typeof DEVNULL | null;
  /**
   * The child's stderr: `PIPE`, `DEVNULL`, `STDOUT` (into stdout; the two
   * are read through separate pipes and merged in arrival order, so lines
   * written close together may interleave differently than in a terminal),
   * or `null` to inherit.
   *
   * @default {null}
   */
  stderr?: typeof PIPE | typeof DEVNULL | typeof STDOUT | null;
  /**
   * Run `args` through `/bin/sh -c`: a string is the shell command; with an
   * array, its first item is the command and the rest its `$0`, `$1`, ...
   *
   * @default {false}
   */
  shell?: boolean;
  /** The child's working directory; this process's when omitted or `null`. */
  cwd?: string | URL | null;
  /**
   * The child's whole environment (it replaces this process's, as Python);
   * this process's when omitted or `null`.
   */
  env?: Record<string, string> | null;
  /**
   * The program to run instead of `args[0]` (with `shell`, instead of
   * `/bin/sh`). Deno cannot set `argv[0]` apart from the program, so
   * `args[0]` is dropped. `null` is the same as omitted.
   */
  executable?: string | null;
  /**
   * Text mode: output is decoded to a string (with `encoding`, UTF-8 by
   * default) with universal newlines (`\r\n` and `\r` become `\n`), and
   * `input` may be a string.
   *
   * @default {false}
   */
  text?: boolean | null;
  /**
   * The text encoding of the output (a `TextDecoder` label); text mode.
   * `null` is the same as omitted (and does not choose text mode).
   */
  encoding?: string | null;
  /**
   * What to do with bytes that do not decode: `"strict"` throws a
   * `TypeError`, `"replace"` puts U+FFFD; text mode.
   *
   * @default {"strict"}
   */
  errors?: "strict" | "replace" | null;
  /** Python's older name for `text`. */
  universalNewlines?: boolean | null;
  /**
   * Start the child in a new session (Deno's `detached`). Python's
   * `process_group` has no Deno equivalent and is not offered.
   *
   * @default {false}
   */
  startNewSession?: boolean;
  /**
   * Limits the child may not exceed (Linux): `memoryMb` (its resident
   * memory, sampled from `/proc` every 50 ms with `--allow-ffi`, every
   * 500 ms through `cat` without), `cpuSeconds` (RLIMIT_CPU, set with
   * prlimit(2): whole seconds, rounded up; the kernel sends SIGXCPU) and
   * `wallSeconds`. Past `memoryMb` or `wallSeconds` the child is killed
   * with SIGKILL. The breach is then {@linkcode Popen.limitExceeded}, and
   * `run(..., { check: true })` throws a `ResourceLimitError`. `heapMb` is
   * a `ValueError` here: it is V8's, for a child `deno` (see
   * `multiprocessing.Process`). A limit applies to the child only, not to
   * the processes it starts. `null` is the same as omitted.
   */
  limits?: ResourceLimits | null;
}

/** Options for {@linkcode Popen.prototype.communicate}. */
export interface CommunicateOptions {
  /**
   * Written to the child's stdin (which must be `PIPE`), then closed; none
   * when omitted or `null`.
   */
  input?: Uint8Array | string | null;
  /**
   * Seconds to wait at most; then `TimeoutExpired` is thrown, the child
   * goes on, and a later `communicate()` returns all the output. Forever
   * when omitted or `null` (Python's None).
   */
  timeout?: number | null;
}

/** Options for {@linkcode Popen.prototype.wait}. */
export interface WaitOptions {
  /**
   * Seconds to wait at most; then `TimeoutExpired` is thrown. Forever when
   * omitted or `null` (Python's None).
   */
  timeout?: number | null;
}

// Streams given to a Popen as its stdin: that Popen owns them now.
const handedOver = new WeakSet<ReadableStream<Uint8Array>>();

interface Collector {
  chunks: Uint8Array[];
  done: Promise<void>;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

/**
 * A child process, as Python's `subprocess.Popen`: started at once, with
 * its standard streams as Web Streams (`stdin` a `WritableStream`, `stdout`
 * and `stderr` `ReadableStream`s, or `null` when not piped), and Python's
 * methods to talk to it and wait for it. `returncode` is `null` until it
 * exits, then its exit status, or minus the signal that killed it (-9).
 *
 * `await using p = new Popen(...)` waits for it at the end of the block, as
 * Python's `with`; streams nobody read are cancelled first.
 *
 * @example Talking to a child
 * ```ts
 * import { PIPE, Popen } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * await using p = new Popen(["cat"], { stdin: PIPE, stdout: PIPE, text: true });
 * const [out, err] = await p.communicate({ input: "hello" });
 * assert.equal(out, "hello");
 * assert.equal(err, null);
 * assert.equal(p.returncode, 0);
 * ```
 *
 * @example A pipeline, `sh -c 'printf ...' | tr a-z A-Z`
 * ```ts
 * import { PIPE, Popen } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * await using p1 = new Popen(["printf", "abc"], { stdout: PIPE });
 * await using p2 = new Popen(["tr", "a-z", "A-Z"], {
 *   stdin: p1.stdout!,
 *   stdout: PIPE,
 *   text: true,
 * });
 * const [out] = await p2.communicate();
 * assert.equal(out, "ABC");
 * ```
 *
 * @example Python's "Replacing shell pipeline": `output=$(dmesg | grep hda)`
 * ```ts
 * import { PIPE, Popen } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * // `printf` stands in for `dmesg`, which may need privileges.
 * const p1 = new Popen(["printf", "hda1\nsda1\nhda2\n"], { stdout: PIPE });
 * const p2 = new Popen(["grep", "hda"], { stdin: p1.stdout!, stdout: PIPE });
 * await p1.closeStdout(); // Allow p1 to receive a SIGPIPE if p2 exits.
 * const output = (await p2.communicate())[0];
 * assert.equal(new TextDecoder().decode(output as Uint8Array), "hda1\nhda2\n");
 * assert.equal(await p1.wait(), 0);
 * ```
 */
export class Popen implements AsyncDisposable {
  /** The command as given. */
  readonly args: Command;
  /** The child's process id. */
  readonly pid: number;
  /** Writes to the child's stdin, when it is `PIPE`. */
  readonly stdin: WritableStream<Uint8Array> | null;
  /** Reads the child's stdout, when it is `PIPE`. */
  readonly stdout: ReadableStream<Uint8Array> | null;
  /** Reads the child's stderr, when it is `PIPE`. */
  readonly stderr: ReadableStream<Uint8Array> | null;
  #child: Deno.ChildProcess;
  #returncode: number | null = null;
  #status: Promise<number>;
  #text: WithoutNone<PopenOptions>;
  #communication:
    | { stdout?: Collector; stderr?: Collector; input: Promise<void> }
    | undefined;
  #feeding: Promise<void> | undefined;
  #watch: LimitWatch | undefined;
  #limitExceeded: ResourceLimitBreach | null = null;

  /**
   * Starts the child.
   *
   * @param args The program and its arguments, or a string (the program,
   * or with `shell` the shell command).
   * @param options Its streams, environment and text mode.
   * @throws {Deno.errors.NotFound} If the program (or `cwd`) does not exist;
   * the message names it.
   * @throws {Deno.errors.NotCapable} Without `--allow-run`.
   * @throws {TypeError} If an argument is not a string (the message names
   * its index), or an option has the wrong type.
   * @throws {ValueError} If a limit is not a number > 0, is `heapMb`, or
   * cannot be enforced here (the message names it).
   */
  constructor(args: Command, given: PopenOptions = {}) {
    const options = withoutNone(given);
    checkEncoding(options.encoding);
    const limits = checkPopenLimits(options.limits);
    const child = spawn(args, options);
    this.args = args;
    this.#child = child;
    this.pid = child.pid;
    if (limits !== undefined) {
      this.#watch = new LimitWatch(
        child.pid,
        limits,
        () => this.sendSignal("SIGKILL"),
      );
    }
    this.#text = options;
    const stdinSource = options.stdin instanceof ReadableStream
      ? options.stdin
      : undefined;
    if (stdinSource !== undefined) {
      // A pipeline: feed the child from the stream, which this Popen now
      // owns. When the child closes its stdin the next write fails; when
      // it exits the relay stops at once: either way the stream is
      // cancelled, so its writer gets SIGPIPE at its next write, as when
      // Python's child holds the pipe's only read end.
      this.stdin = null;
      handedOver.add(stdinSource);
      this.#feeding = relay(stdinSource, child.stdin, child.status);
    } else {
      this.stdin = options.stdin === undefined || options.stdin === null
        ? null
        : options.stdin === -1
        ? child.stdin
        : null;
    }
    const piped = (value: unknown): boolean => value === -1;
    if (options.stderr === STDOUT) {
      if (piped(options.stdout)) {
        this.stdout = merge(child.stdout, child.stderr);
      } else {
        this.stdout = null;
        if (options.stdout === undefined || options.stdout === null) {
          // stdout is inherited: send stderr to this process's stdout.
          child.stderr.pipeTo(Deno.stdout.writable, { preventClose: true })
            .catch(() => {});
        }
      }
      this.stderr = null;
    } else {
      this.stdout = piped(options.stdout) ? child.stdout : null;
      this.stderr = piped(options.stderr) ? child.stderr : null;
    }
    this.#status = child.status.then((status) => {
      this.#limitExceeded = this.#watch?.ended(status.signal) ??
        this.#limitExceeded;
      if (this.#limitExceeded !== null) this.#stopReadingSoon();
      this.#returncode = status.signal === null
        ? status.code
        : -(signalNumber(status.signal) ?? status.code);
      return this.#returncode;
    });
  }

  /**
   * The exit status once the child has exited (negative: killed by that
   * signal), else `null`.
   */
  get returncode(): number | null {
    return this.#returncode;
  }

  /**
   * The limit (of `limits`) the child exceeded, once it has exited because
   * of it: which one (`kind`), its value (`limit`) and the usage seen
   * (`used`, MiB or seconds); else `null`.
   *
   * @example A child past its wall-clock limit
   * ```ts
   * import { Popen } from "@skein/concurrent/subprocess";
   * import assert from "node:assert/strict";
   *
   * await using p = new Popen(["sleep", "10"], { limits: { wallSeconds: 0.2 } });
   * assert.equal(await p.wait(), -9);
   * assert.equal(p.limitExceeded?.kind, "wallSeconds");
   * ```
   */
  get limitExceeded(): ResourceLimitBreach | null {
    return this.#limitExceeded;
  }

  /**
   * Whether the child has exited, as Python's `poll()`: its return code, or
   * `null` while it runs. The exit is noticed by the event loop, so a child
   * that just exited may still read as running until it turns.
   *
   * @returns The return code, or `null`.
   */
  poll(): number | null {
    return this.#returncode;
  }

  /**
   * Waits for the child to exit.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns The return code.
   * @throws {TimeoutExpired} If the timeout passes first (the child runs
   * on).
   */
  async wait(options?: number | null | WaitOptions): Promise<number> {
    const timeout = waitTimeout(timeoutOptions("wait", options).timeout);
    if (timeout === undefined) return await this.#status;
    if (!await settles(this.#status, { timeout })) {
      throw new TimeoutExpired(this.args, timeout);
    }
    return this.#returncode!;
  }

  /**
   * Blocks the thread until the child exits, or `timeout` seconds pass (on
   * the main thread, its event loop too). Linux only: the exit is read from
   * `/proc/<pid>/stat` (by FFI under `--allow-ffi`, else through `cat`, as
   * Deno needs `--allow-all` to read `/proc` itself), polled with a growing
   * pause up to 50 ms; the child is reaped when the event loop next runs.
   * Its `limits` are checked at each poll meanwhile.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns The return code.
   * @throws {TimeoutExpired} If the timeout passes first (the child runs
   * on).
   */
  waitSync(options?: number | null | WaitOptions): number {
    const timeout = waitTimeout(timeoutOptions("wait", options).timeout);
    if (this.#returncode !== null) return this.#returncode;
    const watch = this.#watch;
    const code = waitPidSync(this.pid, timeout, watch && (() => watch.poll()));
    if (code === undefined) throw new TimeoutExpired(this.args, timeout!);
    const signal = code < 0 ? signalName(-code) ?? null : null;
    this.#limitExceeded = watch?.ended(signal) ?? null;
    return this.#returncode = code;
  }

  /**
   * Writes `input` to the child's stdin and closes it, reads stdout and
   * stderr to the end, and waits for the child to exit, as Python's
   * `communicate()`. After a `TimeoutExpired` the child runs on and the
   * reading continues: call `communicate()` again (as Python's documented
   * pattern: kill, then communicate) to get all the output, none lost.
   *
   * @param inputGiven The `input`, by position (Python's), or the options:
   * `input` and a `timeout` in seconds.
   * @param timeoutGiven Seconds to wait at most (Python's positional
   * `timeout`).
   * @returns `[stdout, stderr]`: each the whole output (text in text mode),
   * or `null` when that stream is not `PIPE`.
   * @throws {TimeoutExpired} If the timeout passes first; it carries the
   * output read so far.
   * @throws {ValueError} If `input` is given after communication started.
   */
  async communicate(
    inputGiven?: CommunicateOptions["input"] | CommunicateOptions,
    timeoutGiven?: number | null,
  ): Promise<[Output | null, Output | null]> {
    const options = positionalOptions<CommunicateOptions>("communicate", [
      "input",
      "timeout",
    ], [inputGiven, timeoutGiven]) ?? {};
    const input = options.input ?? undefined;
    const timeout = waitTimeout(options.timeout);
    if (this.#communication !== undefined && input !== undefined) {
      throw new ValueError("Cannot send input after starting communication");
    }
    const data = input === undefined
      ? undefined
      : encodeInput(input, this.#text);
    const communication = this.#communication ??= {
      ...this.#collect(),
      input: this.#write(data),
    };
    const { stdout, stderr } = communication;
    const finished = Promise.all([
      communication.input,
      stdout?.done,
      stderr?.done,
      this.#status,
      this.#feeding,
    ]);
    if (timeout === undefined) {
      await finished;
    } else if (!await settles(finished, { timeout })) {
      throw new TimeoutExpired(this.args, timeout, {
        output: this.#output(stdout),
        stderr: this.#output(stderr),
      });
    }
    return [this.#output(stdout), this.#output(stderr)];
  }

  /**
   * Sends a signal to the child; does nothing once it has exited.
   *
   * @param signal The signal, e.g. `"SIGINT"`.
   */
  sendSignal(signal: Deno.Signal): void {
    if (this.#returncode !== null) return;
    try {
      this.#child.kill(signal);
    } catch (error) {
      // It exited between the check and the kill.
      if (!(error instanceof TypeError)) throw error;
    }
  }

  /**
   * Closes this process's end of the child's stdout, as the line Python's
   * docs write after handing `p1.stdout` to `p2`: `p1.stdout.close()  #
   * Allow p1 to receive a SIGPIPE if p2 exits.` The child then gets
   * SIGPIPE (return code -13) at its next write, as no one reads.
   *
   * Deno cannot give one child's stdout pipe to another as its stdin, so a
   * `stdout` handed to another Popen as `stdin` is relayed by that Popen,
   * which owns it from then on: when its own child exits, or closes its
   * stdin (the relay's next write fails), it cancels the stream, so `p1`
   * gets SIGPIPE at its next write once `p2` is gone, as in Python. (One
   * difference: a process `p2` started that still reads the inherited
   * stdin gets nothing more once `p2` itself exits.) For such a stream this
   * call has nothing left to do, and resolves at once. A `stdout` nobody
   * has taken is cancelled here. Nothing happens when `stdout` is not
   * `PIPE`.
   *
   * @returns When this process's end is closed.
   * @throws {TypeError} If `stdout` is locked by a reader other than a
   * Popen it was handed to (cancel it through that reader, or let
   * `communicate()` read it to the end).
   */
  async closeStdout(): Promise<void> {
    const stdout = this.stdout;
    if (stdout === null || handedOver.has(stdout)) return;
    if (stdout.locked) {
      throw new TypeError(
        "Cannot close stdout as it is locked by a reader: cancel it through that reader",
      );
    }
    await stdout.cancel();
  }

  /** Sends SIGTERM, as Python's `terminate()`. */
  terminate(): void {
    this.sendSignal("SIGTERM");
  }

  /** Sends SIGKILL, as Python's `kill()`. */
  kill(): void {
    this.sendSignal("SIGKILL");
  }

  /**
   * Python's `with` exit: cancels streams nobody read, closes stdin, and
   * waits for the child.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    const communication = this.#communication;
    for (const stream of [this.stdout, this.stderr]) {
      if (stream !== null && !stream.locked) await stream.cancel();
    }
    if (communication === undefined && this.stdin !== null) {
      if (!this.stdin.locked) await this.stdin.close().catch(() => {});
    }
    if (communication !== undefined) {
      await communication.input;
    }
    await this.#status;
    if (communication !== undefined) {
      await Promise.all([
        communication.stdout?.done,
        communication.stderr?.done,
      ]);
    }
    await this.#feeding;
  }

  /**
   * Python's repr: `<Popen: returncode: None args: ['ls', '-l']>`, cut to
   * 80 characters as Python's is.
   *
   * @returns The repr.
   */
  toString(): string {
    const text = `<${this.constructor.name}: returncode: ${
      pyRepr(this.#returncode)
    } args: ${pyRepr(this.args)}>`;
    return text.length > 80 ? `${text.slice(0, 76)}...>` : text;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  static {
    popenInternals.cancelReading = async (popen) => {
      const communication = popen.#communication;
      if (communication === undefined) return;
      for (const collector of [communication.stdout, communication.stderr]) {
        if (collector !== undefined) {
          await collector.reader.cancel().catch(() => {});
          await collector.done;
        }
      }
    };
  }

  // A child ended for a breach may leave a grandchild holding its pipes
  // open: what is in them is read for a moment, then reading stops, so that
  // communicate() returns (the limit applies to the child alone).
  #stopReadingSoon(): void {
    const timer = setTimeout(() => popenInternals.cancelReading(this), 200);
    Deno.unrefTimer(timer);
  }

  #collect(): { stdout?: Collector; stderr?: Collector } {
    const collect = (
      stream: ReadableStream<Uint8Array> | null,
    ): Collector | undefined => {
      if (stream === null || stream.locked) return undefined;
      const reader = stream.getReader();
      const chunks: Uint8Array[] = [];
      const done = (async () => {
        try {
          while (true) {
            const { done, value } = await reader.read();
            if (done) return;
            chunks.push(value);
          }
        } catch {
          // cancelled
        }
      })();
      return { chunks, done, reader };
    };
    const stdout = collect(this.stdout);
    const stderr = collect(this.stderr);
    return {
      ...(stdout === undefined ? {} : { stdout }),
      ...(stderr === undefined ? {} : { stderr }),
    };
  }

  async #write(data: Uint8Array | undefined): Promise<void> {
    const stdin = this.stdin;
    if (stdin === null || stdin.locked) return;
    const writer = stdin.getWriter();
    try {
      if (data !== undefined && data.length > 0) await writer.write(data);
    } catch {
      // The child closed its stdin: Python ignores BrokenPipeError here.
    }
    await writer.close().catch(() => {});
  }

  #output(collector: Collector | undefined): Output | null {
    if (collector === undefined) return null;
    return decodeOutput(collector.chunks, this.#text);
  }
}

function waitTimeout(timeout: unknown): number | undefined {
  return checkTimeout("wait for process", timeout, ValueError);
}
