// Copyright 2026 the @skein/concurrent authors. MIT license.
// A sync call wakes an async waiter of the same thread (issue #19, item 4),
// for the process-shared primitives and queues.
import * as multiprocessing from "@skein/concurrent/multiprocessing";
import {
  sameThreadQueueWakes,
  sameThreadWakes,
} from "../_same_thread_wakes.ts";

Deno.test("multiprocessing: a waiter is woken by its own thread", async (t) => {
  await sameThreadWakes(t, multiprocessing);
});

Deno.test("JoinableQueue: a waiter is woken by its own thread", async (t) => {
  await sameThreadQueueWakes(
    t,
    (maxsize) => new multiprocessing.JoinableQueue<number>(maxsize),
    (q) => q.close(),
  );
});
