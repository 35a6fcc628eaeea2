// Copyright 2026 the @skein/concurrent authors. MIT license.
// String() and Deno.inspect() of Popen and CompletedProcess read as
// CPython 3.11's repr() of the same objects.
import assert from "node:assert/strict";
import {
  CompletedProcess,
  PIPE,
  Popen,
  run,
} from "@skein/concurrent/subprocess";

function assertRepr(value: object, expected: string): void {
  assert.equal(String(value), expected);
  assert.equal(Deno.inspect(value), expected);
}

Deno.test("Popen's repr shows returncode and args, cut at 80 characters", async (t) => {
  await t.step("running, then exited", async () => {
    await using p = new Popen(["sh", "-c", "read x"], { stdin: PIPE });
    assertRepr(p, "<Popen: returncode: None args: ['sh', '-c', 'read x']>");
    await p.communicate({ input: "\n" });
    assertRepr(p, "<Popen: returncode: 0 args: ['sh', '-c', 'read x']>");
  });

  await t.step("killed, with a string command", async () => {
    await using p = new Popen("sleep 30", { shell: true });
    p.kill();
    await p.wait();
    assertRepr(p, "<Popen: returncode: -9 args: 'sleep 30'>");
  });

  await t.step("long args are cut as Python's", async () => {
    await using p = new Popen(["echo", ...Array(10).fill("x".repeat(10))], {
      stdout: PIPE,
    });
    await p.communicate();
    assertRepr(
      p,
      "<Popen: returncode: 0 args: ['echo', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxxxxxxx...>",
    );
  });
});

Deno.test("CompletedProcess prints its repr in console.log too", async () => {
  const done = await run(["sh", "-c", "printf 'it'\\''s'; exit 3"], {
    stdout: PIPE,
    text: true,
  });
  assertRepr(
    done,
    `CompletedProcess(args=['sh', '-c', "printf 'it'\\\\''s'; exit 3"], returncode=3, stdout="it's")`,
  );
  assertRepr(
    new CompletedProcess("true", 0, null, new Uint8Array([0xff])),
    "CompletedProcess(args='true', returncode=0, stderr=b'\\xff')",
  );
  assert.equal(
    Deno.inspect([done.returncode, new CompletedProcess(["x"], 0)]),
    "[ 3, CompletedProcess(args=['x'], returncode=0) ]",
  );
});
