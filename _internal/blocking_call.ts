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

// control[STATE]: PENDING until the worker has written the answer.
const STATE = 0;
const LENGTH = 1;
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
    control: new Int32Array(new SharedArrayBuffer(8)),
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
  const deadline = performance.now() + timeout * 1000;
  for (;;) {
    const left = deadline - performance.now();
    if (Atomics.load(control, STATE) !== PENDING) break;
    if (left <= 0) {
      if (worker === current) worker = undefined;
      current.task.terminate();
      return { status: "timeout" };
    }
    Atomics.wait(control, STATE, PENDING, left);
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
  const cell = new Int32Array(control);
  Atomics.store(cell, LENGTH, bytes.length);
  Atomics.store(cell, STATE, state);
  Atomics.notify(cell, STATE);
}
