// Copyright 2026 the @skein/concurrent authors. MIT license.
// A sync call wakes an async waiter of the same thread (issue #19, item 4).
import * as threading from "@skein/concurrent/threading";
import { sameThreadWakes } from "../_same_thread_wakes.ts";

Deno.test("threading: a waiter is woken by its own thread", async (t) => {
  await sameThreadWakes(t, threading);
});
