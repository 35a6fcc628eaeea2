// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a child process runs (see child_process.ts). It reads who it is from
// the first frame on its stdin, then either
// - "process": one call, its target and its arguments as two records; it
//   exits with Python's codes: 0, or 1 after printing the exception;
// - "pool": calls (id, function, arguments: three records), one after
//   another, answering each with a marked frame [id, ok, value] on stdout,
//   until its stdin ends.
// Modules a call needs are imported first; the main module is imported,
// not run (`import.meta.main` is false here, as Python's `__main__` guard
// under spawn). A parent that goes away closes the stdin: the child exits.
import { FrameReader, NO_MORE_CALLS, writeMarkedFramesSync } from "./frames.ts";
import { noneHolding } from "./holds.ts";
import { Fifo } from "./fifo.ts";
import { NEEDS } from "./wire_tags.ts";
import { decodeBytes, load, readNeeds } from "./wire_decode.ts";
import { encodeBytes } from "./wire_encode.ts";
import { registerModule, setProgramMainModule } from "./ship.ts";
import { type Identity, setCurrentIdentity } from "./process_identity.ts";
import { routeRecord, setUplink } from "./process_links.ts";
import { isInstanceCall, rebuildInstance } from "./process_instance.ts";

/** The first record a child gets. */
export interface ChildHeader extends Identity {
  readonly mainModule: string;
  /** The parent's registered modules (see registerModule()), in order. */
  readonly modules: readonly string[];
  readonly mode: "process" | "pool";
}

// Records to the parent leave when the code that sends them pauses (a
// burst of queue puts goes out in one write), at most 256 at a time, and
// at exit. A pause is a microtask turn that sent nothing new.
let outgoing: Uint8Array[] = [];
let waiting = false;
let counted = 0;

function send(record: Uint8Array): void {
  outgoing.push(record);
  if (outgoing.length >= 256) return flush();
  if (!waiting) {
    waiting = true;
    counted = 0;
    queueMicrotask(settle);
  }
}

function settle(): void {
  if (outgoing.length > counted) {
    counted = outgoing.length;
    queueMicrotask(settle);
    return;
  }
  flush();
}

function flush(): void {
  waiting = false;
  if (outgoing.length === 0) return;
  const records = outgoing;
  outgoing = [];
  writeMarkedFramesSync(records);
}

globalThis.addEventListener("unload", flush);

async function decoded(record: Uint8Array): Promise<unknown> {
  const needs = readNeeds(record);
  if (needs !== undefined) await load(needs);
  return decodeBytes(record);
}

async function runProcess(frames: FrameReader, name: string): Promise<never> {
  const target = await frames.next();
  const args = await frames.next();
  if (target === undefined || args === undefined) Deno.exit(1); // parent gone
  // Link records wait until the arguments (a pipe's end among them) exist
  // here: routed before, they would go back up and come again out of order.
  let called!: () => void;
  routeLinks(frames, new Promise<void>((resolve) => called = resolve));
  let code = 0;
  try {
    const what = await decoded(target);
    if (isInstanceCall(what)) {
      const cls = what.instanceOf as unknown as Record<
        symbol,
        (cls: unknown, fields: unknown, options: unknown) => { run(): unknown }
      >;
      const instance = cls[rebuildInstance]!(cls, what.fields, what.options);
      called();
      await instance.run();
    } else {
      const fn = what as (...args: unknown[]) => unknown;
      const values = await decoded(args) as unknown[];
      called();
      await fn(...values);
    }
  } catch (error) {
    called();
    console.error(`Process ${name}:`);
    console.error(error instanceof Error ? error.stack ?? error : error);
    code = 1;
  }
  // As Python's, a process ends when its non-daemon threads have.
  await noneHolding();
  flush();
  Deno.exit(code);
}

// Routes the link records that come after the call, until the input ends
// (the parent went away): then exits.
async function routeLinks(
  frames: FrameReader,
  called: Promise<void>,
): Promise<never> {
  await called;
  for (;;) {
    const record = await frames.next().catch(() => undefined);
    if (record === undefined) Deno.exit(1);
    routeRecord(await decoded(record));
  }
}

async function runPool(frames: FrameReader): Promise<never> {
  // The input is read all the time, so that link records (answers from
  // queues a call waits on) arrive while a call runs; calls wait in line.
  const calls = new Fifo<Uint8Array>();
  let wake: (() => void) | undefined;
  (async () => {
    for (;;) {
      const record = await frames.next().catch(() => undefined);
      if (record === undefined) {
        // The parent is gone: so is this worker, even amid a call.
        flush();
        Deno.exit(0);
      }
      if ((record[0]! & NEEDS) === 0 && routeRecord(decodeBytes(record))) {
        continue;
      }
      calls.push(record);
      wake?.();
    }
  })();
  const next = async (): Promise<Uint8Array> => {
    while (calls.length === 0) {
      await new Promise<void>((resolve) => wake = resolve);
    }
    return calls.shift()!;
  };
  for (;;) {
    // A call is three records: its id, the function, the arguments.
    const id = decodeBytes(await next()) as number;
    if (id === NO_MORE_CALLS) Deno.exit(0); // the pool is done with it
    const fn = await next();
    const args = await next();
    let record: Uint8Array;
    try {
      const call = await decoded(fn) as (...args: unknown[]) => unknown;
      const result = await call(...await decoded(args) as unknown[]);
      record = encodeBytes([id, true, result], "result", true);
    } catch (error) {
      try {
        record = encodeBytes([id, false, error], "exception", true);
      } catch (encodeError) {
        record = encodeBytes([id, false, encodeError], "exception", true);
      }
    }
    send(record);
    flush(); // a result goes at once, after what the call sent before it
  }
}

const frames = new FrameReader(Deno.stdin);
const first = await frames.next();
if (first === undefined) Deno.exit(1);
const { mainModule, modules, mode, ...identity } = decodeBytes(
  first,
) as ChildHeader;
setProgramMainModule(mainModule);
// So that what this process sends back names them too.
for (const url of modules.toReversed()) registerModule(url);
setCurrentIdentity(identity);
setUplink(send);
if (mode === "pool") await runPool(frames);
else await runProcess(frames, identity.name);
