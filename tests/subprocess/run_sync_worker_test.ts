// Copyright 2026 the @skein/concurrent authors. MIT license.
// runSync() on its worker path (input, timeout, stderr into stdout, limits):
// a worker thread that dies mid-call is an error, never a hang.
import assert from "node:assert/strict";
import { runSync } from "@skein/concurrent/subprocess";
import { runSyncInWorker } from "../../subprocess/_run_sync.ts";
import { setStaleAfter } from "../../_internal/blocking_call.ts";
import { exportRef } from "../../_internal/ship.ts";

const DYING = exportRef(
  "runForSync",
  new URL("./fixtures/dying_worker.ts", import.meta.url).href,
);

Deno.test("runSync()'s worker dying mid-call is an Error naming the command, and the next runSync() works", () => {
  const previous = setStaleAfter(1);
  try {
    assert.throws(
      () => runSyncInWorker(["sleep", "30"], { timeout: 60 }, DYING),
      {
        name: "Error",
        message:
          'Cannot run command ["sleep","30"]: the worker thread running it died',
      },
    );
  } finally {
    setStaleAfter(previous);
  }
  const done = runSync(["echo", "after"], { captureOutput: true, timeout: 30 });
  assert.equal(new TextDecoder().decode(done.stdout as Uint8Array), "after\n");
});

Deno.test("runSync() on the worker path waits past the stale delay while its worker beats", () => {
  runSync(["true"], { timeout: 30 }); // a warm worker, beating at once
  const previous = setStaleAfter(1);
  try {
    // sleep 3 runs three times the stale delay: the beats keep it alive.
    const done = runSync(["sleep", "3"], { timeout: 30 });
    assert.equal(done.returncode, 0);
  } finally {
    setStaleAfter(previous);
  }
});
