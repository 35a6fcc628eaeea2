// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's Lib/test/test_queue.py checks, on one thread: order,
// blocking and timeouts, Full/Empty, taskDone/join, shutdown (3.13), bad
// input, and items that fail without corrupting the queue.
import assert from "node:assert/strict";
import {
  Empty,
  Full,
  LifoQueue,
  PriorityQueue,
  Queue,
  ShutDown,
  SimpleQueue,
} from "@skein/concurrent/queue";
import { ValueError } from "@skein/concurrent";
import { toShared } from "../../_internal/shareable.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";

const QUEUE_SIZE = 5;
const KINDS = [
  ["Queue", Queue, [111, 333, 222]],
  ["LifoQueue", LifoQueue, [222, 333, 111]],
  ["PriorityQueue", PriorityQueue, [111, 222, 333]],
] as const;

const later = (ms: number, fn: () => void) =>
  new Promise<void>((resolve) =>
    setTimeout(() => {
      fn();
      resolve();
    }, ms)
  );

for (const [name, Kind, order] of KINDS) {
  Deno.test(`${name}: simple_queue_test (order, Full, Empty, blocking)`, async () => {
    const q = new Kind<number>(QUEUE_SIZE);
    assert.equal(q.maxsize, QUEUE_SIZE);
    assert.ok(q.empty());
    assert.ok(!q.full());
    q.putSync(111);
    q.putSync(333);
    q.putSync(222);
    assert.deepEqual([q.getSync(), q.getSync(), q.getSync()], order);
    for (let i = 0; i < QUEUE_SIZE - 1; i++) {
      q.putSync(i);
      assert.ok(q.qsize() > 0);
    }
    assert.ok(!q.full());
    q.putSync(999);
    assert.ok(q.full());
    assert.throws(() => q.putSync(888, { block: false }), Full);
    assert.throws(() => q.putNowait(888), Full);
    assert.throws(() => q.putSync(888, { timeout: 0.01 }), Full);
    await assert.rejects(q.put(888, { timeout: 0.01 }), Full);
    assert.equal(q.qsize(), QUEUE_SIZE);
    // A blocking put waits for a get.
    const put = q.put(777);
    await later(10, () => q.getSync());
    await put;
    assert.equal(q.qsize(), QUEUE_SIZE);
    for (let i = 0; i < QUEUE_SIZE; i++) q.getSync();
    assert.ok(q.empty());
    assert.throws(() => q.getSync({ block: false }), Empty);
    assert.throws(() => q.getNowait(), Empty);
    assert.throws(() => q.getSync({ timeout: 0.01 }), Empty);
    await assert.rejects(q.get({ timeout: 0.01 }), Empty);
    // A blocking get waits for a put.
    const get = q.get();
    await later(10, () => q.putSync(555));
    assert.equal(await get, 555);
  });

  Deno.test(`${name}: taskDone and join (queue_join_test)`, async () => {
    const q = new Kind<number>();
    assert.throws(() => q.taskDone(), {
      name: "ValueError",
      message: "task_done() called too many times",
    });
    for (let i = 0; i < 100; i++) q.putSync(i);
    let total = 0;
    const worker = (async () => {
      while (!q.empty()) {
        total += await q.get();
        await new Promise((resolve) => setTimeout(resolve, 0));
        q.taskDone();
      }
    })();
    await q.join();
    assert.equal(total, 4950);
    await worker;
    q.joinSync(); // nothing unfinished: returns at once
    assert.throws(() => q.taskDone(), ValueError);
  });

  Deno.test(`${name}: a negative timeout is a ValueError`, async () => {
    const q = new Kind<number>(QUEUE_SIZE);
    assert.throws(() => q.putSync(1, { timeout: -1 }), {
      name: "ValueError",
      message: "'timeout' must be a non-negative number",
    });
    await assert.rejects(q.put(1, { timeout: -1 }), ValueError);
    assert.throws(() => q.getSync({ timeout: -1 }), ValueError);
    await assert.rejects(q.get({ timeout: -1 }), ValueError);
    assert.equal(q.qsize(), 0);
    // As in Python: an unbounded put never waits, so it never checks.
    const unbounded = new Kind<number>();
    unbounded.putSync(1, { timeout: -1 });
    assert.equal(unbounded.qsize(), 1);
  });

  Deno.test(`${name}: shrinking the queue (issue 10110)`, () => {
    const q = new Kind<number>(3);
    q.putSync(1);
    q.putSync(2);
    q.putSync(3);
    assert.throws(() => q.putNowait(4), Full);
    assert.equal(q.qsize(), 3);
    q.maxsize = 2;
    assert.throws(() => q.putNowait(4), Full);
  });

  Deno.test(`${name}: shutdown, empty and not, and immediate`, async () => {
    const q = new Kind<string>();
    assert.equal(q.isShutdown, false);
    q.shutdown();
    assert.equal(q.isShutdown, true);
    assert.throws(() => q.putSync("data"), ShutDown);
    assert.throws(() => q.getSync(), ShutDown);
    await assert.rejects(q.put("data"), ShutDown);
    await assert.rejects(q.get(), ShutDown);
    q.shutdown({ immediate: true }); // allowed transitions
    q.shutdown({ immediate: false });

    const nonempty = new Kind<string>();
    nonempty.putSync("data");
    nonempty.shutdown();
    assert.equal(nonempty.getSync(), "data");
    assert.throws(() => nonempty.getSync(), ShutDown);

    const immediate = new Kind<string>();
    immediate.putSync("a");
    immediate.putSync("b");
    immediate.shutdown({ immediate: true });
    assert.equal(immediate.qsize(), 0);
    assert.throws(() => immediate.getSync(), ShutDown);
    immediate.joinSync(); // the dropped items count as done
    await immediate.join();
  });

  Deno.test(`${name}: shutdown wakes waiting put, get and join`, async () => {
    const empty = new Kind<string>();
    const getter = empty.get();
    empty.shutdown();
    await assert.rejects(getter, ShutDown);

    const full = new Kind<string>(1);
    full.putSync("a");
    const putter = full.put("b");
    const joiner = full.join();
    full.shutdown();
    await assert.rejects(putter, ShutDown);
    assert.equal(full.getSync(), "a"); // not immediate: items stay
    full.taskDone();
    await joiner;

    const dropping = new Kind<string>(1);
    dropping.putSync("a");
    const join = dropping.join();
    const put = dropping.put("b");
    dropping.shutdown({ immediate: true });
    await join;
    await assert.rejects(put, ShutDown);
  });

  Deno.test(`${name}: for await takes items until shutdown`, async () => {
    const q = new Kind<number>();
    for (const n of [3, 1, 2]) q.putSync(n);
    setTimeout(() => q.shutdown(), 20);
    const seen: number[] = [];
    for await (const item of q) seen.push(item);
    assert.deepEqual(seen.toSorted(), [1, 2, 3]);
  });

  Deno.test(`${name}: a signal stops a waiting get or put, losing nothing`, async () => {
    const q = new Kind<number>(1);
    const controller = new AbortController();
    const get = q.get({ signal: controller.signal });
    controller.abort(new Error("stop"));
    await assert.rejects(get, { message: "stop" });
    q.putSync(1);
    const put = q.put(2, { signal: AbortSignal.timeout(10) });
    await assert.rejects(put, { name: "TimeoutError" });
    assert.equal(q.qsize(), 1);
    assert.equal(q.getSync(), 1);
    await assert.rejects(
      q.get({ signal: AbortSignal.abort(new Error("already")) }),
      { message: "already" },
    );
    // An abandoned waiter does not swallow the next item.
    q.putSync(3);
    assert.equal(await q.get({ timeout: 1 }), 3);
  });

  Deno.test(`${name}: an item that cannot cross leaves the queue unchanged`, async () => {
    const q = new Kind<unknown>(2);
    q.putSync(1);
    assert.throws(() => q.putSync({ f: Symbol("no") }), {
      name: "TypeError",
      message: /item\.f/,
    });
    await assert.rejects(q.put([() => {}, Symbol("no")]), TypeError);
    assert.equal(q.qsize(), 1);
    assert.equal(q.getSync(), 1);
    q.taskDone(); // the failed puts did not count as tasks
    assert.throws(() => q.taskDone(), ValueError);
  });

  Deno.test(`${name}: bad arguments name the parameter`, () => {
    assert.throws(() => new Kind("3" as unknown as number), {
      name: "TypeError",
      message: /'maxsize' must be an integer/,
    });
    assert.throws(() => new Kind(1.5), ValueError);
    const q = new Kind<number>();
    assert.throws(() => q.putSync(1, { block: "no" as unknown as boolean }), {
      name: "TypeError",
      message: /'block' must be a boolean/,
    });
    assert.throws(() => q.getSync({ timeout: "1" as unknown as number }), {
      name: "TypeError",
      message: /'timeout' must be a number of seconds/,
    });
    assert.throws(() => q.getSync({ timeout: NaN }), ValueError);
    assert.throws(
      () => q.shutdown({ immediate: 1 as unknown as boolean }),
      TypeError,
    );
    assert.equal(q.isShutdown, false);
  });
}

Deno.test("items keep their value: data, Maps, errors, typed arrays", () => {
  const q = new Queue<unknown>();
  const items: unknown[] = [
    "text",
    1.5,
    -0,
    2 ** 40,
    10n,
    null,
    undefined,
    { id: 1, tags: ["a"] },
    new Map([["k", new Set([1])]]),
    new Date(5),
    new Uint8Array([1, 2]),
  ];
  for (const item of items) q.putSync(item);
  for (const item of items) assert.deepEqual(q.getSync(), item);
  q.putSync(new RangeError("bad"));
  const error = q.getSync();
  assert.ok(error instanceof RangeError);
  assert.equal((error as Error).message, "bad");
  const mine = { n: 1 };
  q.putSync(mine);
  assert.notEqual(q.getSync(), mine); // a copy, as between Python processes
});

Deno.test("PriorityQueue: Python's tuple order, ties in insertion order", () => {
  const q = new PriorityQueue<unknown>();
  const entries: [number, string, number][] = [];
  for (let i = 0; i < 300; i++) {
    entries.push([(i * 7919) % 10, `s${(i * 31) % 5}`, i]);
  }
  for (const entry of entries) q.putSync(entry);
  const sorted = entries.toSorted((a, b) =>
    a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2]
  );
  for (const entry of sorted) assert.deepEqual(q.getSync(), entry);

  // Equal priorities with unorderable data: Python compares the data and
  // fails only if it is unequal; equal items come out as put.
  const tasks = new PriorityQueue<[number, Record<string, number>]>();
  tasks.putSync([1, { id: 1 }]);
  tasks.putSync([0, { id: 2 }]);
  tasks.putSync([2, { id: 1 }]);
  assert.deepEqual(tasks.getSync(), [0, { id: 2 }]);
  assert.throws(() => tasks.putSync([1, { id: 3 }]), TypeError);

  const ties = new PriorityQueue<[number, string]>();
  for (let i = 0; i < 50; i++) ties.putSync([i % 2, "same"]);
  const marks = new PriorityQueue<[number, number[]]>();
  for (let i = 0; i < 20; i++) marks.putSync([0, []]);
  for (let i = 0; i < 20; i++) assert.deepEqual(marks.getSync(), [0, []]);
  assert.equal(ties.qsize(), 50);
});

Deno.test("PriorityQueue: equal items come out in the order they were put", () => {
  // Python's heap does not promise this; this queue does.
  const q = new PriorityQueue<number[]>();
  const a = [1];
  const b = [1];
  const c = [0];
  q.putSync(a);
  q.putSync(b);
  q.putSync(c);
  const seen = [q.getSync(), q.getSync(), q.getSync()];
  assert.deepEqual(seen, [[0], [1], [1]]);
  // Identity is not kept (items are copies), so tag them to check order.
  const tagged = new PriorityQueue<[number, number]>();
  const keys = [5, 1, 5, 1, 5, 3, 1];
  keys.forEach((k, i) => tagged.putSync([k, i]));
  const out = keys.map(() => tagged.getSync());
  assert.deepEqual(
    out,
    keys.map((k, i) => [k, i]).toSorted((x, y) =>
      x[0]! - y[0]! || x[1]! - y[1]!
    ),
  );
});

Deno.test("PriorityQueue: an unorderable item is a TypeError, queue unchanged", () => {
  const q = new PriorityQueue<unknown>();
  q.putSync({}); // one item needs no comparison, as in Python
  assert.throws(() => q.putSync({}), {
    name: "TypeError",
    message: "'<' not supported between instances of 'Object' and 'Object'",
  });
  assert.equal(q.qsize(), 1);
  const numbers = new PriorityQueue<unknown>();
  numbers.putSync(2);
  numbers.putSync(1);
  assert.throws(() => numbers.putSync("a"), TypeError);
  assert.throws(() => numbers.putSync([1]), TypeError);
  assert.throws(() => numbers.putSync(null), TypeError);
  assert.equal(numbers.qsize(), 2);
  numbers.putSync(1.5);
  numbers.putSync(2n);
  numbers.putSync(true);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => numbers.getSync()),
    [1, true, 1.5, 2, 2n], // true == 1: put later, out later
  );
});

Deno.test("SimpleQueue: unbounded, put never blocks, Python's get", async () => {
  const q = new SimpleQueue<number>();
  for (let i = 0; i < 1000; i++) await q.put(i, { block: true, timeout: -1 });
  q.putSync(1000);
  q.putNowait(1001);
  assert.equal(q.qsize(), 1002);
  assert.equal(q.empty(), false);
  for (let i = 0; i <= 1001; i++) assert.equal(q.getSync(), i);
  assert.throws(() => q.getNowait(), Empty);
  assert.throws(() => q.getSync({ timeout: 0.01 }), Empty);
  q.putSync(7);
  assert.throws(() => q.getSync({ timeout: -1 }), ValueError);
  assert.equal(q.qsize(), 1);
  const waiting = q.get();
  assert.equal(await waiting, 7);
  const next = q.get({ timeout: 5 });
  setTimeout(() => q.putSync(8), 10);
  assert.equal(await next, 8);
  assert.equal("taskDone" in q, false);
  assert.equal("shutdown" in q, false);
});

Deno.test("storage grows with the contents and is reused after draining", () => {
  const q = new Queue<string>();
  let put = 0;
  let got = 0;
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 20_000; i++) q.putSync(`item-${put++}`);
    for (let i = 0; i < 18_000; i++) assert.equal(q.getSync(), `item-${got++}`);
  }
  while (!q.empty()) assert.equal(q.getSync(), `item-${got++}`);
  assert.equal(got, put);
});

Deno.test("a FIFO queue's rings wrap and grow with items of every size in flight", () => {
  // A deterministic walk: runs of puts and gets of ints and of strings up
  // to 5,000 characters, so records skip the arena's end and both rings
  // double while they hold wrapped items.
  let seed = 1;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const item = (i: number) =>
    i % 4 === 0 ? i : `${i}:${"y".repeat((i * 131) % 5001)}`;
  const q = new Queue<number | string>();
  let put = 0;
  let got = 0;
  for (let step = 0; step < 400; step++) {
    const puts = random(60);
    for (let i = 0; i < puts; i++) q.putSync(item(put++));
    const gets = Math.min(random(60), put - got);
    for (let i = 0; i < gets; i++) assert.equal(q.getSync(), item(got++));
    assert.equal(q.qsize(), put - got);
  }
  while (got < put) assert.equal(q.getSync(), item(got++));
  assert.ok(q.empty());
});

Deno.test("a million small items need at most 64 bytes each beyond their encoding", () => {
  const N = 1_000_000;
  const q = new Queue<string>();
  const bytes = () =>
    q[toShared]().buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const empty = bytes();
  let encoded = 0;
  for (let i = 0; i < N; i++) {
    const item = `item-${i}`;
    encoded += encodeBytes(item, "item").length;
    q.putSync(item);
  }
  const full = bytes();
  const overhead = (full - empty - encoded) / N;
  assert.ok(overhead <= 64, `${overhead} bytes of overhead per item`);
  for (let i = 0; i < N; i++) assert.equal(q.getSync(), `item-${i}`);
  // Drained, the same memory takes the next million.
  for (let i = 0; i < N; i++) q.putSync(`item-${i}`);
  assert.equal(bytes(), full);
});
