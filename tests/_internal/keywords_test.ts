// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import {
  isPlainObject,
  positionalOrKeyword,
} from "../../_internal/keywords.ts";

Deno.test("positionalOrKeyword(): by position, by keyword, or neither", () => {
  assert.deepEqual(positionalOrKeyword("make", "n", 3, { x: 1 }), {
    value: 3,
    options: { x: 1 },
  });
  assert.deepEqual(
    positionalOrKeyword("make", "n", { n: 3, x: 1 }, undefined, ["n", "x"]),
    {
      value: 3,
      options: { n: 3, x: 1 },
    },
  );
  assert.throws(
    () => positionalOrKeyword("make", "n", { n: 3, x: 1 }, undefined),
    /Cannot make as 'x' is not one of its options: 'n'/,
  );
  assert.deepEqual(positionalOrKeyword("make", "n", undefined, { n: 4 }), {
    value: 4,
    options: { n: 4 },
  });
  assert.deepEqual(positionalOrKeyword("make", "n", undefined, undefined), {
    value: undefined,
    options: {},
  });
});

Deno.test("positionalOrKeyword(): a parameter given twice names both", () => {
  assert.throws(
    () => positionalOrKeyword("create Barrier", "parties", 3, { parties: 2 }),
    {
      name: "TypeError",
      message:
        "Cannot create Barrier as 'parties' is given twice: as the first argument (3) and in the options (2)",
    },
  );
  assert.throws(
    () => positionalOrKeyword("create Barrier", "parties", { parties: 2 }, {}),
    {
      name: "TypeError",
      message:
        "Cannot create Barrier as 'parties' is in the first argument, an options object, so no options may follow: received two objects",
    },
  );
});

Deno.test("isPlainObject(): only {...} objects are options", () => {
  assert.ok(isPlainObject({}));
  assert.ok(isPlainObject(Object.create(null)));
  assert.ok(!isPlainObject([]));
  assert.ok(!isPlainObject(null));
  assert.ok(!isPlainObject(new Date()));
  assert.ok(!isPlainObject(5));
});
