// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a RedisExecutor and its workers agree on: the shape of a job, what
// its signature covers, where results go and how they are written.
import { equalBytes, type HmacSha256, sha256 } from "../../_internal/hmac.ts";

/** BullMQ's name for our jobs. */
export const JOB_NAME = "call";

/**
 * One call in a job: `[n, f, a, c, l]`, its number in its executor, its
 * function, its arguments, whether they are a chunk, and its label.
 *
 * - `n`: the call's number in its executor (where its result goes).
 * - `f`: the function: the SHA-256 of its wire-codec record, its first 128
 *   bits in base64 (see {@linkcode recordHash}), which waits at `fnKey()`
 *   (a job carries it by hash, not whole: a record is a few hundred bytes
 *   that every call would repeat).
 * - `a`: the arguments (or, for a chunk, the argument lists), base64.
 * - `c`: 1 when `a` is a chunk of argument lists.
 * - `l`: the task as people name it, for errors: `fib`.
 */
export type JobCall = readonly [
  n: number,
  f: string,
  a: string,
  c: 0 | 1,
  l: string,
];

/**
 * A job's data: one call, or several of one executor when many wait (see
 * `RedisExecutor`'s `maxCallsPerJob`). Every field but `s` is covered by
 * the signature `s`, so a worker runs nothing that a holder of the authkey
 * did not send.
 */
export interface JobData {
  /** The executor's id (where the results go): 16 random bytes, base64url. */
  readonly x: string;
  /** The calls. */
  readonly p: readonly JobCall[];
  /** How many times the calls may run again after their worker died. */
  readonly m: number;
  /**
   * How many times their workers died before this job: a job of several
   * calls that lost its worker goes back as one job per call (so that a
   * call that ends its worker fails alone), each counting on from here.
   */
  readonly d: number;
  /** Seconds an undelivered result is kept. */
  readonly t: number;
  /** The signature: {@linkcode jobMac} of the other fields. */
  readonly s: string;
}

/** A call as a worker runs it: its job's fields and its own. */
export interface CallData {
  /** The executor's id. */
  readonly x: string;
  /** The call's number. */
  readonly n: number;
  /** The function's record (base64), or its hash before it is read. */
  readonly f: string;
  /** The arguments, base64. */
  readonly a: string;
  /** 1 when `a` is a chunk. */
  readonly c: 0 | 1;
  /** Seconds an undelivered result is kept. */
  readonly t: number;
  /** The label, for errors. */
  readonly l: string;
}

/**
 * The options of every job: nothing of it stays once it is done (results
 * have their own list), and our own count of lost workers decides retries.
 */
export const JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 1,
} as const;

// A job's data is copied by Redis, BullMQ and both sides' JSON for each
// call, so its fixed fields are short: the signature and the record hash
// keep 128 bits of SHA-256 (HMAC-SHA-256-128, as RFC 4868 truncates it;
// a record hash is not chosen by whoever would forge one, so 128 bits of
// second-preimage resistance stand), without base64 padding.
const MAC_BYTES = 16;
const HASH_BYTES = 16;

const utf8 = new TextEncoder();

/**
 * The bytes a job's signature covers: its fields and each call's as JSON
 * (which leaves no two jobs the same bytes: its strings are quoted and
 * escaped), the function by its record's SHA-256 (so a record a worker
 * reads from Redis is the one signed when its hash matches).
 */
export function signedBytes(data: Omit<JobData, "s">): Uint8Array {
  return utf8.encode(
    JSON.stringify([data.x, data.m, data.d, data.t, data.p]),
  );
}

/** A job's signature `s`: HMAC-SHA-256-128 of signedBytes(), base64. */
export function jobMac(hmac: HmacSha256, data: Omit<JobData, "s">): string {
  return toBase64(hmac.sign(signedBytes(data)).subarray(0, MAC_BYTES));
}

/** Whether `data` has the shape of a JobData (its signature unchecked). */
export function isJobData(data: unknown): data is JobData {
  const d = data as Record<string, unknown>;
  return typeof d === "object" && d !== null && typeof d.x === "string" &&
    EXECUTOR_ID.test(d.x) && Array.isArray(d.p) && d.p.length > 0 &&
    d.p.every(isJobCall) && Number.isInteger(d.m) && (d.m as number) >= 0 &&
    Number.isInteger(d.d) && (d.d as number) >= 0 &&
    Number.isInteger(d.t) && (d.t as number) > 0 && typeof d.s === "string";
}

const BASE64 = /^[A-Za-z0-9+/]*$/;

function isJobCall(call: unknown): call is JobCall {
  return Array.isArray(call) && call.length === 5 &&
    Number.isInteger(call[0]) && typeof call[1] === "string" &&
    BASE64.test(call[1]) && typeof call[2] === "string" &&
    BASE64.test(call[2]) && (call[3] === 0 || call[3] === 1) &&
    typeof call[4] === "string";
}

/**
 * The calls a job that is not one of this version's names, where it names
 * its executor: a worker tells them it refused them (an executor of
 * another version would wait for them otherwise).
 */
export function namedCalls(
  data: unknown,
): { x: string; n: number[] } | undefined {
  const d = data as Record<string, unknown>;
  if (typeof d !== "object" || d === null) return undefined;
  if (typeof d.x !== "string" || !EXECUTOR_ID.test(d.x)) return undefined;
  const n = Array.isArray(d.p)
    ? d.p.map((call) => Array.isArray(call) ? call[0] : undefined)
    : [d.n];
  // Unsigned: at most as many calls as a shared job holds by default.
  const numbers = n.filter((n): n is number => Number.isInteger(n))
    .slice(0, 32);
  return numbers.length === 0 ? undefined : { x: d.x, n: numbers };
}

/**
 * Whether `data.s` is its job's signature under `hmac` (constant time);
 * undefined when it is not a signature of this format at all (an executor
 * of another version of this package).
 */
export function verifyJob(
  hmac: HmacSha256,
  data: JobData,
): boolean | undefined {
  let mac: Uint8Array;
  try {
    mac = fromBase64(data.s);
  } catch {
    return undefined;
  }
  if (mac.length !== MAC_BYTES) return undefined;
  return equalBytes(
    mac,
    hmac.sign(signedBytes(data)).subarray(0, MAC_BYTES),
  );
}

/**
 * The hash of a function's record (base64 text): the first 128 bits of
 * its SHA-256, base64: `f`.
 */
export function recordHash(record: string): string {
  return toBase64(sha256(utf8.encode(record)).subarray(0, HASH_BYTES));
}

/** A new executor id (`x`): 16 random bytes, base64url. */
export function newExecutorId(): string {
  return (crypto.getRandomValues(new Uint8Array(16)) as Uint8Array & {
    toBase64(options: { alphabet: "base64url"; omitPadding: true }): string;
  }).toBase64({ alphabet: "base64url", omitPadding: true });
}

/**
 * The BullMQ job id of call `n` of executor `id` once its shared job lost
 * its worker and came back as a job per call.
 */
export function splitJobId(id: string, n: number): string {
  return `${id}-${n}`;
}

/** Where executor `id` keeps the function record whose hash is `hash`. */
export function fnKey(queue: string, id: string, hash: string): string {
  return `skein:${queue}:fn:${id}:${hash}`;
}

/** An executor id: what a worker accepts as `x` (it names Redis keys). */
export const EXECUTOR_ID = /^[A-Za-z0-9_-]{22}$/;

/** The list where the results for executor `id` wait to be read. */
export function resultsKey(queue: string, id: string): string {
  return `skein:${queue}:results:${id}`;
}

/**
 * The numbers of executor `id`'s calls cancelled while in a shared job
 * (a set): a worker splitting such a job leaves them out.
 */
export function cancelledKey(queue: string, id: string): string {
  return `skein:${queue}:cancelled:${id}`;
}

/** The key that exists while executor `id` is alive (refreshed by it). */
export function aliveKey(queue: string, id: string): string {
  return `skein:${queue}:alive:${id}`;
}

/** How a result is written in the results list: `n ok base64`. */
export function resultEntry(n: number, ok: boolean, bytes: string): string {
  return `${n} ${ok ? 1 : 0} ${bytes}`;
}

/**
 * What a worker writes in the results list when it takes call `n`: `n s`
 * (the executor then marks its future running, and cancel() says false).
 */
export function startedEntry(n: number): string {
  return `${n} s`;
}

/** Reads a resultEntry() or a startedEntry(). */
export function parseResult(
  entry: string,
): { n: number; started: boolean; ok: boolean; bytes: string } {
  const first = entry.indexOf(" ");
  return {
    n: Number(entry.slice(0, first)),
    started: entry[first + 1] === "s",
    ok: entry[first + 1] === "1",
    bytes: entry.slice(first + 3),
  };
}

/** Bytes as base64, without padding. */
export function toBase64(bytes: Uint8Array): string {
  return (bytes as Uint8Array & {
    toBase64(options: { omitPadding: true }): string;
  }).toBase64({ omitPadding: true });
}

/** Base64 as bytes. */
export function fromBase64(text: string): Uint8Array {
  return (Uint8Array as unknown as {
    fromBase64(text: string): Uint8Array;
  }).fromBase64(text);
}

/** `url` with its password hidden, for messages and logs. */
export function safeUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password !== "") shown.password = "***";
  return shown.href;
}

/**
 * Checks a Redis URL option for `what`.
 *
 * @throws {TypeError} If it is not a string or URL.
 * @throws {RangeError} If it is not a `redis:` or `rediss:` URL.
 */
export function checkRedisUrl(
  what: string,
  url: unknown,
  make: (message: string) => Error,
): URL {
  if (typeof url !== "string" && !(url instanceof URL)) {
    throw new TypeError(
      `Cannot ${what} as 'url' must be a string or URL: received ${typeof url}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw make(
      `Cannot ${what} as 'url' must be a redis:// or rediss:// URL: current value is '${url}'`,
    );
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw make(
      `Cannot ${what} as 'url' must be a redis:// or rediss:// URL: current value is '${
        safeUrl(parsed)
      }'`,
    );
  }
  return parsed;
}

/** Checks a queue name option for `what`. */
export function checkQueue(
  what: string,
  queue: unknown,
  make: (message: string) => Error,
): string {
  if (typeof queue !== "string") {
    throw new TypeError(
      `Cannot ${what} as 'queue' must be a string: received ${typeof queue}`,
    );
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(queue)) {
    throw make(
      `Cannot ${what} as 'queue' must be letters, digits, '_', '.' or '-': current value is '${queue}'`,
    );
  }
  return queue;
}
