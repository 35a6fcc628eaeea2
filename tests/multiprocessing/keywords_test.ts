// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's keyword-or-positional parameters (issue #19, item 9), for the
// process-shared primitives and queues.
import assert from "node:assert/strict";
import * as multiprocessing from "@skein/concurrent/multiprocessing";
import {
  Condition,
  Full,
  JoinableQueue,
  Lock,
  Queue,
} from "@skein/concurrent/multiprocessing";
import { keywordForms } from "../_null_and_keywords.ts";

Deno.test("Semaphore and Barrier take Python's keywords", async (t) => {
  await keywordForms(t, multiprocessing);
});

Deno.test("Condition takes { lock }", async () => {
  const lock = new Lock();
  const cond = new Condition({ lock });
  await cond.acquire();
  assert.equal(lock.locked(), true);
  cond.release();
});

Deno.test("Queue and JoinableQueue take { maxsize }", async () => {
  for (
    const q of [
      new Queue<number>({ maxsize: 1 }),
      new JoinableQueue<number>({ maxsize: 1 }),
    ]
  ) {
    await q.put(1);
    await assert.rejects(q.put(2, { block: false }), Full);
    assert.equal(await q.get(), 1);
    q.close();
  }
});
