// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { rehearse } from "../../_internal/child_warm.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { decodeBytes } from "../../_internal/wire_decode.ts";
import { programMainModule, registeredModules } from "../../_internal/ship.ts";

Deno.test("rehearse() leaves the codec and what a child reads as they were", async () => {
  const main = programMainModule();
  const registered = [...registeredModules()];
  const before = encodeBytes({ a: [1, "x"] }, "value").slice();
  await rehearse();
  await rehearse(); // (twice: it keeps nothing between runs)
  assert.equal(programMainModule(), main);
  assert.deepEqual(registeredModules(), registered);
  assert.deepEqual(decodeBytes(before), { a: [1, "x"] });
  const after = encodeBytes(new Map([[1, new Uint8Array([2])]]), "value")
    .slice();
  assert.deepEqual(decodeBytes(after), new Map([[1, new Uint8Array([2])]]));
});
