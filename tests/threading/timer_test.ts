// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import {
  type ExceptHookArgs,
  RuntimeError,
  setExcepthook,
  Timer,
} from "@skein/concurrent/threading";

Deno.test("Timer calls its function with args and kwargs after the interval", async () => {
  const calls: unknown[][] = [];
  const start = performance.now();
  const t = new Timer(0.02, (...args: unknown[]) => calls.push(args), {
    args: [1, 2],
    kwargs: { k: 3 },
  });
  assert.ok(!t.isAlive());
  t.start();
  assert.ok(t.isAlive());
  await t.join();
  assert.ok(performance.now() - start >= 19);
  assert.deepEqual(calls, [[1, 2, { k: 3 }]]);
  assert.ok(!t.isAlive());
});

Deno.test("Timer.cancel() before it fires stops it", async () => {
  let called = false;
  const t = new Timer(0.01, () => called = true);
  t.start();
  t.cancel();
  assert.ok(!t.isAlive());
  await t.join();
  assert.ok(!called);
});

Deno.test("Timer.join() with a timeout returns while it waits", async () => {
  const t = new Timer(30, () => {});
  t.start();
  await t.join({ timeout: 0.01 });
  assert.ok(t.isAlive());
  t.cancel();
  await t.join();
});

Deno.test("Timer errors as a Thread's", async () => {
  const t = new Timer(0, () => {});
  await assert.rejects(t.join(), RuntimeError);
  t.start();
  assert.throws(() => t.start(), {
    name: "RuntimeError",
    message: "threads can only be started once",
  });
  await t.join();
  assert.throws(() => new Timer("1" as unknown as number, () => {}), {
    name: "TypeError",
    message:
      "Cannot create Timer as 'interval' must be a number of seconds: received string",
  });
  assert.throws(
    () => new Timer(1, null as unknown as () => void),
    TypeError,
  );
});

Deno.test("Timer sends its function's exception to excepthook", async () => {
  const seen: ExceptHookArgs[] = [];
  const previous = setExcepthook((args) => seen.push(args));
  try {
    const t = new Timer(0, () => {
      throw new SyntaxError("late");
    });
    t.start();
    await t.join();
    assert.equal(seen.length, 1);
    assert.ok(seen[0]!.excValue instanceof SyntaxError);
  } finally {
    setExcepthook(previous);
  }
});
