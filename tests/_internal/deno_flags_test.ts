// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { parseDenoCommandLine } from "../../_internal/deno_flags.ts";

const deno = "/usr/bin/deno";

Deno.test("parseDenoCommandLine(): a child gets the flags that load modules", () => {
  const flags = parseDenoCommandLine([
    deno,
    "run",
    "-c",
    "conf/app.json",
    "--import-map",
    "map.json",
    "--no-check",
    "--v8-flags=--expose-gc,--max-old-space-size=100",
    "--unstable-kv",
    "--lock",
    "my.lock",
    "--cached-only",
    "--node-modules-dir=manual",
    "--seed",
    "7",
    "-q",
    "main.ts",
    "--config",
    "the-program's-own.json",
  ]);
  assert.deepEqual(flags.run, [
    "--config=conf/app.json",
    "--import-map=map.json",
    "--no-check",
    "--v8-flags=--expose-gc,--max-old-space-size=100",
    "--unstable-kv",
    "--lock=my.lock",
    "--cached-only",
    "--node-modules-dir=manual",
    "--seed=7",
    "--quiet",
  ]);
  assert.equal(flags.config, true);
});

Deno.test("parseDenoCommandLine(): permission lists and denials", () => {
  const flags = parseDenoCommandLine([
    deno,
    "test",
    "--allow-read=/tmp,/srv",
    "-N=127.0.0.1",
    "--allow-env",
    "-A",
    "--deny-read=/tmp/secret",
    "--ignore-env=HOME",
    "--allow-read=/opt",
    "a_test.ts",
    "--filter",
    "-x",
    "b_test.ts",
    "--no-config",
  ]);
  assert.deepEqual(Object.fromEntries(flags.allowed), {
    read: ["/tmp", "/srv", "/opt"],
    net: ["127.0.0.1"],
  });
  assert.deepEqual(flags.deny, [
    "--deny-read=/tmp/secret",
    "--ignore-env=HOME",
  ]);
  // `deno test` takes files anywhere: flags after them count.
  assert.deepEqual(flags.run, ["--no-config"]);
  assert.equal(flags.config, true);
});

Deno.test("parseDenoCommandLine(): what is not for a child is left out", () => {
  const flags = parseDenoCommandLine([
    deno,
    "--reload",
    "--inspect=127.0.0.1:9229",
    "--watch",
    "--env-file=.env",
    "--ext",
    "ts",
    "--lock",
    "--no-prompt",
    "-cdeno.jsonc",
    "script",
    "--unstable-kv",
  ]);
  assert.deepEqual(flags.run, ["--lock", "--config=deno.jsonc"]);
  assert.deepEqual(parseDenoCommandLine([deno, "eval", "1"]).run, []);
  assert.equal(parseDenoCommandLine([]).config, false);
});
