// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { local, Thread } from "@skein/concurrent/threading";

Deno.test("local: a thread sees its own values, not the caller's", async () => {
  const data = new local();
  data.x = 1;
  const out = new Int32Array(new SharedArrayBuffer(8));
  const t = new Thread({
    target: (d: Record<string, unknown>, o: Int32Array) => {
      o[0] = d.x === undefined ? 1 : 0;
      d.x = 2;
      o[1] = d.x === 2 ? 1 : 0;
    },
    args: [data, out],
  });
  t.start();
  await t.join();
  assert.deepEqual([...out], [1, 1]);
  assert.equal(data.x, 1);
});

Deno.test("local: passed twice, it is one object in the thread", async () => {
  const data = new local();
  const out = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (a: object, b: { again: object }, o: Int32Array) => {
      o[0] = a === b.again ? 1 : 0;
    },
    args: [data, { again: data }, out],
  });
  t.start();
  await t.join();
  assert.equal(out[0], 1);
});
