// Copyright 2026 the @skein/concurrent authors. MIT license.
// `null` where Python takes None (issue #19, item 3): the same as leaving
// the option out.
import assert from "node:assert/strict";
import {
  checkOutput,
  PIPE,
  Popen,
  run,
  runSync,
} from "@skein/concurrent/subprocess";
import { stillPending } from "../_none.ts";

const NONES = {
  cwd: null,
  env: null,
  executable: null,
  encoding: null, // None does not choose text mode: bytes
  errors: null,
  text: null,
  universalNewlines: null,
  stdin: null,
  timeout: null,
  input: null,
} as const;

Deno.test("run() and runSync(): every None option as null", async () => {
  const done = await run(["sh", "-c", 'printf %s "$PWD"'], {
    ...NONES,
    stdout: PIPE,
    stderr: null,
  });
  assert.equal(done.returncode, 0);
  assert.ok(done.stdout instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(done.stdout), Deno.cwd());
  const sync = runSync(["printf", "x"], { ...NONES, stdout: PIPE });
  assert.deepEqual(sync.stdout, new TextEncoder().encode("x"));
});

Deno.test("run(): None streams go with input and captureOutput, as Python's", async () => {
  const done = await run(["cat"], {
    input: "hi",
    text: true,
    stdin: null,
    stdout: null,
    stderr: null,
    captureOutput: true,
  });
  assert.equal(done.stdout, "hi");
  assert.deepEqual(
    await checkOutput(["true"], { input: null, timeout: null }),
    new Uint8Array(),
  );
});

Deno.test("Popen: communicate() and wait() with timeout null wait for the child", async () => {
  await using p = new Popen(["sleep", "60"], { stdout: PIPE, cwd: null });
  const communicating = p.communicate({ input: null, timeout: null });
  const waiting = p.wait({ timeout: null });
  assert.ok(await stillPending(communicating));
  assert.ok(await stillPending(waiting));
  p.kill();
  const [out, err] = await communicating;
  assert.deepEqual(out, new Uint8Array());
  assert.equal(err, null);
  assert.equal(await waiting, -9);
  assert.equal(p.waitSync({ timeout: null }), -9);
});
