// Copyright 2026 the @skein/concurrent authors. MIT license.
// Shared memory against its raw baselines: a 1 MiB segment created,
// attached and unlinked against a file in /tmp written and read back; a
// Value incremented under its Lock by 2 processes against Atomics.add on
// one thread; an Event ping-pong between two processes against bytes
// echoed through a child's stdin and stdout. CPython 3.11 on the same machine:
// bench/shared_memory_cpython.py.
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import { Event, Process, Value } from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { incrementValue, pongEvents } from "./fixtures/targets.ts";
import { rawEcho } from "./fixtures/raw_echo_client.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const MIB = 1 << 20;
const bytes = new Uint8Array(MIB);

Deno.bench("raw: write a 1 MiB file in /tmp, read it, remove it", {
  group: "1 MiB segment",
  baseline: true,
}, () => {
  const path = `/tmp/skein_bench_${Deno.pid}`;
  Deno.writeFileSync(path, bytes);
  Deno.readFileSync(path);
  Deno.removeSync(path);
});

Deno.bench("SharedMemory: create 1 MiB, attach, close both, unlink", {
  group: "1 MiB segment",
}, () => {
  const shm = new SharedMemory({ create: true, size: MIB });
  const other = new SharedMemory({ name: shm.name });
  other.close();
  shm.close();
  shm.unlink();
});

const TIMES = 10_000;

Deno.bench(`raw: Atomics.add x ${2 * TIMES}, one thread`, {
  group: "Value += 1 under its Lock, 2 processes",
  baseline: true,
}, () => {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 2 * TIMES; i++) Atomics.add(cell, 0, 1);
});

Deno.bench(`Value: 2 processes x ${TIMES} increments under its lock`, {
  group: "Value += 1 under its Lock, 2 processes",
  n: 5,
}, async () => {
  const counter = new Value("i", 0);
  const processes = [0, 1].map(() =>
    new Process({ target: incrementValue, args: [counter, TIMES] })
  );
  for (const p of processes) p.start();
  for (const p of processes) await p.join();
  if (counter.value !== 2 * TIMES) throw new Error("lost increments");
});

const ROUNDS = 1000;

// The raw baseline: the same ping-pong as bytes through a child's stdin
// and stdout, which is how two processes talk without shared memory.
const echo = rawEcho();
globalThis.addEventListener("unload", () => echo.kill());

Deno.bench(`raw: 1-byte stdin/stdout echo x ${ROUNDS}`, {
  group: "Event ping-pong, 2 processes",
  baseline: true,
  n: 5,
  warmup: 1,
}, async () => await echo.roundTrips(ROUNDS));

// A child that answers pings until this process exits (deno bench may run
// more iterations than asked), after a first ping that waits for it to be
// running (its start needs this event loop to turn).
async function pingPongChild(): Promise<{ ping: Event; pong: Event }> {
  const ping = new Event();
  const pong = new Event();
  const child = new Process({
    target: pongEvents,
    args: [ping, pong, Number.MAX_SAFE_INTEGER],
    daemon: true,
  });
  child.start();
  ping.set();
  await pong.wait();
  pong.clear();
  return { ping, pong };
}

const sync = await pingPongChild();
Deno.bench(`Event: set + waitSync round trip x ${ROUNDS}`, {
  group: "Event ping-pong, 2 processes",
  n: 5,
  warmup: 1,
}, () => {
  const { ping, pong } = sync;
  for (let i = 0; i < ROUNDS; i++) {
    ping.set();
    pong.waitSync();
    pong.clear();
  }
});

const async = await pingPongChild();
Deno.bench(`Event: set + await wait() round trip x ${ROUNDS}`, {
  group: "Event ping-pong, 2 processes",
  n: 5,
  warmup: 1,
}, async () => {
  const { ping, pong } = async;
  for (let i = 0; i < ROUNDS; i++) {
    ping.set();
    await pong.wait();
    pong.clear();
  }
});
