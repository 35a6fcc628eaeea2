// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { Deadline, notify, waitAsync, waitSync } from "../../_internal/wait.ts";

function cell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(8));
}

Deno.test("waitSync() reports not-equal and timed-out", () => {
  const c = cell();
  assert.equal(waitSync(c, 0, 1, 0.01), "not-equal");
  assert.equal(waitSync(c, 0, 0, 0.01), "timed-out");
  assert.equal(waitSync(c, 0, 0, 0), "timed-out");
});

Deno.test("waitAsync() is woken by a notify from the same thread", async () => {
  const c = cell();
  const waiting = waitAsync(c, 0, 0);
  queueMicrotask(() => {
    Atomics.store(c, 0, 1);
    notify(c, 0);
  });
  assert.equal(await waiting, "ok");
  assert.equal(await waitAsync(c, 0, 0), "not-equal");
});

Deno.test("waitAsync() keeps the event loop alive until it times out", async () => {
  // Without the keep-alive timer Deno ends the test with "Promise resolution
  // is still pending"; with it, the timeout fires.
  assert.equal(await waitAsync(cell(), 0, 0, 0.02), "timed-out");
});

Deno.test("waitAsync() rejects with the signal's reason, and passes a later wake-up on", async () => {
  const c = cell();
  const reason = new Error("stop");
  await assert.rejects(
    waitAsync(c, 0, 0, undefined, AbortSignal.abort(reason)),
    reason,
  );
  const controller = new AbortController();
  const abandoned = waitAsync(c, 0, 0, undefined, controller.signal);
  controller.abort(reason);
  await assert.rejects(abandoned, reason);
  // A live waiter behind the abandoned one still gets the single wake-up.
  const live = waitAsync(c, 0, 0, 5);
  notify(c, 0, 1);
  assert.equal(await live, "ok");
});

Deno.test("Deadline counts down and never goes negative", () => {
  assert.equal(new Deadline(undefined).remaining(), undefined);
  assert.ok(!new Deadline(undefined).expired());
  const d = new Deadline(0);
  assert.equal(d.remaining(), 0);
  assert.ok(d.expired());
  const later = new Deadline(10);
  assert.ok(later.remaining()! > 9 && later.remaining()! <= 10);
});
