// Copyright 2026 the @skein/concurrent authors. MIT license.
// String() and Deno.inspect() of a Thread and of the synchronization
// primitives read as CPython 3.11's repr() of them in each state (without
// Python's memory addresses: `at 0x1` numbers the object instead).
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  registerModule,
  RLock,
  Semaphore,
  Thread,
} from "@skein/concurrent/threading";
import { waitForRelease } from "./fixtures/thread_targets.ts";

registerModule(new URL("./fixtures/thread_targets.ts", import.meta.url));

function assertRepr(value: object, expected: string): void {
  assert.equal(String(value), expected);
  assert.equal(Deno.inspect(value), expected);
}

Deno.test("Thread's repr shows its name, state, daemon flag and ident", async (t) => {
  for (const daemon of [false, true]) {
    await t.step(daemon ? "a daemon thread" : "a thread", async () => {
      const c = new Int32Array(new SharedArrayBuffer(8));
      const thread = new Thread({ target: waitForRelease, args: [c], daemon });
      const name = thread.name;
      assert.match(name, /^Thread-\d+ \(waitForRelease\)$/);
      const flag = daemon ? " daemon" : "";
      assertRepr(thread, `<Thread(${name}, initial${flag})>`);
      thread.start();
      assertRepr(thread, `<Thread(${name}, started${flag} ${thread.ident})>`);
      Atomics.store(c, 0, 1);
      Atomics.notify(c, 0);
      await thread.join();
      assertRepr(thread, `<Thread(${name}, stopped${flag} ${thread.ident})>`);
    });
  }

  await t.step("a subclass shows its class", () => {
    class Worker extends Thread {}
    assertRepr(new Worker({ name: "w" }), "<Worker(w, initial)>");
  });
});

Deno.test("Lock and RLock print their repr in console.log too", () => {
  const lock = new Lock();
  assertRepr(lock, "<unlocked Lock>");
  lock.acquireSync();
  assertRepr(lock, "<locked Lock>");
  lock.release();
  const rlock = new RLock();
  assertRepr(rlock, "<unlocked RLock owner=0 count=0>");
});

Deno.test("Semaphore, Event, Barrier and Condition print Python's reprs", async (t) => {
  const at = (object: object) =>
    String(object).match(/ at (0x[0-9a-f]+)/)?.[1] ?? "none";
  await t.step("Semaphore and BoundedSemaphore: value, and bound", () => {
    const sem = new Semaphore(2);
    assertRepr(sem, `<threading.Semaphore at ${at(sem)}: value=2>`);
    sem.acquireSync();
    assertRepr(sem, `<threading.Semaphore at ${at(sem)}: value=1>`);
    const bounded = new BoundedSemaphore(3);
    bounded.acquireSync();
    assertRepr(
      bounded,
      `<threading.BoundedSemaphore at ${at(bounded)}: value=2/3>`,
    );
    assert.notEqual(at(sem), at(bounded));
    class MySemaphore extends Semaphore {}
    const mine = new MySemaphore();
    assertRepr(mine, `<MySemaphore at ${at(mine)}: value=1>`);
  });
  await t.step("Event: set or unset", () => {
    const event = new Event();
    assertRepr(event, `<threading.Event at ${at(event)}: unset>`);
    event.set();
    assertRepr(event, `<threading.Event at ${at(event)}: set>`);
  });
  await t.step("Barrier: waiters, or broken", async () => {
    const barrier = new Barrier(2);
    assertRepr(barrier, `<threading.Barrier at ${at(barrier)}: waiters=0/2>`);
    const waiting = barrier.wait().catch((error) => error.name);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assertRepr(barrier, `<threading.Barrier at ${at(barrier)}: waiters=1/2>`);
    barrier.abort();
    assert.equal(await waiting, "BrokenBarrierError");
    assertRepr(barrier, `<threading.Barrier at ${at(barrier)}: broken>`);
  });
  await t.step("Condition: its lock's repr and how many wait", async () => {
    const condition = new Condition(new Lock());
    assertRepr(condition, "<Condition(<unlocked Lock>, 0)>");
    await condition.acquire();
    const waiting = condition.wait({ timeout: 5 });
    // wait() has released the lock and waits.
    assertRepr(condition, "<Condition(<unlocked Lock>, 1)>");
    await condition.acquire();
    condition.notify();
    condition.release();
    assert.equal(await waiting, true);
    assertRepr(condition, "<Condition(<locked Lock>, 0)>");
    condition.release();
    assertRepr(
      new Condition(),
      "<Condition(<unlocked RLock owner=0 count=0>, 0)>",
    );
  });
});
