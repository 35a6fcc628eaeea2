// Copyright 2026 the @skein/concurrent authors. MIT license.
// Queues between real workers: many producers and consumers, blocking on a
// small maxsize; a queue or a lock inside an item; join and shutdown seen
// across threads; pool tasks sharing a queue.
import assert from "node:assert/strict";
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  SimpleQueue,
} from "@skein/concurrent/queue";
import { Lock, registerModule, Thread } from "@skein/concurrent/threading";
import { ThreadPoolExecutor } from "@skein/concurrent/futures";
import {
  answerThroughItem,
  blockAndReport,
  consume,
  consumeAsync,
  doTasks,
  double,
  echo,
  incrementWithItem,
  mixedItem,
  produce,
  produceMixed,
  takeFunction,
} from "./fixtures/queue_targets.ts";
import { halve } from "./fixtures/halve.ts";

// (Registered first: a thread looks for takeFunction in the newest first,
// and must not import halve.ts on the way.)
registerModule(new URL("./fixtures/halve.ts", import.meta.url));
registerModule(new URL("./fixtures/queue_targets.ts", import.meta.url));

function start<A extends unknown[]>(
  target: (...args: A) => unknown,
  args: A,
): Thread<A> {
  const thread = new Thread({ target, args });
  thread.start();
  return thread;
}

for (
  const [name, Kind] of [["Queue", Queue], ["LifoQueue", LifoQueue], [
    "PriorityQueue",
    PriorityQueue,
  ]] as const
) {
  Deno.test(`${name}: 4 producers x 25,000 items, 2 consumers, maxsize 16`, async () => {
    const PRODUCERS = 4;
    const EACH = 25_000;
    const q = new Kind<number>(16);
    const stats = new BigInt64Array(new SharedArrayBuffer(16));
    const consumers = [
      start(consume, [q, stats]),
      start(consumeAsync, [q, stats]),
    ];
    const producers = Array.from(
      { length: PRODUCERS },
      (_, p) => start(produce, [q, p * EACH, EACH]),
    );
    for (const thread of producers) await thread.join();
    q.shutdown(); // consumers drain what is left, then stop
    for (const thread of consumers) await thread.join();
    const n = PRODUCERS * EACH;
    assert.equal(stats[0], BigInt(n));
    assert.equal(stats[1], BigInt(n * (n - 1) / 2));
    assert.equal(q.qsize(), 0);
  });
}

Deno.test("the main thread consumes what threads produce, get() and getSync()", async () => {
  const q = new Queue<number>(4);
  const threads = [
    start(produce, [q, 0, 5000]),
    start(produce, [q, 5000, 5000]),
  ];
  let sum = 0;
  for (let i = 0; i < 5000; i++) sum += await q.get();
  for (let i = 0; i < 5000; i++) sum += q.getSync();
  for (const thread of threads) await thread.join();
  assert.equal(sum, 10000 * 9999 / 2);
});

Deno.test("a queue inside another queue's item is the same queue", async () => {
  const inbox = new Queue<Queue<string>>();
  const reply = new Queue<string>();
  const thread = start(answerThroughItem, [inbox]);
  await inbox.put(reply);
  assert.equal(await reply.get({ timeout: 30 }), "hello from a thread");
  await thread.join();
});

Deno.test("a Lock and a SharedArrayBuffer inside items are shared", async () => {
  const lock = new Lock();
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const inbox = new SimpleQueue<
    { lock: Lock; cell: Int32Array; times: number }
  >();
  const threads = [0, 1, 2].map(() => start(incrementWithItem, [inbox]));
  for (let i = 0; i < 3; i++) inbox.putSync({ lock, cell, times: 5000 });
  for (const thread of threads) await thread.join();
  assert.equal(cell[0], 15000);
});

Deno.test("items cross and come back equal: echo through a thread", async () => {
  const inbox = new Queue<unknown>(2);
  const outbox = new Queue<unknown>(2);
  const thread = start(echo, [inbox, outbox]);
  const items: unknown[] = [
    { id: 1, name: "a", tags: ["x", "y"] },
    new Map([[1, new Set(["s"])]]),
    [1.5, -3n, null, undefined, "\u00e9\u{1f30d}"],
    new Date(7),
  ];
  for (const item of items) {
    await inbox.put(item);
    assert.deepEqual(await outbox.get(), item);
  }
  const error = new TypeError("sent");
  await inbox.put(error);
  const back = await outbox.get();
  assert.ok(back instanceof TypeError);
  assert.equal((back as Error).stack, error.stack);
  await inbox.put("stop");
  await thread.join();
});

Deno.test("join() waits for taskDone() in other threads", async () => {
  const q = new Queue<number | null>();
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const threads = [0, 1].map(() => start(doTasks, [q, cell]));
  for (let i = 1; i <= 1000; i++) q.putSync(i);
  await q.join();
  assert.equal(Atomics.load(cell, 0), 500500);
  q.putSync(null);
  q.putSync(null);
  q.joinSync();
  for (const thread of threads) await thread.join();
});

Deno.test("shutdown wakes threads blocked in getSync and putSync", async () => {
  const empty = new Queue<string>();
  const full = new Queue<string>(1);
  full.putSync("x");
  const out = new SimpleQueue<string>();
  const threads = [
    start(blockAndReport, [empty, false, out]),
    start(blockAndReport, [full, true, out]),
  ];
  // Both are blocked; nothing to report yet.
  assert.throws(() => out.getSync({ timeout: 0.2 }));
  empty.shutdown();
  full.shutdown();
  assert.deepEqual([await out.get(), await out.get()], [
    "ShutDown",
    "ShutDown",
  ]);
  for (const thread of threads) await thread.join();
});

Deno.test("pool tasks share a queue passed as an argument", async () => {
  const q = new Queue<number>(8);
  await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
  const stats = new BigInt64Array(new SharedArrayBuffer(16));
  const consumer = pool.submit(consume, q, stats);
  const producers = [0, 1].map((p) => pool.submit(produce, q, p * 1000, 1000));
  for (const f of producers) await f;
  q.shutdown();
  await consumer;
  assert.equal(stats[0], 2000n);
  assert.equal(stats[1], BigInt(2000 * 1999 / 2));
});

Deno.test("getSync of an item whose function is not loaded leaves it queued", async () => {
  const q = new Queue<{ fn: (x: number) => number }>();
  const out = new SimpleQueue<string>();
  q.putSync({ fn: halve });
  q.putSync({ fn: halve });
  // The thread that put it can decode it at once.
  assert.equal(q.getSync().fn(2), 1);
  const thread = start(takeFunction, [q, out]);
  assert.equal(await out.get(), "TypeError 1");
  assert.equal(await out.get(), "10.5");
  await thread.join();
  // A function of a module the thread has imported decodes in getSync.
  q.putSync({ fn: double });
  q.putSync({ fn: double });
  const again = start(takeFunction, [q, out]);
  assert.equal(await out.get(), "returned");
  assert.equal(await out.get(), "42");
  await again.join();
});

Deno.test("Queue: records of mixed sizes stream in order while the rings grow and wrap", async () => {
  const N = 20_000;
  for (const maxsize of [0, 7]) {
    const q = new Queue<number | string>(maxsize);
    const producer = start(produceMixed, [q, 0, N]);
    for (let i = 0; i < N; i++) {
      const item = i % 2 === 0 ? q.getSync() : await q.get();
      if (item !== mixedItem(i)) {
        assert.fail(`item ${i} came out as ${String(item).slice(0, 20)}`);
      }
    }
    await producer.join();
    assert.ok(q.empty());
  }
});
