// Copyright 2026 the @skein/concurrent authors. MIT license.
// The synchronisation primitives against raw Atomics. CPython 3.11 on the
// same machine: bench/threading_cpython.py.
import { Mutex } from "npm:async-mutex@0.5.0";
import {
  Event,
  Lock,
  registerModule,
  RLock,
  Thread,
} from "@skein/concurrent/threading";
import * as multiprocessing from "@skein/concurrent/multiprocessing";
import { closeIdleWorkers } from "../_internal/worker_pool.ts";
import {
  incrementAtomic,
  incrementUnderLock,
  pongEvents,
  pongRaw,
} from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const raw = new Int32Array(new SharedArrayBuffer(4));
const lock = new Lock();
const rlock = new RLock();
// The same algorithm over a shared memory segment (futex waits).
const processLock = new multiprocessing.Lock();
const mutex = new Mutex();

Deno.bench("raw Atomics.compareExchange lock + store unlock", {
  group: "uncontended acquire + release",
  baseline: true,
}, () => {
  while (Atomics.compareExchange(raw, 0, 0, 1) !== 0) { /* never here */ }
  Atomics.store(raw, 0, 0);
});

Deno.bench("Lock.acquireSync() + release()", {
  group: "uncontended acquire + release",
}, () => {
  lock.acquireSync();
  lock.release();
});

Deno.bench("await Lock.acquire() + release()", {
  group: "uncontended acquire + release",
}, async () => {
  await lock.acquire();
  lock.release();
});

Deno.bench("RLock.acquireSync() + release()", {
  group: "uncontended acquire + release",
}, () => {
  rlock.acquireSync();
  rlock.release();
});

Deno.bench("multiprocessing Lock.acquireSync() + release()", {
  group: "uncontended acquire + release",
}, () => {
  processLock.acquireSync();
  processLock.release();
});

Deno.bench("npm:async-mutex acquire + release (one isolate only)", {
  group: "uncontended acquire + release",
}, async () => {
  const release = await mutex.acquire();
  release();
});

const ROUNDS = 1000;

Deno.bench(`raw waitAsync/wait ping-pong x ${ROUNDS}`, {
  group: "ping-pong main <-> worker",
  baseline: true,
  n: 20,
}, async () => {
  const cell = new Int32Array(new SharedArrayBuffer(8));
  const thread = new Thread({ target: pongRaw, args: [cell, ROUNDS] });
  thread.start();
  for (let i = 0; i < ROUNDS; i++) {
    Atomics.store(cell, 0, 1);
    Atomics.notify(cell, 0);
    while (Atomics.load(cell, 1) === 0) {
      const wait = Atomics.waitAsync(cell, 1, 0);
      if (wait.async) await wait.value;
    }
    Atomics.store(cell, 1, 0);
  }
  await thread.join();
});

Deno.bench(`Event ping-pong x ${ROUNDS}`, {
  group: "ping-pong main <-> worker",
  n: 20,
}, async () => {
  const ping = new Event();
  const pong = new Event();
  const thread = new Thread({ target: pongEvents, args: [ping, pong, ROUNDS] });
  thread.start();
  for (let i = 0; i < ROUNDS; i++) {
    ping.set();
    await pong.wait();
    pong.clear();
  }
  await thread.join();
});

const TIMES = 20_000;

Deno.bench(`2 threads x ${TIMES} Atomics.add (no lock)`, {
  group: "contended, 2 workers",
  baseline: true,
  n: 10,
}, async () => {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const threads = [0, 1].map(() =>
    new Thread({ target: incrementAtomic, args: [counter, TIMES] })
  );
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
});

Deno.bench(`2 threads x ${TIMES} increments under a Lock`, {
  group: "contended, 2 workers",
  n: 10,
}, async () => {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const shared = new Lock();
  const threads = [0, 1].map(() =>
    new Thread({ target: incrementUnderLock, args: [shared, counter, TIMES] })
  );
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
});

globalThis.addEventListener("unload", () => closeIdleWorkers());
