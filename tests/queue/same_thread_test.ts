// Copyright 2026 the @skein/concurrent authors. MIT license.
// A sync call wakes an async waiter of the same thread (issue #19, item 4).
import { LifoQueue, PriorityQueue, Queue } from "@skein/concurrent/queue";
import { sameThreadQueueWakes } from "../_same_thread_wakes.ts";

for (const Class of [Queue, LifoQueue, PriorityQueue]) {
  Deno.test(`${Class.name}: a waiter is woken by its own thread`, async (t) => {
    await sameThreadQueueWakes(t, (maxsize) => new Class<number>(maxsize));
  });
}
