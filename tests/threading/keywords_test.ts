// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's keyword-or-positional parameters (issue #19, item 9):
// `Semaphore(value=5)` is `new Semaphore({ value: 5 })`.
import assert from "node:assert/strict";
import * as threading from "@skein/concurrent/threading";
import {
  BoundedSemaphore,
  Condition,
  Lock,
  Semaphore,
} from "@skein/concurrent/threading";
import { keywordForms } from "../_null_and_keywords.ts";

Deno.test("Semaphore and Barrier take Python's keywords", async (t) => {
  await keywordForms(t, threading);
});

Deno.test("Semaphore: a wrong { value } gets the class's message", () => {
  assert.equal(new Semaphore({ value: 5 }).value, 5);
  assert.throws(() => new BoundedSemaphore({ value: -1 }), {
    name: "ValueError",
    message:
      "Cannot create BoundedSemaphore as 'value' must be >= 0: current value is -1",
  });
  assert.throws(() => new Semaphore([2] as never), {
    name: "TypeError",
    message:
      "Cannot create Semaphore as 'value' must be an integer: received an array",
  });
});

Deno.test("Condition takes { lock }", async () => {
  const lock = new Lock();
  const cond = new Condition({ lock });
  await cond.acquire();
  assert.equal(lock.locked(), true);
  cond.release();
  const own = new Condition({ lock: null });
  assert.equal(await own.acquire(), true);
  own.release();
});

Deno.test("Timer takes Python's keywords: { interval, function, args, kwargs }", async () => {
  const calls: unknown[][] = [];
  const timer = new threading.Timer({
    interval: 0.01,
    function: (a: number, kw?: unknown) => calls.push([a, kw]),
    args: [1],
    kwargs: { b: 2 },
  });
  assert.equal(timer.interval, 0.01);
  timer.start();
  await timer.join();
  assert.deepEqual(calls, [[1, { b: 2 }]]);
  assert.throws(
    () =>
      Reflect.construct(threading.Timer, [
        { interval: 1, function: () => {} },
        () => {},
      ]),
    {
      name: "TypeError",
      message:
        "Cannot create Timer as its parameters are in the first argument, an options object, so no arguments may follow",
    },
  );
  assert.throws(() => new threading.Timer({ interval: 1 } as never), {
    name: "TypeError",
    message:
      "Cannot create Timer as 'function' must be a function: received undefined",
  });
});
