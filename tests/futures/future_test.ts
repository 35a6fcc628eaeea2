// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's test_concurrent_futures/test_future.py.
import assert from "node:assert/strict";
import {
  CancelledError,
  Future,
  InvalidStateError,
  RuntimeError,
  TimeoutError,
} from "@skein/concurrent/futures";

function finished<T>(value: T): Future<T> {
  const f = new Future<T>();
  f.setRunningOrNotifyCancel();
  f.setResult(value);
  return f;
}

Deno.test("Future: states through its life", () => {
  const f = new Future<number>();
  assert.ok(!f.done() && !f.running() && !f.cancelled());
  assert.ok(f.setRunningOrNotifyCancel());
  assert.ok(f.running() && !f.done());
  assert.equal(f.cancel(), false); // running: cannot cancel
  f.setResult(5);
  assert.ok(f.done() && !f.running());
  assert.equal(f.cancel(), false);
  assert.equal(f.resultSync(), 5);
});

Deno.test("Future: cancel() of a pending future, and its errors", async () => {
  const f = new Future<number>();
  assert.equal(f.cancel(), true);
  assert.equal(f.cancel(), true);
  assert.ok(f.cancelled() && f.done());
  await assert.rejects(f.result(), CancelledError);
  await assert.rejects(f.exception(), CancelledError);
  await assert.rejects(Promise.resolve(f), CancelledError);
  assert.throws(() => f.setResult(1), InvalidStateError);
  assert.equal(f.setRunningOrNotifyCancel(), false);
  assert.throws(() => f.setRunningOrNotifyCancel(), RuntimeError);
});

Deno.test("Future: result, exception, and await", async () => {
  const ok = finished("yes");
  assert.equal(await ok.result(), "yes");
  assert.equal(await ok.exception(), undefined);
  assert.equal(await ok, "yes");
  const bad = new Future<string>();
  bad.setRunningOrNotifyCancel();
  const error = new SyntaxError("no");
  bad.setException(error);
  await assert.rejects(bad.result(), (e) => e === error);
  assert.equal(await bad.exception(), error);
  await assert.rejects(async () => await bad, (e) => e === error);
  assert.throws(() => bad.resultSync(), (e) => e === error);
  assert.throws(() => bad.setException(new Error()), InvalidStateError);
});

Deno.test("Future: an unobserved failed future does not crash", async () => {
  const f = new Future<void>();
  f.setRunningOrNotifyCancel();
  f.setException(new Error("nobody looks"));
  await new Promise((resolve) => setTimeout(resolve, 5));
});

Deno.test("Future: result() times out", async () => {
  const f = new Future<number>();
  await assert.rejects(f.result({ timeout: 0.01 }), TimeoutError);
  await assert.rejects(f.exception({ timeout: 0 }), TimeoutError);
  assert.throws(() => f.resultSync(), RuntimeError);
  setTimeout(() => {
    f.setRunningOrNotifyCancel();
    f.setResult(3);
  }, 5);
  assert.equal(await f.result({ timeout: 5 }), 3);
});

Deno.test("Future: addDoneCallback runs once done, at once if done, and survives throwing", () => {
  const calls: string[] = [];
  const f = new Future<number>();
  f.addDoneCallback(() => calls.push("a"));
  f.addDoneCallback(() => {
    throw new Error("callback failed");
  });
  f.addDoneCallback(() => calls.push("b"));
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...data: unknown[]) => errors.push(data);
  try {
    f.setRunningOrNotifyCancel();
    f.setResult(1);
    f.addDoneCallback(() => calls.push("late"));
  } finally {
    console.error = original;
  }
  assert.deepEqual(calls, ["a", "b", "late"]);
  assert.equal(errors.length, 1);
  const cancelled = new Future<number>();
  cancelled.addDoneCallback((fut) =>
    calls.push(`cancelled=${fut.cancelled()}`)
  );
  cancelled.cancel();
  assert.equal(calls.at(-1), "cancelled=true");
});

Deno.test("Future: toString() and Deno.inspect() as Python's repr", () => {
  const assertRepr = (future: Future<unknown>, rest: string): void => {
    const at = String(future).match(/^<Future at (0x[0-9a-f]+) /)?.[1];
    assert.ok(at !== undefined, String(future));
    assert.equal(String(future), `<Future at ${at} ${rest}>`);
    assert.equal(Deno.inspect(future), String(future));
  };
  const pending = new Future();
  assertRepr(pending, "state=pending");
  assert.equal(String(pending), String(pending)); // the id stays
  assert.notEqual(String(pending), String(new Future()));
  assertRepr(finished(1), "state=finished returned int");
  assertRepr(finished(1.5), "state=finished returned float");
  assertRepr(finished("s"), "state=finished returned str");
  assertRepr(finished(null), "state=finished returned NoneType");
  assertRepr(finished([1]), "state=finished returned list");
  assertRepr(finished(new Map()), "state=finished returned dict");
  const running = new Future();
  running.setRunningOrNotifyCancel();
  assertRepr(running, "state=running");
  const bad = new Future();
  bad.setRunningOrNotifyCancel();
  bad.setException(new TypeError("x"));
  assertRepr(bad, "state=finished raised TypeError");
  const cancelled = new Future();
  cancelled.cancel();
  assertRepr(cancelled, "state=cancelled");
  cancelled.setRunningOrNotifyCancel();
  assertRepr(cancelled, "state=cancelled");
});
