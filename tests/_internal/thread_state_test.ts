// Copyright 2026 the @skein/concurrent authors. MIT license.
// Two copies of a module in one thread (a child's bundled bootstrap and the
// library's own modules a target imports) share its registries and state.
import assert from "node:assert/strict";
import { threadState } from "../../_internal/thread_state.ts";
import * as identity from "../../_internal/process_identity.ts";
import * as ship from "../../_internal/ship.ts";
import * as holds from "../../_internal/holds.ts";
import * as errors from "../../_internal/errors_registry.ts";

// A second copy of a module: the same file under another URL.
function copyOf<T>(module: string): Promise<T> {
  return import(new URL(`${module}?copy`, import.meta.url).href);
}

Deno.test("threadState() makes a state once per thread, by name", () => {
  let made = 0;
  const a = threadState("test.once", () => ({ n: ++made }));
  const b = threadState("test.once", () => ({ n: ++made }));
  assert.equal(a, b);
  assert.equal(made, 1);
  assert.notEqual(threadState("test.other", () => ({ n: 0 })), a);
});

Deno.test("a second copy of the state's modules sees the first one's", async (t) => {
  await t.step("the process's identity", async () => {
    const copy = await copyOf<typeof identity>(
      "../../_internal/process_identity.ts",
    );
    const before = identity.currentIdentity();
    try {
      const child = { ...before, name: "Process-7", identity: [7] };
      copy.setCurrentIdentity(child);
      assert.equal(identity.currentIdentity(), child);
    } finally {
      identity.setCurrentIdentity(before);
    }
  });
  await t.step("the program's main module", async () => {
    const copy = await copyOf<typeof ship>("../../_internal/ship.ts");
    const before = ship.programMainModule();
    try {
      copy.setProgramMainModule("file:///elsewhere/main.ts");
      assert.equal(ship.programMainModule(), "file:///elsewhere/main.ts");
    } finally {
      ship.setProgramMainModule(before);
    }
  });
  await t.step("the threads that keep the process alive", async () => {
    const copy = await copyOf<typeof holds>("../../_internal/holds.ts");
    holds.hold();
    let ended = false;
    const none = copy.noneHolding().then(() => ended = true);
    await Promise.resolve();
    assert.equal(ended, false);
    holds.letGo();
    await none;
    assert.equal(ended, true);
  });
  await t.step("error classes by name", async () => {
    const copy = await copyOf<typeof errors>(
      "../../_internal/errors_registry.ts",
    );
    class ThreadStateTestError extends Error {}
    copy.registerErrorClass(ThreadStateTestError);
    assert.equal(
      errors.errorClass("ThreadStateTestError"),
      ThreadStateTestError,
    );
  });
});
