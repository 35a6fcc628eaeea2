// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `subprocess`, on `Deno.Command`: run programs, talk to them
 * through pipes, and get their return codes, with Python's names, options,
 * errors and messages.
 *
 * | Python | here |
 * | --- | --- |
 * | `run(args, capture_output=True, text=True, check=True, timeout=5)` | `await run(args, { captureOutput: true, text: true, check: true, timeout: 5 })` / `runSync(...)` |
 * | `CompletedProcess(args, returncode, stdout, stderr)`, `check_returncode()` | {@linkcode CompletedProcess}, `checkReturncode()` |
 * | `call`, `check_call`, `check_output`, `getoutput`, `getstatusoutput` | `call`, `checkCall`, `checkOutput`, `getoutput`, `getstatusoutput`, each also `...Sync` |
 * | `Popen(args, stdin=PIPE, stdout=PIPE, stderr=STDOUT, ...)` | `new Popen(args, { stdin: PIPE, stdout: PIPE, stderr: STDOUT, ... })` |
 * | `p.communicate(input, timeout)`, `p.wait(timeout)`, `p.poll()` | `await p.communicate({ input, timeout })`, `await p.wait({ timeout })` / `p.waitSync()`, `p.poll()` |
 * | `p.send_signal(sig)`, `p.terminate()`, `p.kill()` | `p.sendSignal("SIGINT")`, `p.terminate()`, `p.kill()` |
 * | `p.stdin`, `p.stdout`, `p.stderr` (file objects) | Web Streams: `WritableStream`, `ReadableStream`s, or `null` |
 * | `p2 = Popen(cmd, stdin=p1.stdout)`; `p1.stdout.close()` | `p2 = new Popen(cmd, { stdin: p1.stdout! })`; `await p1.closeStdout()` |
 * | `with Popen(...) as p:` | `await using p = new Popen(...)` |
 * | (no Python equivalent) `run(args, timeout=5)` that also bounds memory and CPU | `await run(args, { limits: { memoryMb: 200, cpuSeconds: 5, wallSeconds: 5 } })`: the child is killed past a limit; `done.limitExceeded` (also on `Popen`) says which, and `check: true` raises {@linkcode ResourceLimitError} |
 * | `PIPE`, `DEVNULL`, `STDOUT` | the same, with Python's values |
 * | `SubprocessError`, `CalledProcessError`, `TimeoutExpired` | the same, with `returncode`, `cmd`, `output`/`stdout`, `stderr`, `timeout` |
 * | `None` (no value) | `null` (`returncode` while running, output not captured); as an argument, `null` is the same as leaving the option out (`timeout`, `input`, `cwd`, `env`, `executable`, `text`, `encoding`, `errors`, `universalNewlines`, and `stdin`/`stdout`/`stderr`, which inherit) |
 *
 * A child killed by a signal has a negative `returncode` (-9), as in
 * Python. On a timeout the child is killed and reaped, and the
 * `TimeoutExpired` carries the output read so far. A missing program or
 * `cwd` is `Deno.errors.NotFound` naming it; without `--allow-run` Deno's
 * own `NotCapable` error says which flag to add.
 *
 * Differences: `stderr: STDOUT` reads the two streams through separate
 * pipes and merges them in arrival order; `executable` cannot keep
 * `args[0]` as `argv[0]` (Deno cannot set it); `startNewSession` is Deno's
 * `detached`, and `process_group`, `preexec_fn`, `close_fds`, `pass_fds`,
 * `user`, `group` and `umask` have no Deno equivalent. `runSync` with
 * `input`, `timeout` or `stderr: STDOUT` runs the command in a worker
 * thread while it blocks; `Popen.waitSync` reads `/proc` and is Linux only.
 * Deno cannot give one child's stdout pipe to another as its stdin, so a
 * pipeline's data passes through this process: the second Popen relays
 * (and owns) the stream, and cancels it when its child exits or closes its
 * stdin, so the first child gets SIGPIPE at its next write, as in Python
 * (a grandchild still reading the second child's stdin gets nothing more
 * once that child exits).
 *
 * @example Run, capture, check
 * ```ts
 * import { CalledProcessError, run } from "@skein/concurrent/subprocess";
 * import assert from "node:assert/strict";
 *
 * const done = await run(["echo", "hello"], { captureOutput: true, text: true });
 * assert.equal(done.stdout, "hello\n");
 * await assert.rejects(run(["false"], { check: true }), CalledProcessError);
 * ```
 *
 * @module
 */
export * from "./call.ts";
export * from "./completed_process.ts";
export * from "./constants.ts";
export * from "./popen.ts";
export * from "./run.ts";
export * from "./subprocess_error.ts";
export { ValueError } from "../errors.ts";
export type {
  ResourceLimitBreach,
  ResourceLimitKind,
  ResourceLimits,
} from "../_internal/limits.ts";
