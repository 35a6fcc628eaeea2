// Copyright 2026 the @skein/concurrent authors. MIT license.
// Process queues: items put by child processes are received exactly once;
// Empty, Full and timeouts cross; JoinableQueue's join spans processes;
// a queue reaches pool calls; a child killed while waiting loses nothing.
import assert from "node:assert/strict";
import {
  Empty,
  Full,
  JoinableQueue,
  Process,
  type ProcessPermissions,
  Queue,
  RuntimeError,
  SimpleQueue,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { ProcessPoolExecutor } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { CHANNELS } from "./_channels.ts";
import {
  callFromQueue,
  doTasks,
  getForever,
  putRange,
  putThenClose,
  queueErrors,
  sumItems,
  triple,
} from "./fixtures/process_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

// A child's puts on an unbounded Queue or SimpleQueue go over a pipe in
// shared memory when it has FFI, else as records on its stdout: the tests
// that start children run over both (a bounded queue's puts, and a
// JoinableQueue's, are requests either way).
let permissions: ProcessPermissions = "inherit";

function channelTest(name: string, fn: () => Promise<void>): void {
  for (const [channel, granted] of CHANNELS) {
    Deno.test(`${name} (${channel})`, async () => {
      permissions = granted;
      try {
        await fn();
      } finally {
        permissions = "inherit";
      }
    });
  }
}

function start<A extends unknown[]>(
  target: (...args: A) => unknown,
  args: A,
): Process<A> {
  const p = new Process({ target, args, permissions });
  p.start();
  return p;
}

Deno.test("Queue: 4 processes x 10,000 items, each received exactly once", async () => {
  const EACH = 10_000;
  const q = new Queue<number>(64);
  const producers = [0, 1, 2, 3].map((i) =>
    start(putRange, [q, i * EACH, EACH])
  );
  const seen = new Uint8Array(4 * EACH);
  let sum = 0;
  for (let i = 0; i < 4 * EACH; i++) {
    const item = await q.get({ timeout: 60 });
    seen[item]!++;
    sum += item;
  }
  for (const p of producers) {
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  assert.ok(seen.every((count) => count === 1));
  assert.equal(sum, (4 * EACH) * (4 * EACH - 1) / 2);
  assert.equal(await q.empty(), true);
});

channelTest("Queue: children consume what the parent puts", async () => {
  const q = new Queue<number>();
  const out = new SimpleQueue<number>();
  const consumers = [0, 1].map(() => start(sumItems, [q, 500, out]));
  for (let i = 0; i < 1000; i++) await q.put(i);
  const sums = [await out.get(), await out.get()];
  assert.equal(sums[0]! + sums[1]!, 1000 * 999 / 2);
  for (const p of consumers) await p.join();
});

channelTest(
  "Queue: Empty, Full and timeouts, here and in a child",
  async () => {
    const empty = new Queue<string>();
    const full = new Queue<string>(1);
    await full.put("only");
    assert.equal(await full.full(), true);
    assert.equal(await full.qsize(), 1);
    await assert.rejects(empty.getNowait(), Empty);
    await assert.rejects(full.putNowait("x"), Full);
    const out = new Queue<string>();
    const p = start(queueErrors, [empty, full, out]);
    assert.deepEqual(
      [await out.get(), await out.get(), await out.get()],
      ["Empty", "Empty", "Full"],
    );
    await p.join();
    assert.equal(await full.get(), "only");
  },
);

Deno.test("JoinableQueue: join waits for taskDone in a child", async () => {
  const q = new JoinableQueue<number>();
  const p = start(doTasks, [q, 20]);
  for (let i = 0; i < 20; i++) await q.put(i);
  await q.join();
  await p.join();
  assert.equal(p.exitcode, 0);
  await assert.rejects(q.taskDone(), { name: "ValueError" });
});

Deno.test("Queue: reached from a pool's worker processes", async () => {
  const q = new Queue<number>();
  await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
  await Promise.all([0, 1].map((i) => pool.submit(putRange, q, i * 100, 100)));
  let sum = 0;
  for (let i = 0; i < 200; i++) sum += await q.get({ timeout: 10 });
  assert.equal(sum, 200 * 199 / 2);
});

channelTest(
  "Queue: a child killed while waiting in get loses nothing",
  async () => {
    const q = new Queue<string>();
    const p = start(getForever, [q]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // it waits
    p.kill();
    await p.join();
    await q.put("kept");
    assert.equal(await q.get({ timeout: 10 }), "kept");
  },
);

Deno.test("Queue: close() as Python's: put and get then throw ValueError (_TestQueue.test_closed_queue_put_get_exceptions)", async () => {
  for (
    const q of [
      new Queue<number>(),
      new JoinableQueue<number>(),
      new SimpleQueue<number>(),
    ]
  ) {
    await q.put(1);
    assert.throws(() => q.joinThread(), RuntimeError); // not closed
    q.close();
    await assert.rejects(q.put(2), {
      name: "ValueError",
      message: "Queue is closed",
    });
    await assert.rejects(q.get(), { name: "ValueError", message: /is closed/ });
    await assert.rejects(q.getNowait(), ValueError);
    q.joinThread(); // closed: nothing to wait for
    q.cancelJoinThread();
  }
});

Deno.test("Queue: a negative timeout waits for nothing (Empty, as Python's)", async () => {
  const q = new Queue<number>();
  await assert.rejects(q.get({ timeout: -1 }), Empty);
  await q.put(5);
  assert.equal(await q.get({ timeout: -1 }), 5);
});

channelTest(
  "Queue: functions cross in items both ways, their modules loaded where they are got",
  async () => {
    const inbox = new Queue();
    const outbox = new Queue();
    await inbox.put(triple);
    const p = start(callFromQueue, [inbox, outbox]);
    assert.equal(await outbox.get(), 60);
    const fn = await outbox.get() as (x: number) => number;
    assert.equal(fn(3), 9);
    await p.join();
    assert.equal(p.exitcode, 0);
  },
);

channelTest(
  "Queue, SimpleQueue: a child's puts arrive in order, also after it exited",
  async () => {
    for (const q of [new Queue<number>(), new SimpleQueue<number>()]) {
      const p = start(putRange, [q, 0, 3000]);
      await p.join(); // nothing taken yet: the child still exits
      assert.equal(p.exitcode, 0);
      assert.equal(await q.qsize(), 3000);
      for (let i = 0; i < 3000; i++) {
        assert.equal(await q.get({ timeout: 10 }), i);
      }
      assert.equal(await q.empty(), true);
    }
  },
);

channelTest(
  "Queue: a child that closes its queue has put all it put",
  async () => {
    const q = new Queue<string>();
    const p = start(putThenClose, [q, ["a", "b", "c"]]);
    assert.deepEqual(
      [await q.get({ timeout: 30 }), await q.get(), await q.get()],
      ["a", "b", "c"],
    );
    await p.join();
    assert.equal(p.exitcode, 0);
    await q.put("still open here");
    assert.equal(await q.get(), "still open here");
  },
);
