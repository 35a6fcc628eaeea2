// Copyright 2026 the @skein/concurrent authors. MIT license.
// callBlocking(): a call this thread waits for in Atomics.wait while a
// worker thread runs it, bounded by a timeout.
import assert from "node:assert/strict";
import { callBlocking, setStaleAfter } from "../../_internal/blocking_call.ts";

const TARGETS = new URL("./fixtures/blocking_targets.ts", import.meta.url).href;

Deno.test("callBlocking() returns what the worker's function returns, as text", () => {
  assert.deepEqual(
    callBlocking(TARGETS, "joinLater", [["a", "b", "\u00e9"], "-"], 30),
    { status: "ok", value: "a-b-\u00e9" },
  );
  assert.deepEqual(callBlocking(TARGETS, "square", [12], 30), {
    status: "ok",
    value: "144",
  });
  // A long answer, then a short one in the same (reused) buffer.
  const parts = Array.from({ length: 100_000 }, (_, i) => String(i));
  assert.deepEqual(callBlocking(TARGETS, "joinLater", [parts, ","], 30), {
    status: "ok",
    value: parts.join(","),
  });
  assert.deepEqual(callBlocking(TARGETS, "joinLater", [["x"], ","], 30), {
    status: "ok",
    value: "x",
  });
  // Many calls in a row reuse the one worker: none waits for the event loop.
  for (let i = 0; i < 50; i++) {
    assert.deepEqual(callBlocking(TARGETS, "square", [i], 30), {
      status: "ok",
      value: String(i * i),
    });
  }
});

Deno.test("callBlocking() reports the function's error by name and message", () => {
  assert.deepEqual(callBlocking(TARGETS, "fail", ["no server"], 30), {
    status: "error",
    name: "RangeError",
    message: "failed: no server",
  });
  assert.deepEqual(callBlocking(TARGETS, "NOT_A_FUNCTION", [], 30), {
    status: "error",
    name: "TypeError",
    message: `Module '${TARGETS}' has no function 'NOT_A_FUNCTION'`,
  });
});

Deno.test("callBlocking() gives up after its timeout, and the next call works", () => {
  assert.deepEqual(callBlocking(TARGETS, "never", [], 0.2), {
    status: "timeout",
  });
  // The worker stuck in never() was ended; the next call starts another.
  assert.deepEqual(callBlocking(TARGETS, "square", [3], 30), {
    status: "ok",
    value: "9",
  });
});

Deno.test("callBlocking() reports a worker that dies mid-call as an error before its timeout, and the next call works", () => {
  const previous = setStaleAfter(1);
  try {
    const start = performance.now();
    assert.deepEqual(callBlocking(TARGETS, "dieMidCall", [], 60), {
      status: "error",
      name: "Error",
      message: "the worker thread running the call died",
    });
    // Found by the stopped beat (1 s), long before the 60 s timeout.
    assert.ok(performance.now() - start < 50_000);
  } finally {
    setStaleAfter(previous);
  }
  assert.deepEqual(callBlocking(TARGETS, "square", [4], 30), {
    status: "ok",
    value: "16",
  });
});

Deno.test("setStaleAfter() rejects a delay that is not > 0", () => {
  assert.throws(() => setStaleAfter(0), {
    name: "RangeError",
    message:
      "Cannot set the stale worker delay as 'seconds' must be > 0: current value is 0",
  });
});
