// Copyright 2026 the @skein/concurrent authors. MIT license.
// subprocess against raw Deno.Command and, as a peer, npm:execa.
// CPython 3.11 on the same machine: bench/subprocess_cpython.py.
import { execa } from "npm:execa@9.6.0";
import { PIPE, Popen, run, runSync } from "@skein/concurrent/subprocess";

Deno.bench('raw new Deno.Command("true").output()', {
  group: "spawn and wait: true",
  baseline: true,
}, async () => {
  await new Deno.Command("true").output();
});

Deno.bench('run(["true"])', { group: "spawn and wait: true" }, async () => {
  await run(["true"]);
});

Deno.bench('npm:execa("true")', { group: "spawn and wait: true" }, async () => {
  await execa("true");
});

Deno.bench('raw new Deno.Command("true").outputSync()', {
  group: "spawn and wait, sync: true",
  baseline: true,
}, () => {
  new Deno.Command("true").outputSync();
});

Deno.bench('runSync(["true"])', { group: "spawn and wait, sync: true" }, () => {
  runSync(["true"]);
});

const SIZE = 100 * 1024 * 1024;
const DATA = new Uint8Array(SIZE).fill(7);

Deno.bench("raw: pipe 100 MB through cat", {
  group: "100 MB through cat",
  baseline: true,
  n: 5,
}, async () => {
  const child = new Deno.Command("cat", { stdin: "piped", stdout: "piped" })
    .spawn();
  const writing = (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(DATA);
    await writer.close();
  })();
  const out = await new Response(child.stdout).arrayBuffer();
  await writing;
  await child.status;
  if (out.byteLength !== SIZE) throw new Error("short");
});

Deno.bench("Popen(...).communicate({ input }) 100 MB through cat", {
  group: "100 MB through cat",
  n: 5,
}, async () => {
  await using p = new Popen(["cat"], { stdin: PIPE, stdout: PIPE });
  const [out] = await p.communicate({ input: DATA });
  if ((out as Uint8Array).length !== SIZE) throw new Error("short");
});
