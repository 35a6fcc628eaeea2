// Copyright 2026 the @skein/concurrent authors. MIT license.
// `null` where Python takes None (issue #19, item 3): a timeout of None
// waits forever, Barrier.wait's takes the barrier's default, and Python's
// Lock takes none.
import assert from "node:assert/strict";
import * as threading from "@skein/concurrent/threading";
import {
  Condition,
  Event,
  Lock,
  RLock,
  Semaphore,
  Thread,
  Timer,
} from "@skein/concurrent/threading";
import { waitForRelease } from "./fixtures/thread_targets.ts";
import { cells, until } from "./_helpers.ts";
import { stillPending } from "../_none.ts";
import { nullTimeouts } from "../_null_and_keywords.ts";

Deno.test("the primitives take null for a timeout as Python's None", async (t) => {
  await nullTimeouts(t, threading);
});

Deno.test("Condition(null) makes its own RLock; sync waits take null", () => {
  const cond = new Condition(null); // Python's Condition(lock=None)
  cond.acquireSync();
  assert.equal(cond.waitForSync(() => 1, { timeout: null }), 1);
  cond.release();
  const event = new Event();
  event.set();
  assert.equal(event.waitSync({ timeout: null }), true);
  const sem = new Semaphore(1);
  assert.equal(sem.acquireSync({ timeout: null }), true);
});

Deno.test("Lock and RLock: timeout null is a TypeError, as Python's", async () => {
  for (const lock of [new Lock(), new RLock()]) {
    const what = lock instanceof Lock ? "Lock" : "RLock";
    const error = {
      name: "TypeError",
      message:
        `Cannot acquire ${what} as 'timeout' must be a number of seconds (-1 for no timeout; Python's Lock takes no None): received null`,
    };
    await assert.rejects(lock.acquire({ timeout: null as never }), error);
    assert.throws(() => lock.acquireSync({ timeout: null as never }), error);
    assert.equal(lock.acquireSync({ timeout: -1 }), true);
    lock.release();
  }
});

Deno.test("Thread.join({ timeout: null }) waits until the thread ends", async () => {
  const cell = cells();
  const thread = new Thread({ target: waitForRelease, args: [cell] });
  thread.start();
  await until(cell, 1, 1);
  const joining = thread.join({ timeout: null });
  assert.ok(await stillPending(joining));
  assert.ok(thread.isAlive());
  Atomics.store(cell, 0, 1);
  await joining;
  assert.equal(thread.isAlive(), false);
  thread.joinSync({ timeout: null });
});

Deno.test("Timer.join({ timeout: null }) waits until the timer is done", async () => {
  let ran = false;
  const timer = new Timer(0.01, () => ran = true);
  timer.start();
  await timer.join({ timeout: null });
  assert.equal(ran, true);
  await assert.rejects(
    timer.join({ timeout: "1" as never }),
    { name: "TypeError" },
  );
});

Deno.test("Thread and Timer: options whose Python default is None take null", async () => {
  const idle = new Thread({
    target: null,
    name: null,
    kwargs: null,
    daemon: null,
  });
  assert.match(idle.name, /^Thread-\d+$/);
  assert.equal(idle.daemon, false);
  idle.start();
  await idle.join();
  const cell = cells();
  const thread = new Thread({
    target: (c: Int32Array) => Atomics.store(c, 0, 7),
    args: [cell],
    kwargs: null,
    name: null,
  });
  assert.match(thread.name, /^Thread-\d+ \(target\)$/);
  thread.start();
  await thread.join();
  assert.equal(cell[0], 7);
  const seen: unknown[][] = [];
  const timer = new Timer(0, (...args: unknown[]) => seen.push(args), {
    args: null,
    kwargs: null,
  });
  timer.start();
  await timer.join();
  assert.deepEqual(seen, [[]]);
});
