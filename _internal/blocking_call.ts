// Copyright 2026 the @skein/concurrent authors. MIT license.
// A call whose answer this thread waits for without its event loop: an
// exported function (usually async, doing I/O) runs in a worker thread,
// which writes the text it returns into a SharedArrayBuffer while this
// thread blocks in Atomics.wait, at most a given number of seconds. It
// serves what must answer synchronously but needs I/O, as String(proxy)
// asking a manager's server. The worker cannot reach anything that only
// this thread's event loop serves (a server listening on this thread):
// callers answer those themselves.
//
// One worker serves every call of this thread, kept between calls (it is
// unref'd: it never holds the process open); a call that times out ends it,
// with whatever it was waiting for, and the next call starts another.
//
// A worker that dies mid-call cannot say so, and the event that reports its
// exit needs this thread's event loop, which the wait blocks: so a worker
// bumps a beat word while it works (awaitWorker, keepBeating), and a wait
// that sees no beat for STALE_AFTER seconds takes the worker as dead. The
// same wait serves every caller that blocks on a worker (runSync too).
import { identCounters, nextIdent } from "./ident.ts";
import { exportRef, programMainModule, resolveFunction } from "./ship.ts";
import { TaskWorker } from "./worker_pool.ts";

/** How a blocking call ended. */
export type BlockingOutcome =
  | { readonly status: "ok"; readonly value: string }
  | {
    readonly status: "error";
    readonly name: string;
    readonly message: string;
  }
  | { readonly status: "timeout" };

/** The words of a call's control array: see {@linkcode awaitWorker}. */
export const CONTROL_WORDS = 3;
// control[STATE]: PENDING until the worker has written the answer.
const STATE = 0;
const LENGTH = 1;
/** control[BEAT]: bumped by the worker every BEAT_MS while it works. */
const BEAT = 2;
const BEAT_MS = 100;
// How often a wait looks at the beat.
const LOOK_MS = 250;
/** Seconds without a beat after which a waiting caller takes the worker as dead. */
export const STALE_AFTER = 10;
let staleAfterMs = STALE_AFTER * 1000;
// Milliseconds a worker has to begin beating (it may be starting).
const FIRST_BEAT_MS = 60_000;
const PENDING = 0;
const OK = 1;
const FAILED = 2;
/** The longest answer a worker can hand back: 1 GiB of UTF-8. */
const MAX_ANSWER = 2 ** 30;

const SELF = import.meta.url;

// The worker, and the buffers its answers come in (reused from call to
// call: one call at a time, and a worker that timed out is not reused).
interface BlockingWorker {
  readonly task: TaskWorker;
  readonly ident: number;
  readonly control: Int32Array<SharedArrayBuffer>;
  readonly data: SharedArrayBuffer;
}
let worker: BlockingWorker | undefined;

/**
 * Calls the export `name` of the module at `module` with `args` in a
 * worker thread and blocks this thread until it has returned (its result
 * as a string) or thrown, or `timeout` seconds have passed.
 *
 * @param args Plain data, copied by structured clone.
 */
export function callBlocking(
  module: string,
  name: string,
  args: readonly unknown[],
  timeout: number,
): BlockingOutcome {
  const current = worker ??= {
    task: TaskWorker.acquire(),
    ident: nextIdent(),
    control: new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS)),
    data: new SharedArrayBuffer(0, { maxByteLength: MAX_ANSWER }),
  };
  const { control, data } = current;
  Atomics.store(control, STATE, PENDING);
  current.task.run({
    fn: exportRef("answerInto", SELF),
    args: {
      value: [control.buffer, data, module, name, args],
      marked: false,
    },
    ident: current.ident,
    counters: identCounters(),
    mainModule: programMainModule(),
  }).then((reply) => {
    // The worker died or was ended: the next call starts another.
    if (reply instanceof Error && worker === current) worker = undefined;
  });
  const ended = awaitWorker(control, timeout);
  if (ended !== "done") {
    if (worker === current) worker = undefined;
    current.task.terminate();
    return ended === "timeout" ? { status: "timeout" } : {
      status: "error",
      name: "Error",
      message: "the worker thread running the call died",
    };
  }
  const text = new TextDecoder().decode(
    new Uint8Array(data, 0, Atomics.load(control, LENGTH)).slice(),
  );
  if (Atomics.load(control, STATE) === OK) return { status: "ok", value: text };
  const { name: errorName, message } = JSON.parse(text) as {
    name: string;
    message: string;
  };
  return { status: "error", name: errorName, message };
}

/**
 * Blocks this thread until `control[0]` is no longer 0 (the worker's
 * answer is in), `timeout` seconds pass (none: no limit), or the worker's
 * beat (`control[2]`, see {@linkcode keepBeating}) has not moved for
 * {@linkcode STALE_AFTER} seconds: then the worker died (or hangs without
 * its event loop) and will never answer. `control` has
 * {@linkcode CONTROL_WORDS} words; a worker that has not begun beating yet
 * (it is starting) gets 60 seconds to begin.
 */
export function awaitWorker(
  control: Int32Array<SharedArrayBuffer>,
  timeout?: number,
): "done" | "timeout" | "dead" {
  const deadline = timeout === undefined
    ? Infinity
    : performance.now() + timeout * 1000;
  let beat = Atomics.load(control, BEAT);
  let beatSeen = performance.now();
  // A new worker, on a loaded machine, may take seconds to begin beating.
  let stale = Math.max(staleAfterMs, FIRST_BEAT_MS);
  for (;;) {
    if (Atomics.load(control, STATE) !== PENDING) return "done";
    const now = performance.now();
    if (now >= deadline) return "timeout";
    const seen = Atomics.load(control, BEAT);
    if (seen !== beat) {
      beat = seen;
      beatSeen = now;
      stale = staleAfterMs;
    } else if (now - beatSeen >= stale) {
      return "dead";
    }
    Atomics.wait(control, STATE, PENDING, Math.min(deadline - now, LOOK_MS));
  }
}

/**
 * The worker's side of {@linkcode awaitWorker}: bumps `control[2]` every
 * 100 ms until the returned function is called (when the answer is in).
 */
export function keepBeating(control: SharedArrayBuffer): () => void {
  const cell = new Int32Array(control);
  Atomics.add(cell, BEAT, 1);
  const timer = setInterval(() => Atomics.add(cell, BEAT, 1), BEAT_MS);
  return () => clearInterval(timer);
}

/**
 * Sets how many seconds without a beat make a waiting caller take its
 * worker as dead (tests shorten it); returns the previous value.
 */
export function setStaleAfter(seconds: number): number {
  if (!(seconds > 0)) {
    throw new RangeError(
      `Cannot set the stale worker delay as 'seconds' must be > 0: current value is ${seconds}`,
    );
  }
  const previous = staleAfterMs / 1000;
  staleAfterMs = seconds * 1000;
  return previous;
}

/**
 * The worker's side of {@linkcode callBlocking}: finds the export `name`
 * of `module` (as a shipped function is found), calls it with `args`, and writes the outcome into `control`
 * and `data`. Never throws.
 */
export async function answerInto(
  control: SharedArrayBuffer,
  data: SharedArrayBuffer,
  module: string,
  name: string,
  args: unknown[],
): Promise<void> {
  const stopBeating = keepBeating(control);
  let state = OK;
  let text: string;
  try {
    const fn: unknown = await resolveFunction(exportRef(name, module));
    if (typeof fn !== "function") {
      throw new TypeError(`Module '${module}' has no function '${name}'`);
    }
    text = String(await fn(...args));
  } catch (error) {
    state = FAILED;
    const { name: errorName = "Error", message = String(error) } =
      error instanceof Error ? error : {};
    text = JSON.stringify({ name: errorName, message });
  }
  let bytes = new TextEncoder().encode(text);
  if (bytes.length > data.maxByteLength) {
    state = FAILED;
    bytes = new TextEncoder().encode(JSON.stringify({
      name: "RangeError",
      message:
        `Cannot hand back an answer of ${bytes.length} bytes: at most ${data.maxByteLength} fit`,
    }));
  }
  if (bytes.length > data.byteLength) data.grow(bytes.length);
  new Uint8Array(data).set(bytes);
  stopBeating();
  const cell = new Int32Array(control);
  Atomics.store(cell, LENGTH, bytes.length);
  Atomics.store(cell, STATE, state);
  Atomics.notify(cell, STATE);
}
