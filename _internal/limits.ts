// Copyright 2026 the @skein/concurrent authors. MIT license.
// The `limits` option of threads, children, pools and subprocesses: its
// shape, its one check, and the record of a breach. Enforcement lives with
// what starts the thread or the process (worker_pool.ts, child_process.ts,
// subprocess/); this file only says what a limit is.
import { describe } from "./describe.ts";

/**
 * Resources a thread, a child process or a subprocess may use before it is
 * ended. Every limit is a number > 0; omit a key for no limit.
 */
export interface ResourceLimits {
  /**
   * The JavaScript heap, in MiB: `resourceLimits` of a worker thread, V8's
   * `--max-old-space-size` of a child `deno`.
   */
  readonly heapMb?: number;
  /** Resident memory of a child process, in MiB, sampled from `/proc`. */
  readonly memoryMb?: number;
  /** CPU time of a child process, in seconds (RLIMIT_CPU). */
  readonly cpuSeconds?: number;
  /** Time since the start, in seconds. */
  readonly wallSeconds?: number;
}

/** The name of one limit. */
export type ResourceLimitKind = keyof ResourceLimits;

/** What a breach reports: which limit, its value, and the usage seen. */
export interface ResourceLimitBreach {
  /** The limit that was exceeded. */
  readonly kind: ResourceLimitKind;
  /** Its value, in its unit (MiB or seconds). */
  readonly limit: number;
  /** The usage seen when the breach was noticed, in the same unit. */
  readonly used: number;
}

/** Every limit, in the order messages list them. */
export const LIMIT_KINDS: readonly ResourceLimitKind[] = [
  "heapMb",
  "memoryMb",
  "cpuSeconds",
  "wallSeconds",
];

/** What each kind measures, for messages ("JavaScript heap"). */
export const LIMIT_NOUNS: Readonly<Record<ResourceLimitKind, string>> = {
  heapMb: "JavaScript heap",
  memoryMb: "resident memory",
  cpuSeconds: "CPU time",
  wallSeconds: "wall-clock time",
};

/** The unit of each kind, for messages. */
export const LIMIT_UNITS: Readonly<Record<ResourceLimitKind, string>> = {
  heapMb: "MiB",
  memoryMb: "MiB",
  cpuSeconds: "s",
  wallSeconds: "s",
};

/**
 * Checks the `limits` option of `what` ("create Thread") and returns it as
 * a plain frozen object, or `undefined` when omitted (`null` too, Python's
 * None). `enforceable` lists the kinds `where` ("a thread") can enforce: any
 * other known kind is a ValueError saying it cannot be enforced there, an
 * unknown key a TypeError naming it, a value that is not a number > 0 a
 * TypeError or ValueError naming `limits.<key>`. `ValueError` is passed in,
 * as `_internal/` does not import the public errors module.
 */
export function checkLimits(
  what: string,
  value: unknown,
  enforceable: readonly ResourceLimitKind[],
  where: string,
  valueError: new (message: string) => Error,
): ResourceLimits | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(
      `Cannot ${what} as 'limits' must be an object of ${
        LIMIT_KINDS.join(", ")
      }: received ${describe(value)}`,
    );
  }
  const limits: Record<string, number> = {};
  for (const [key, limit] of Object.entries(value)) {
    if (!(LIMIT_KINDS as readonly string[]).includes(key)) {
      throw new TypeError(
        `Cannot ${what} as 'limits.${key}' is not a limit: expected one of ${
          LIMIT_KINDS.join(", ")
        }`,
      );
    }
    if (limit === undefined) continue;
    if (typeof limit !== "number") {
      throw new TypeError(
        `Cannot ${what} as 'limits.${key}' must be a number > 0: received ${
          describe(limit)
        }`,
      );
    }
    if (!(limit > 0) || limit === Infinity) {
      throw new valueError(
        `Cannot ${what} as 'limits.${key}' must be a finite number > 0: current value is ${limit}`,
      );
    }
    if (!enforceable.includes(key as ResourceLimitKind)) {
      throw new valueError(
        `Cannot ${what} as 'limits.${key}' (${
          LIMIT_NOUNS[key as ResourceLimitKind]
        }) cannot be enforced for ${where}`,
      );
    }
    limits[key] = limit;
  }
  return Object.freeze(limits) as ResourceLimits;
}

/**
 * "resident memory 212.4 MiB exceeded its limit of 200 MiB
 * (limits.memoryMb)"; for a usage seen at the limit itself (a heap, where
 * V8 stops), "JavaScript heap reached its limit of 64 MiB (limits.heapMb)".
 */
export function describeBreach(breach: ResourceLimitBreach): string {
  const unit = LIMIT_UNITS[breach.kind];
  const noun = LIMIT_NOUNS[breach.kind];
  const where = `${breach.limit} ${unit} (limits.${breach.kind})`;
  if (breach.used <= breach.limit) {
    return `${noun} reached its limit of ${where}`;
  }
  // MiB to a tenth, seconds to a millisecond.
  const scale = unit === "s" ? 1000 : 10;
  const used = Math.round(breach.used * scale) / scale;
  return `${noun} ${used} ${unit} exceeded its limit of ${where}`;
}

/**
 * A breach, as an Error that crosses `_internal/` (a worker's or a child's
 * end): each module turns it into its own ResourceLimitError.
 */
export class LimitBreach extends Error {
  /** Which limit, its value, and the usage seen. */
  readonly breach: ResourceLimitBreach;

  constructor(breach: ResourceLimitBreach) {
    super(describeBreach(breach));
    this.name = "LimitBreach";
    this.breach = breach;
  }
}
