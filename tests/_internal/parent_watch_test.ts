// Copyright 2026 the @skein/concurrent authors. MIT license.
// How a child watches its parent (tests/multiprocessing/orphans_test.ts
// kills a parent of busy and blocked children).
import assert from "node:assert/strict";
import { inMainIsolate } from "../../_internal/parent_watch.ts";

const PROBE = new URL("./fixtures/parent_watch_probe.ts", import.meta.url)
  .pathname;

async function probe(
  flags: string[],
  ...args: string[]
): Promise<{ stdout: string; code: number; signal: Deno.Signal | null }> {
  const { stdout, code, signal } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", ...flags, PROBE, ...args],
    stdout: "piped",
    stderr: "inherit",
    signal: AbortSignal.timeout(60_000), // (should it hang)
  }).output();
  return { stdout: new TextDecoder().decode(stdout).trim(), code, signal };
}

Deno.test("inMainIsolate() is true in a runtime's main isolate, false in any Worker", async () => {
  assert.equal(inMainIsolate(), true); // (deno test's module thread)
  const out = await probe([], "main-isolate");
  assert.deepEqual(JSON.parse(out.stdout), {
    main: true,
    worker: false,
    nodeWorker: false,
  });
});

Deno.test("watchParent() kills the process at once when its parent is already gone", async (t) => {
  for (
    const [name, flags, mainThread] of [
      ["with the death signal", ["--allow-ffi"], "true"],
      ["with the watchdog", ["--allow-ffi"], "false"],
      ["with the watchdog, no --allow-ffi", [], "true"],
    ] as const
  ) {
    await t.step(name, async () => {
      const out = await probe([...flags], "gone", mainThread);
      assert.equal(out.signal, "SIGKILL");
      assert.equal(out.stdout, "");
    });
  }
});

Deno.test("a stopped watchdog lets its process end", async () => {
  const out = await probe([], "stop");
  assert.equal(out.stdout, "watchdog stopped");
  assert.equal(out.code, 0);
});
