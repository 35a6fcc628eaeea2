// Copyright 2026 the @skein/concurrent authors. MIT license.
// Event and Semaphore between processes: set or released in a child, seen
// here; Python's errors.
import assert from "node:assert/strict";
import {
  BoundedSemaphore,
  Event,
  Process,
  Semaphore,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { releaseSlowly, setLater } from "./fixtures/process_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

Deno.test("Event: set in a child wakes a wait here", async () => {
  const event = new Event();
  const p = new Process({ target: setLater, args: [event, 100] });
  p.start();
  assert.equal(await event.wait({ timeout: 0.01 }), false);
  assert.equal(await event.wait({ timeout: 30 }), true);
  assert.equal(event.isSet(), true);
  await p.join();
});

Deno.test("Semaphore: units released by a child are taken here", async () => {
  const sem = new Semaphore(0);
  assert.equal(sem.acquireSync({ blocking: false }), false);
  const p = new Process({ target: releaseSlowly, args: [sem, 3] });
  p.start();
  for (let i = 0; i < 3; i++) {
    assert.equal(await sem.acquire({ timeout: 30 }), true);
  }
  await p.join();
  assert.equal(sem.getValue(), 0);
  assert.equal(sem.acquireSync({ timeout: 0.01 }), false);
});

Deno.test("Semaphore: Python's errors", () => {
  assert.throws(() => new Semaphore(-1), {
    name: "ValueError",
    message: "semaphore initial value must be >= 0",
  });
  assert.throws(() => new Semaphore(1.5), TypeError);
  const bounded = new BoundedSemaphore(2);
  bounded.acquireSync();
  bounded.release();
  assert.throws(() => bounded.release(), {
    name: "ValueError",
    message: "Semaphore released too many times",
  });
  const sem = new Semaphore(0);
  assert.throws(() => sem.release(0), ValueError);
  sem.release(5);
  assert.equal(sem.getValue(), 5);
});
