// Copyright 2026 the @skein/concurrent authors. MIT license.
// Enforcing the limits of a child process from its parent (Linux):
// `cpuSeconds` as RLIMIT_CPU, set by prlimit(2) right after the start (the
// kernel sends SIGXCPU at the soft limit, SIGKILL a second later);
// `memoryMb` by sampling the child's resident memory from /proc and killing
// it past the limit, as Dask's nanny does (RLIMIT_AS cannot serve: `deno`
// does not start below about 32 GiB of address space); `wallSeconds` by a
// timer. The watch records which limit was breached and the usage seen.
import type {
  ResourceLimitBreach,
  ResourceLimitKind,
  ResourceLimits,
} from "./limits.ts";
import { granted, procAccess, readCpu, readRssMb } from "./proc_files.ts";

/** The limits a child `deno` can be given. */
export const CHILD_LIMIT_KINDS: readonly ResourceLimitKind[] = [
  "heapMb",
  "memoryMb",
  "cpuSeconds",
  "wallSeconds",
];

/** The limits any program can be given (`heapMb` is V8's, deno's only). */
export const PROGRAM_LIMIT_KINDS: readonly ResourceLimitKind[] = [
  "memoryMb",
  "cpuSeconds",
  "wallSeconds",
];

// Milliseconds between two samples: reading /proc/<pid>/stat and status
// by FFI costs about 0.1 ms (0.2 % of a core at this rate), through `cat`
// a process start each (15-40 ms on 2 loaded cores), so then only memory
// is sampled (CPU time is left to the kernel).
const SAMPLE_MS = { ffi: 50, cat: 500 } as const;

const RLIMIT_CPU = 0;
const PRLIMIT = {
  prlimit: { parameters: ["i32", "i32", "buffer", "pointer"], result: "i32" },
} as const;
let libc: Deno.DynamicLibrary<typeof PRLIMIT>["symbols"] | undefined;

/**
 * Throws `valueError` when a limit of `limits` cannot be enforced by this
 * process (not Linux, or without the permissions that reach /proc or
 * prlimit), before anything starts.
 */
export function checkEnforceable(
  what: string,
  limits: ResourceLimits | undefined,
  valueError: new (message: string) => Error,
): void {
  if (limits === undefined) return;
  const fail = (key: string, need: string): never => {
    throw new valueError(
      `Cannot ${what} as 'limits.${key}' cannot be enforced here: ${need}`,
    );
  };
  if (limits.memoryMb !== undefined && procAccess() === undefined) {
    fail(
      "memoryMb",
      "it is sampled from Linux's /proc, read with --allow-ffi or --allow-run=cat",
    );
  }
  if (limits.cpuSeconds !== undefined) {
    if (Deno.build.os !== "linux") fail("cpuSeconds", "it needs Linux");
    if (
      !granted({ name: "ffi" }) && !granted({ name: "run", command: "prlimit" })
    ) {
      fail(
        "cpuSeconds",
        "RLIMIT_CPU is set with prlimit(2), which needs --allow-ffi (or --allow-run=prlimit)",
      );
    }
  }
}

// Sets RLIMIT_CPU of `pid`: soft `seconds`, hard one more.
function limitCpu(pid: number, seconds: number): void {
  if (granted({ name: "ffi" })) {
    libc ??= Deno.dlopen("libc.so.6", PRLIMIT).symbols;
    const limit = new BigUint64Array([BigInt(seconds), BigInt(seconds + 1)]);
    libc.prlimit(pid, RLIMIT_CPU, limit, null);
    return;
  }
  new Deno.Command("prlimit", {
    args: ["--pid", String(pid), `--cpu=${seconds}:${seconds + 1}`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).outputSync();
}

/**
 * Watches a started child against `limits` (checked, see checkLimits and
 * checkEnforceable): past one, records the breach and calls `kill`. Its
 * timers never keep this process alive. Call `ended()` once the child has
 * exited.
 */
export class LimitWatch {
  readonly #pid: number;
  readonly #limits: ResourceLimits;
  readonly #kill: () => void;
  readonly #start = performance.now();
  #breach: ResourceLimitBreach | undefined;
  #cpuSeconds = 0;
  #sampleCpu: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sampler: ReturnType<typeof setInterval> | undefined;

  constructor(pid: number, limits: ResourceLimits, kill: () => void) {
    this.#pid = pid;
    this.#limits = limits;
    this.#kill = kill;
    const { memoryMb, cpuSeconds, wallSeconds } = limits;
    // RLIMIT_CPU counts whole seconds.
    if (cpuSeconds !== undefined) limitCpu(pid, Math.ceil(cpuSeconds));
    if (wallSeconds !== undefined) {
      const timer = setTimeout(() => {
        this.#breached("wallSeconds", this.#elapsed());
      }, wallSeconds * 1000);
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
    const access = procAccess();
    this.#sampleCpu = cpuSeconds !== undefined && access === "ffi";
    if (access !== undefined && (memoryMb !== undefined || this.#sampleCpu)) {
      const sampler = setInterval(() => this.#sample(), SAMPLE_MS[access]);
      Deno.unrefTimer(sampler);
      this.#sampler = sampler;
    }
  }

  /**
   * Checks the limits now: for a thread that blocks its event loop (a
   * `waitSync`), where the watch's timers cannot run.
   */
  poll(): void {
    if (this.#breach !== undefined) return;
    const { wallSeconds } = this.#limits;
    if (wallSeconds !== undefined && this.#elapsed() >= wallSeconds) {
      return this.#breached("wallSeconds", this.#elapsed());
    }
    if (procAccess() !== undefined) this.#sample();
  }

  /** The breach seen so far, if any. */
  get breach(): ResourceLimitBreach | undefined {
    return this.#breach;
  }

  /**
   * Stops watching the child, which has exited with `signal` (or none),
   * and returns the limit that ended it, if one did: one this watch saw,
   * SIGXCPU under `cpuSeconds`, or SIGTRAP (V8's fatal out-of-memory) under
   * `heapMb` (its usage is then the limit, the last value V8 reached).
   */
  ended(signal: string | null): ResourceLimitBreach | undefined {
    this.#stop();
    if (this.#breach !== undefined) return this.#breach;
    const { cpuSeconds, heapMb } = this.#limits;
    if (signal === "SIGXCPU" && cpuSeconds !== undefined) {
      const used = Math.max(this.#cpuSeconds, Math.ceil(cpuSeconds));
      this.#breach = { kind: "cpuSeconds", limit: cpuSeconds, used };
    } else if (signal === "SIGTRAP" && heapMb !== undefined) {
      this.#breach = { kind: "heapMb", limit: heapMb, used: heapMb };
    }
    return this.#breach;
  }

  #sample(): void {
    const { memoryMb, cpuSeconds } = this.#limits;
    if (cpuSeconds !== undefined && this.#sampleCpu) {
      const cpu = readCpu(this.#pid);
      if (cpu === undefined || cpu.state === "Z") return; // it has exited
      this.#cpuSeconds = cpu.cpuSeconds;
      if (cpu.cpuSeconds >= cpuSeconds) {
        return this.#breached("cpuSeconds", cpu.cpuSeconds);
      }
    }
    if (memoryMb !== undefined) {
      const rss = readRssMb(this.#pid);
      if (rss !== undefined && rss > memoryMb) {
        this.#breached("memoryMb", rss);
      }
    }
  }

  #elapsed(): number {
    return (performance.now() - this.#start) / 1000;
  }

  #breached(kind: ResourceLimitKind, used: number): void {
    if (this.#breach !== undefined) return;
    this.#breach = { kind, limit: this.#limits[kind]!, used };
    this.#stop();
    this.#kill();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#sampler);
    this.#timer = this.#sampler = undefined;
  }
}
