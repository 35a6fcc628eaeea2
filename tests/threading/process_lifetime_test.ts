// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's process rules, checked on real child programs.
import assert from "node:assert/strict";

async function runProgram(
  name: string,
  signal?: AbortSignal,
): Promise<Deno.CommandOutput> {
  const path = new URL(`./fixtures/${name}`, import.meta.url);
  return await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--config",
      new URL("../../deno.json", import.meta.url).pathname,
      path.pathname,
    ],
    stdout: "piped",
    stderr: "piped",
    ...(signal === undefined ? {} : { signal }),
  }).output();
}

Deno.test("the process exits when only daemon threads are left", async () => {
  const { code, stdout } = await runProgram("daemon_exit.ts");
  assert.equal(code, 0);
  assert.deepEqual(
    new TextDecoder().decode(stdout).trim().split("\n"),
    ["main done", "non-daemon done"],
  );
});

Deno.test("the process exits when its threads are done, with their workers cached", async () => {
  // The workers stay cached for an hour; a program they kept alive would be
  // killed after two minutes and fail here.
  const { code, signal, stdout } = await runProgram(
    "cached_exit.ts",
    AbortSignal.timeout(120_000),
  );
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.equal(new TextDecoder().decode(stdout).trim(), "idle workers: 12");
});

Deno.test("a main module without its guard gets a RuntimeError, not a fork bomb", async () => {
  const { code, stdout, stderr } = await runProgram("missing_guard.ts");
  assert.equal(code, 0);
  const err = new TextDecoder().decode(stderr);
  assert.match(
    err,
    /Exception in thread Thread-1 \(work\):\nRuntimeError: Cannot start a thread while a module is being imported/,
  );
  assert.match(err, /if \(import\.meta\.main\)/);
  assert.equal(new TextDecoder().decode(stdout).trim(), "main end");
});

Deno.test("a Timer started by an unguarded main module in a worker raises the same RuntimeError", async () => {
  const { code, stdout, stderr } = await runProgram("unguarded_timer.ts");
  assert.equal(code, 0);
  const err = new TextDecoder().decode(stderr);
  assert.match(
    err,
    /Exception in thread Thread-2 \(work\):\nRuntimeError: Cannot start a thread while a module is being imported/,
  );
  assert.deepEqual(
    new TextDecoder().decode(stdout).trim().split("\n"),
    ["tick", "main end"],
  );
});
