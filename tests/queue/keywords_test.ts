// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's `Queue(maxsize=...)` by keyword (issue #19, item 9).
import assert from "node:assert/strict";
import { LifoQueue, PriorityQueue, Queue } from "@skein/concurrent/queue";

for (const Class of [Queue, LifoQueue, PriorityQueue]) {
  Deno.test(`${Class.name} takes { maxsize }`, () => {
    const q = new Class<number>({ maxsize: 1 });
    assert.equal(q.maxsize, 1);
    q.putNowait(1);
    assert.equal(q.full(), true);
    assert.equal(new Class({}).maxsize, 0);
    assert.throws(() => new Class({ maxsize: "2" as never }), {
      name: "TypeError",
      message:
        `Cannot create ${Class.name} as 'maxsize' must be an integer: received string`,
    });
  });
}
