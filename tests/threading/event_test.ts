// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's lock_tests.EventTests, with real workers.
import assert from "node:assert/strict";
import { Event } from "@skein/concurrent/threading";
import { setEvent, waitEvent } from "./fixtures/sync_targets.ts";
import { cells, joinAll, startThreads } from "./_helpers.ts";

Deno.test("Event: isSet, set, clear", () => {
  const event = new Event();
  assert.equal(event.isSet(), false);
  event.set();
  assert.equal(event.isSet(), true);
  event.set();
  assert.equal(event.isSet(), true);
  event.clear();
  assert.equal(event.isSet(), false);
  event.clear();
  assert.equal(event.isSet(), false);
});

Deno.test("Event: wait() returns the flag, false on timeout", async () => {
  const event = new Event();
  assert.equal(await event.wait({ timeout: 0.01 }), false);
  assert.equal(event.waitSync({ timeout: 0.01 }), false);
  assert.equal(await event.wait({ timeout: -1 }), false);
  event.set();
  assert.equal(await event.wait(), true);
  assert.equal(await event.wait({ timeout: 0 }), true);
  assert.equal(event.waitSync(), true);
  await assert.rejects(
    event.wait({ timeout: "1" as unknown as number }),
    TypeError,
  );
});

Deno.test("Event: a thread's set() wakes an async wait on the main thread", async () => {
  const event = new Event();
  const waiting = event.wait();
  await joinAll(startThreads(setEvent, [[event]]));
  assert.equal(await waiting, true);
});

Deno.test("Event: the main thread's set() wakes blocked threads", async () => {
  const event = new Event();
  const ready = [new Event(), new Event(), new Event()];
  const outs = [cells(), cells(), cells()];
  const threads = startThreads(waitEvent, [
    [event, ready[0]!, outs[0]!],
    [event, ready[1]!, outs[1]!],
    [event, ready[2]!, outs[2]!],
  ]);
  for (const r of ready) await r.wait();
  event.set();
  await joinAll(threads);
  assert.deepEqual(outs.map((o) => o[0]), [1, 1, 1]);
});

Deno.test("Event: wait() rejects when its signal aborts", async () => {
  const event = new Event();
  const controller = new AbortController();
  const waiting = event.wait({ signal: controller.signal });
  controller.abort(new Error("stop"));
  await assert.rejects(waiting, /stop/);
});
