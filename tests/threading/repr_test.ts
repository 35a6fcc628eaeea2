// Copyright 2026 the @skein/concurrent authors. MIT license.
// String() and Deno.inspect() of a Thread read as CPython 3.11's repr()
// of a thread in each state.
import assert from "node:assert/strict";
import {
  Lock,
  registerModule,
  RLock,
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
