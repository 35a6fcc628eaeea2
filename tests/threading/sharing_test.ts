// Copyright 2026 the @skein/concurrent authors. MIT license.
// Primitives cross to threads as the same object.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  RLock,
  Semaphore,
} from "@skein/concurrent/threading";
import { decode, encode } from "../../_internal/codec.ts";
import { sameObject } from "./fixtures/sync_targets.ts";
import { cells, joinAll, startThreads } from "./_helpers.ts";

const makers = {
  Lock: () => new Lock(),
  RLock: () => new RLock(),
  Condition: () => new Condition(),
  Semaphore: () => new Semaphore(2),
  BoundedSemaphore: () => new BoundedSemaphore(2),
  Event: () => new Event(),
  Barrier: () => new Barrier(2),
};

Deno.test("a primitive inside a nested object arrives as the same object", async (t) => {
  for (const [name, make] of Object.entries(makers)) {
    await t.step(name, async () => {
      const primitive = make();
      const out = cells(1);
      await joinAll(
        startThreads(sameObject, [[primitive, { inner: primitive }, out]]),
      );
      assert.equal(out[0], 1);
    });
  }
});

Deno.test("a primitive that crosses and comes back is the original object", async (t) => {
  for (const [name, make] of Object.entries(makers)) {
    await t.step(name, async () => {
      const primitive = make();
      const back = await decode(
        structuredClone(encode({ p: primitive }, "value")),
      );
      assert.equal((back as { p: unknown }).p, primitive);
    });
  }
});

Deno.test("a Condition crosses with its lock", async () => {
  const lock = new Lock();
  const cond = new Condition(lock);
  const out = cells(1);
  await joinAll(startThreads(
    (c: Condition, l: Lock, o: Int32Array) => {
      c.acquireSync();
      o[0] = l.locked() ? 1 : 2;
      c.release();
    },
    [[cond, lock, out]],
  ));
  assert.equal(out[0], 1);
});
