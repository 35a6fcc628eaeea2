// Copyright 2026 the @skein/concurrent authors. MIT license.
// The byte form of the wire codec (queue items) and its Python ordering.
import assert from "node:assert/strict";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import {
  decodeBytes,
  missing,
  readNeeds,
} from "../../_internal/wire_decode.ts";
import { compareEncoded } from "../../_internal/wire_order.ts";
import { Lock } from "@skein/concurrent/threading";
import { ValueError } from "@skein/concurrent";

function roundTrip<T>(value: T): T {
  return decodeBytes(encodeBytes(value, "item").slice()) as T;
}

Deno.test("wire bytes: primitives keep their value and type", () => {
  const values = [
    undefined,
    null,
    true,
    false,
    0,
    1,
    -1,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_SAFE_INTEGER,
    0n,
    -(2n ** 100n),
    12345678901234567890n,
    "",
    "ascii",
    "h\u00e9llo w\u00f6rld",
    "\u{1f30d} astral",
    "x".repeat(100_000),
  ];
  for (const value of values) assert.equal(roundTrip(value), value);
  assert.ok(Object.is(roundTrip(-0), -0));
});

Deno.test("wire bytes: structured data, shared references and cycles", () => {
  const shared = { n: 1 };
  const value: Record<string, unknown> = {
    array: [1, "two", [3, [4]], shared, shared],
    map: new Map<unknown, unknown>([["k", 1], [2, { v: true }]]),
    set: new Set([1, "a", shared]),
    date: new Date(1_700_000_000_000),
    regexp: /a+b/gi,
    bytes: new Uint8Array([1, 2, 3]),
    floats: new Float64Array([1.5, -2]),
    big: new BigInt64Array([-5n]),
    view: new DataView(new Uint8Array([9, 8]).buffer),
    buffer: new Uint16Array([7]).buffer,
    boxed: [new String("s"), new Number(2), new Boolean(false)],
    nullProto: Object.assign(Object.create(null), { a: 1 }),
  };
  value.self = value;
  const out = roundTrip(value);
  assert.equal(out.self, out);
  const array = out.array as unknown[];
  assert.equal(array[3], array[4]);
  assert.deepEqual(array.slice(0, 3), [1, "two", [3, [4]]]);
  assert.deepEqual(out.map, value.map);
  assert.ok((out.set as Set<unknown>).has(array[3]));
  assert.deepEqual(out.date, value.date);
  assert.equal(String(out.regexp), "/a+b/gi");
  assert.deepEqual(out.bytes, value.bytes);
  assert.deepEqual(out.floats, value.floats);
  assert.deepEqual(out.big, value.big);
  assert.equal((out.view as DataView).getUint8(1), 8);
  assert.deepEqual([...new Uint16Array(out.buffer as ArrayBuffer)], [7]);
  assert.deepEqual((out.boxed as object[]).map((b) => b.valueOf()), [
    "s",
    2,
    false,
  ]);
  assert.equal((out.nullProto as { a: number }).a, 1);
});

Deno.test("wire bytes: holes stay holes", () => {
  // deno-lint-ignore no-sparse-arrays
  const out = roundTrip([1, , 3]);
  assert.equal(out.length, 3);
  assert.equal(1 in out, false);
});

Deno.test("wire bytes: errors keep class, message, stack, cause and fields", () => {
  const error = new ValueError("bad", { cause: new TypeError("inner") });
  (error as unknown as { code: number }).code = 7;
  const out = roundTrip(error);
  assert.ok(out instanceof ValueError);
  assert.equal(out.message, "bad");
  assert.equal(out.stack, error.stack);
  assert.ok(out.cause instanceof TypeError);
  assert.equal((out as unknown as { code: number }).code, 7);
  const aggregate = roundTrip(new AggregateError([new Error("a")], "all"));
  assert.ok(aggregate instanceof AggregateError);
  assert.equal(aggregate.errors[0].message, "a");
});

Deno.test("wire bytes: a SharedArrayBuffer is shared, a shareable is itself", () => {
  const sab = new SharedArrayBuffer(8);
  const view = roundTrip(new Int32Array(sab, 4, 1));
  view[0] = 42;
  assert.equal(new Int32Array(sab)[1], 42);
  const lock = new Lock();
  const bytes = encodeBytes({ lock }, "item").slice();
  const needs = readNeeds(bytes)!;
  assert.deepEqual(needs.shared.map((s) => s.tag), ["threading.Lock"]);
  assert.equal(missing(needs), undefined);
  assert.equal((decodeBytes(bytes) as { lock: Lock }).lock, lock);
});

Deno.test("wire bytes: what cannot cross is a TypeError naming its path", () => {
  assert.throws(() => encodeBytes({ a: [1, Symbol("s")] }, "item"), {
    name: "TypeError",
    message: /item\.a\[1\]/,
  });
  class Point {
    x = 1;
  }
  assert.throws(() => encodeBytes([new Point()], "item"), {
    name: "TypeError",
    message: /item\[0\].*instance of Point/,
  });
  assert.throws(() => encodeBytes(new Blob(["x"]), "item"), {
    name: "TypeError",
    message: /Blob/,
  });
  // The encoder is usable after a failure.
  assert.equal(roundTrip("after"), "after");
});

function compare(x: unknown, y: unknown): number {
  const a = encodeBytes(x, "item").slice();
  const b = encodeBytes(y, "item").slice();
  return Math.sign(compareEncoded(a, 1, b, 1));
}

Deno.test("wire order: Python's < on numbers, strings, dates and tuples", () => {
  assert.equal(compare(1, 2), -1);
  assert.equal(compare(2.5, 2), 1);
  assert.equal(compare(3, 3), 0);
  assert.equal(compare(10n, 9.5), 1);
  assert.equal(compare(2n ** 70n, 2 ** 69), 1);
  assert.equal(compare(true, 2), -1); // bool is an int in Python
  assert.equal(compare("a", "b"), -1);
  assert.equal(compare("ab", "a"), 1);
  // Code point order, as Python's: U+FFFF sorts before an astral char,
  // though JavaScript's < on UTF-16 says the opposite.
  assert.equal(compare("\uffff", "\u{10000}"), -1);
  assert.equal(compare(new Date(1), new Date(2)), -1);
  assert.equal(compare([1, "b"], [1, "a"]), 1);
  assert.equal(compare([1], [1, 0]), -1);
  assert.equal(compare([1, { x: 1 }], [2, { y: 2 }]), -1);
  // Equal unorderable elements are skipped, as in Python's tuples.
  assert.equal(compare([{ x: 1 }, 1], [{ x: 1 }, 2]), -1);
  assert.equal(compare([1, {}], [1, {}]), 0); // (1, {}) < (1, {}) is False
});

Deno.test("wire order: unorderable pairs are Python's TypeError", () => {
  for (
    const [x, y] of [
      [1, "a"],
      [{}, {}],
      [null, null],
      [[1, { x: 1 }], [1, { x: 2 }]],
      [new Date(1), 1],
      [[1], 1],
    ]
  ) {
    assert.throws(() => compare(x, y), {
      name: "TypeError",
      message: /'<' not supported between instances of/,
    }, `${JSON.stringify(x)} < ${JSON.stringify(y)}`);
  }
});
