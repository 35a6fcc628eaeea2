// Copyright 2026 the @skein/concurrent authors. MIT license.
// Processes against their platform baseline: Process start -> join against
// `deno run` of an empty module. CPython 3.11 (spawn) on the same machine:
// bench/multiprocessing_cpython.py.
import {
  Pipe,
  Pool,
  Process,
  Queue,
  SyncManager,
} from "@skein/concurrent/multiprocessing";
import {
  echoObjects,
  fib,
  identity,
  noop,
  putInts,
} from "./fixtures/targets.ts";
import { ProcessPoolExecutor } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const empty = new URL("./fixtures/empty.ts", import.meta.url).pathname;

Deno.bench("deno run of an empty module", {
  group: "process start -> exit",
  baseline: true,
  n: 40,
}, async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", empty],
    stdin: "null",
  }).spawn();
  await child.status;
});

Deno.bench("Process: start() -> join()", {
  group: "process start -> exit",
  n: 40,
}, async () => {
  const p = new Process({ target: noop });
  p.start();
  await p.join();
});

Deno.bench("Process: start() -> join(), watchdog (no --allow-ffi)", {
  group: "process start -> exit",
  n: 40,
}, async () => {
  const p = new Process({ target: noop, permissions: { ffi: false } });
  p.start();
  await p.join();
});

const SUBMITS = 5_000;

Deno.bench(`ProcessPoolExecutor(2): new pool, ${SUBMITS} no-op submits`, {
  group: "process pool",
  baseline: true,
  n: 5,
}, async () => {
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  const futures = [];
  for (let i = 0; i < SUBMITS; i++) futures.push(pool.submit(identity, i));
  await Promise.all(futures);
});

Deno.bench("ProcessPoolExecutor(2): new pool -> first result", {
  group: "process pool",
  n: 10,
}, async () => {
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  await pool.submit(identity, 1);
});

Deno.bench("serial: 8 x fib(32)", {
  group: "8 x fib(32) on 2 cores",
  baseline: true,
  n: 3,
}, () => {
  for (let i = 0; i < 8; i++) fib(32);
});

// Started and warmed before the measurement: the speedup of the work
// itself, apart from the start of the pool (measured above).
const warm = new ProcessPoolExecutor({ maxWorkers: 2 });
await Promise.all([0, 1, 2, 3].map(() => warm.submit(fib, 25)));

Deno.bench("ProcessPoolExecutor(2), started: 8 x fib(32)", {
  group: "8 x fib(32) on 2 cores",
  n: 5,
}, async () => {
  await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => warm.submit(fib, 32)));
});

globalThis.addEventListener("unload", () => warm.killWorkers());

const ROUND_TRIPS = 1000;

// A raw child echoing length-prefixed frames, kept for every iteration.
const rawEcho = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    new URL("./fixtures/raw_echo.ts", import.meta.url).pathname,
  ],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const rawWriter = rawEcho.stdin.getWriter();
const rawReader = rawEcho.stdout.getReader();

Deno.bench(`raw length-prefixed stdin/stdout echo x ${ROUND_TRIPS}`, {
  group: "pipe round trip",
  baseline: true,
  n: 20,
}, async () => {
  const frame = new Uint8Array([4, 0, 0, 0, 1, 2, 3, 4]);
  for (let i = 0; i < ROUND_TRIPS; i++) {
    await rawWriter.write(frame);
    let got = 0;
    while (got < frame.length) got += (await rawReader.read()).value!.length;
  }
});

const [here, there] = Pipe();
const echo = new Process({ target: echoObjects, args: [there] });
echo.start();

Deno.bench(`Pipe: send + recv round trip x ${ROUND_TRIPS}`, {
  group: "pipe round trip",
  n: 20,
}, async () => {
  for (let i = 0; i < ROUND_TRIPS; i++) {
    here.send(i);
    await here.recv();
  }
});

const ITEMS = 20_000;

Deno.bench(`Queue(): ${ITEMS} ints, child process -> parent`, {
  group: "process queue",
  n: 3,
}, async () => {
  const q = new Queue<number>();
  const p = new Process({ target: putInts, args: [q, ITEMS] });
  p.start();
  for (let i = 0; i < ITEMS; i++) await q.get();
  await p.join();
});

const pool = new Pool(2);
await pool.map(identity, [1, 2, 3, 4]);

Deno.bench("Pool(2), started: map of 10,000 no-op items", {
  group: "pool map",
  n: 50,
}, async () => {
  await pool.map(identity, Array.from({ length: 10_000 }, (_, i) => i));
});

// A proxy printed as Python's print(proxy): String() asks the server while
// this thread blocks, against the awaited round trip.
const manager = new SyncManager();
await manager.start();
const ns = await manager.Namespace({ x: 10, y: "hello" });
String(ns); // starts the worker thread that makes the sync calls

Deno.bench("await ns.str(): the referent's repr, awaited", {
  group: "proxy str",
  baseline: true,
}, async () => {
  await ns.str();
});

Deno.bench("String(ns): the referent's repr, this thread blocking", {
  group: "proxy str",
}, () => {
  String(ns);
});

globalThis.addEventListener("unload", () => {
  here.send(null);
  rawEcho.kill();
  pool.terminate();
  manager.shutdown();
});
