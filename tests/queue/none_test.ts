// Copyright 2026 the @skein/concurrent authors. MIT license.
// `timeout: null` is Python's None (issue #19, item 3): get and put wait
// until they can.
import assert from "node:assert/strict";
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  SimpleQueue,
} from "@skein/concurrent/queue";
import { stillPending } from "../_none.ts";

for (const Class of [Queue, LifoQueue, PriorityQueue]) {
  Deno.test(`${Class.name}: get and put with timeout null wait until they can`, async () => {
    const q = new Class<number>(1);
    const getting = q.get({ timeout: null });
    assert.ok(await stillPending(getting));
    q.putNowait(1);
    assert.equal(await getting, 1);
    q.putSync(2, { timeout: null });
    const putting = q.put(3, { block: true, timeout: null });
    assert.ok(await stillPending(putting));
    assert.equal(q.getSync({ timeout: null }), 2);
    await putting;
    assert.equal(q.getNowait(), 3);
  });
}

Deno.test("SimpleQueue: get with timeout null waits for an item", async () => {
  const q = new SimpleQueue<string>();
  const getting = q.get({ timeout: null });
  assert.ok(await stillPending(getting));
  await q.put("a", { timeout: null });
  assert.equal(await getting, "a");
  q.putSync("b", { block: true, timeout: null });
  assert.equal(q.getSync({ timeout: null }), "b");
});

Deno.test("a timeout that is neither a number nor null names both", async () => {
  await assert.rejects(new Queue().get({ timeout: "1" as never }), {
    name: "TypeError",
    message:
      "Cannot get item as 'timeout' must be a number of seconds or null: received string",
  });
});
