// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { decode, encode } from "../../_internal/codec.ts";
import { RuntimeError, ValueError } from "../../errors.ts";

/** encode, then a real structured clone (as postMessage), then decode. */
async function roundTrip(value: unknown): Promise<unknown> {
  return await decode(structuredClone(encode(value, "value")));
}

Deno.test("codec leaves plain data untouched and unmarked", () => {
  const value = { a: [1, "x", null, undefined], m: new Map([[1, 2]]) };
  const encoded = encode(value, "value");
  assert.equal(encoded.marked, false);
  assert.equal(encoded.value, value);
});

Deno.test("codec keeps structured-clone fidelity", async () => {
  const cyclic: Record<string, unknown> = { n: 1 };
  cyclic.self = cyclic;
  const value = {
    map: new Map<unknown, unknown>([["k", new Set([1n, 2n])]]),
    date: new Date(5),
    re: /x+/gi,
    bytes: new Uint8Array([1, 2, 3]),
    nothing: undefined,
    cyclic,
    error: new ValueError("bad"),
  };
  const out = await roundTrip(value) as typeof value;
  assert.deepEqual(out.map, value.map);
  assert.deepEqual(out.date, value.date);
  assert.deepEqual(out.re, value.re);
  assert.deepEqual(out.bytes, value.bytes);
  assert.ok("nothing" in out);
  assert.equal(out.cyclic.self, out.cyclic);
});

Deno.test("codec keeps errors' classes, messages, stacks, causes and fields", async () => {
  const inner = new TypeError("inner");
  const error = new RuntimeError("outer", { cause: inner });
  (error as RuntimeError & { code: number }).code = 3;
  const out = await roundTrip(error) as RuntimeError & { code: number };
  assert.ok(out instanceof RuntimeError);
  assert.equal(out.name, "RuntimeError");
  assert.equal(out.message, "outer");
  assert.equal(out.stack, error.stack);
  assert.equal(out.code, 3);
  assert.ok(out.cause instanceof TypeError);
  assert.equal((out.cause as Error).message, "inner");
  const value = await roundTrip(new ValueError("v")) as Error;
  assert.ok(value instanceof ValueError && value instanceof RangeError);
  const notFound = await roundTrip(new Deno.errors.NotFound("gone"));
  assert.ok(notFound instanceof Deno.errors.NotFound);
  const aggregate = await roundTrip(
    new AggregateError([new Error("a")], "many"),
  ) as AggregateError;
  assert.ok(aggregate instanceof AggregateError);
  assert.equal((aggregate.errors[0] as Error).message, "a");
});

Deno.test("codec escapes objects that look like its markers", async () => {
  const tricky = { "\u0000@skein/concurrent": "fn", ref: 1 };
  assert.deepEqual(
    await roundTrip({ tricky, f: () => 1 }).then((v) =>
      (v as { tricky: unknown }).tricky
    ),
    tricky,
  );
});

Deno.test("codec rejects what cannot cross, naming the path", () => {
  class Point {
    x = 1;
  }
  const cases: [unknown, RegExp][] = [
    [Symbol("s"), /^Cannot send value to another thread as it is a symbol$/],
    [{ a: [0, { b: Symbol() }] }, /value\.a\[1\]\.b .* a symbol/],
    [[new Point()], /value\[0\] .* an instance of Point/],
    [new Map([["k", Symbol()]]), /value\.get\("k"\)/],
    [
      { f: Math.max.bind(null) },
      /value\.f .* a bound or built-in function 'bound max' that no global property path/,
    ],
    [{ push: [].push }, /value\.push .* built-in function 'push'/],
  ];
  for (const [value, message] of cases) {
    assert.throws(() => encode(value, "value"), { name: "TypeError", message });
  }
});

Deno.test("codec sends functions by source and rebuilds them", async () => {
  const out = await roundTrip({ double: (x: number) => x * 2 }) as {
    double: (x: number) => number;
  };
  assert.equal(out.double(21), 42);
});
