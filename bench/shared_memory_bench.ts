// Copyright 2026 the @skein/concurrent authors. MIT license.
// Shared memory against its raw baselines: a 1 MiB segment created,
// attached and unlinked against a file in /tmp written and read back; a
// Value incremented under its Lock by 2 processes against Atomics.add on
// one thread. CPython 3.11 on the same machine:
// bench/shared_memory_cpython.py.
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import { Process, Value } from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { incrementValue } from "./fixtures/targets.ts";

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
