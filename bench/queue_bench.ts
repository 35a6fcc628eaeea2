// Copyright 2026 the @skein/concurrent authors. MIT license.
// Queues against their platform baselines: Array push/shift on one thread,
// postMessage between two workers, sort for the priority queue. CPython
// 3.11 on the same machine: bench/queue_cpython.py.
import { PriorityQueue, Queue, SimpleQueue } from "@skein/concurrent/queue";
import { registerModule, Thread } from "@skein/concurrent/threading";
import { MessageChannel, Worker } from "node:worker_threads";
import { consume, produce } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const q = new Queue<number>();
const array: number[] = [];
let sink = 0;

Deno.bench("Array push + shift", {
  group: "put + get, one thread",
  baseline: true,
}, () => {
  array.push(1);
  sink += array.shift()!;
});

Deno.bench("Queue putNowait + getNowait", {
  group: "put + get, one thread",
}, () => {
  q.putNowait(1);
  sink += q.getNowait();
});

Deno.bench("Queue putNowait + getNowait of a small object", {
  group: "put + get, one thread",
}, () => {
  q.putNowait({ id: 1, name: "item-1", tags: ["red", "small"] } as never);
  sink += (q.getNowait() as unknown as { id: number }).id;
});

const N = 1_000_000;
const M = 200_000;
const expected = (n: number) => n * (n - 1) / 2;

// Two raw node workers, kept for every iteration as the threads' are.
const posters = await Promise.all([0, 1].map(() => {
  const worker = new Worker(
    new URL("./fixtures/post_worker.ts", import.meta.url),
  );
  return new Promise<Worker>((resolve) =>
    worker.once("message", () => resolve(worker))
  );
}));

async function viaPostMessage(n: number, objects: boolean): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  const done = new Promise((resolve) => posters[1]!.once("message", resolve));
  posters[1]!.postMessage({ consume: port2, n }, [port2]);
  posters[0]!.postMessage({ produce: port1, n, objects }, [port1]);
  if (await done !== expected(n)) throw new Error("lost items");
}

async function viaQueue(n: number, objects: boolean): Promise<void> {
  const items = new Queue(1024);
  const out = new SimpleQueue<number>();
  const threads = [
    new Thread({ target: produce, args: [items, n, objects] }),
    new Thread({ target: consume, args: [items, n, out] }),
  ];
  for (const thread of threads) thread.start();
  if (await out.get() !== expected(n)) throw new Error("lost items");
  for (const thread of threads) await thread.join();
}

Deno.bench(`postMessage, ${N} small ints, worker -> worker`, {
  group: "producer -> consumer, small ints",
  baseline: true,
  n: 5,
}, async () => await viaPostMessage(N, false));

Deno.bench(`Queue(1024), ${N} small ints, thread -> thread`, {
  group: "producer -> consumer, small ints",
  n: 5,
}, async () => await viaQueue(N, false));

Deno.bench(`postMessage, ${M} small objects, worker -> worker`, {
  group: "producer -> consumer, small objects",
  baseline: true,
  n: 5,
}, async () => await viaPostMessage(M, true));

Deno.bench(`Queue(1024), ${M} small objects, thread -> thread`, {
  group: "producer -> consumer, small objects",
  n: 5,
}, async () => await viaQueue(M, true));

const P = 100_000;
const randoms = Array.from({ length: P }, () => (Math.random() * 2 ** 31) | 0);

Deno.bench(`Array sort, ${P} random ints`, {
  group: "priority order",
  baseline: true,
  n: 10,
}, () => {
  const copy = randoms.slice().sort((a, b) => a - b);
  sink += copy[0]!;
});

Deno.bench(`PriorityQueue, ${P} random ints put then get`, {
  group: "priority order",
  n: 10,
}, () => {
  const pq = new PriorityQueue<number>();
  for (const r of randoms) pq.putNowait(r);
  for (let i = 0; i < P; i++) sink += pq.getNowait();
});

globalThis.addEventListener("unload", () => {
  for (const worker of posters) worker.terminate();
  if (sink === 0.5) console.log(sink);
});
