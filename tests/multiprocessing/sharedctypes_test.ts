// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's test_sharedctypes.py and _test_multiprocessing.py
// check of Value, Array and Lock between processes: one memory location
// for every process, exact counts under the lock, a lock held by a child.
import assert from "node:assert/strict";
import {
  Array as SharedArray,
  Lock,
  Process,
  Queue,
  RawArray,
  RawValue,
  Value,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  fillSquares,
  holdLock,
  incrementValue,
} from "./fixtures/process_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

Deno.test("Value: typecodes, raw values, errors", () => {
  const i = new Value("i", 7);
  assert.equal(i.value, 7);
  i.value = 2 ** 31; // wraps as a C int does
  assert.equal(i.value, -(2 ** 31));
  const d = new RawValue("d", 0.25);
  d.value *= 2;
  assert.equal(d.value, 0.5);
  const q = new Value("q", 2n ** 62n);
  assert.equal(q.value, 2n ** 62n);
  q.value = 5;
  assert.equal(q.value, 5);
  assert.equal(new Value("b", -1).value, -1);
  assert.throws(() => new Value("z" as "i"), TypeError);
  assert.throws(() => new Value("i", 0, { lock: false }).getLock(), TypeError);
  const shared = new Lock();
  assert.equal(new Value("i", 0, { lock: shared }).getLock(), shared);
});

Deno.test("Array: elements in shared memory", () => {
  const a = new SharedArray("i", [1, 2, 3]);
  assert.equal(a.length, 3);
  assert.deepEqual([...a.array], [1, 2, 3]);
  assert.ok(a.getObj() instanceof Int32Array);
  const zeros = new RawArray("d", 4);
  assert.deepEqual([...zeros.array], [0, 0, 0, 0]);
  assert.throws(() => new SharedArray("i", -1), TypeError);
});

Deno.test("Lock: Python's errors", async () => {
  const lock = new Lock();
  assert.throws(() => lock.release(), {
    name: "ValueError",
    message: "semaphore or lock released too many times",
  });
  assert.equal(await lock.acquire(), true);
  assert.equal(lock.acquireSync({ blocking: false }), false);
  assert.equal(lock.acquireSync({ timeout: 0.01 }), false);
  assert.throws(
    () => lock.acquireSync({ blocking: false, timeout: 1 }),
    ValueError,
  );
  lock.release();
});

Deno.test("Value: 4 processes x 10,000 increments under its lock are exact", async () => {
  const counter = new Value("i", 0);
  const processes = [0, 1, 2, 3].map(() =>
    new Process({ target: incrementValue, args: [counter, 10_000] })
  );
  for (const p of processes) p.start();
  for (const p of processes) {
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  assert.equal(counter.value, 40_000);
});

Deno.test("Array: a child writes, the parent reads the same memory", async () => {
  const squares = new SharedArray("d", 5);
  const p = new Process({ target: fillSquares, args: [squares] });
  p.start();
  await p.join();
  assert.deepEqual([...squares.array], [0, 1, 4, 9, 16]);
});

Deno.test("Lock: held by a child, waited for here", async () => {
  const lock = new Lock();
  const ready = new Queue<string>();
  const p = new Process({ target: holdLock, args: [lock, ready, 300] });
  p.start();
  assert.equal(await ready.get({ timeout: 30 }), "held");
  assert.equal(lock.locked(), true);
  assert.equal(await lock.acquire({ timeout: 0.05 }), false);
  assert.equal(await lock.acquire({ timeout: 30 }), true); // after release
  lock.release();
  await p.join();
});
