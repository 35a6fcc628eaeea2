// Copyright 2026 the @skein/concurrent authors. MIT license.
// Processes against their platform baseline: Process start -> join against
// `deno run` of an empty module. CPython 3.11 (spawn) on the same machine:
// bench/multiprocessing_cpython.py.
import { Process } from "@skein/concurrent/multiprocessing";
import { noop } from "./fixtures/targets.ts";
import { registerModule } from "@skein/concurrent/threading";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const empty = new URL("./fixtures/empty.ts", import.meta.url).pathname;

Deno.bench("deno run of an empty module", {
  group: "process start -> exit",
  baseline: true,
  n: 20,
}, async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", empty],
    stdin: "null",
  }).spawn();
  await child.status;
});

Deno.bench("Process: start() -> join()", {
  group: "process start -> exit",
  n: 20,
}, async () => {
  const p = new Process({ target: noop });
  p.start();
  await p.join();
});
