// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's test_sharedctypes.py and _test_multiprocessing.py
// check of Value, Array and Lock between processes: one memory location
// for every process, exact counts under the lock, a lock held by a child.
import assert from "node:assert/strict";
import {
  Array as SharedArray,
  Lock,
  Process,
  Queue,
  RawArray,
  RawValue,
  Value,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import type { Typecode } from "@skein/concurrent/multiprocessing";
import {
  fillSquares,
  holdLock,
  incrementValue,
} from "./fixtures/process_targets.ts";
import { writeStrings } from "./fixtures/shared_memory_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));
registerModule(
  new URL("./fixtures/shared_memory_targets.ts", import.meta.url),
);

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

Deno.test("Value: typecodes, raw values, errors", () => {
  const i = new Value("i", 7);
  assert.equal(i.value, 7);
  i.value = 2 ** 31; // wraps as a C int does
  assert.equal(i.value, -(2 ** 31));
  const d = new RawValue("d", 0.25);
  d.value *= 2;
  assert.equal(d.value, 0.5);
  const q = new Value("q", 2n ** 62n);
  assert.equal(q.value, 2n ** 62n);
  q.value = 5;
  assert.equal(q.value, 5);
  assert.equal(new Value("b", -1).value, -1);
  assert.throws(() => new Value("z" as "i"), TypeError);
  assert.throws(() => new Value("i", 0, { lock: false }).getLock(), TypeError);
  const shared = new Lock();
  assert.equal(new Value("i", 0, { lock: shared }).getLock(), shared);
});

Deno.test("Array: elements in shared memory", () => {
  const a = new SharedArray("i", [1, 2, 3]);
  assert.equal(a.length, 3);
  assert.deepEqual([...a.array], [1, 2, 3]);
  assert.ok(a.getObj() instanceof Int32Array);
  const zeros = new RawArray("d", 4);
  assert.deepEqual([...zeros.array], [0, 0, 0, 0]);
  assert.throws(() => new SharedArray("i", -1), {
    name: "ValueError",
    message:
      "Cannot create Array as 'sizeOrInitializer' must be >= 0: current value is -1",
  });
});

Deno.test("Value, Array: every typecode of Python's array module, and 'c'", async (t) => {
  await t.step("each typecode's width and wrap, as ctypes'", () => {
    const cases: [Typecode, number | bigint, number | bigint][] = [
      ["b", 200, -56],
      ["B", -1, 255],
      ["h", 2 ** 15, -(2 ** 15)],
      ["H", -1, 2 ** 16 - 1],
      ["i", 2 ** 40, 0],
      ["I", -1, 2 ** 32 - 1],
      ["l", 2n ** 63n, -(2n ** 63n)],
      ["L", -1, 2n ** 64n - 1n],
      ["q", 2n ** 64n, 0],
      ["Q", 2n ** 64n - 1n, 2n ** 64n - 1n],
      ["f", 0.1, Math.fround(0.1)],
      ["d", 0.1, 0.1],
      ["i", 7n, 7], // a bigint is an int too
      ["d", 3n, 3],
    ];
    for (const [typecode, given, read] of cases) {
      assert.equal(
        new RawValue(typecode, given as never).value,
        read,
        typecode,
      );
      const a = new SharedArray(typecode, [given] as never, { lock: false });
      assert.equal(a.length, 1);
      const element = a.array[0]!;
      assert.equal(
        element,
        typeof element === "bigint" ? BigInt(read) : read,
        typecode,
      );
      assert.equal(new RawValue(typecode).value, 0, typecode);
    }
  });
  await t.step("'c' is one byte, as Python's Value('c')", () => {
    const c = new Value("c");
    assert.deepEqual(c.value, new Uint8Array([0])); // b'\x00'
    c.value = new Uint8Array([120]);
    assert.deepEqual(c.value, new Uint8Array([120]));
    c.value = 65 as never; // an integer 0-255, as ctypes takes
    assert.deepEqual(c.value, new Uint8Array([65]));
    for (
      const bad of [new Uint8Array([1, 2]), new Uint8Array(0), 256, -1, "x"]
    ) {
      assert.throws(() => c.value = bad as never, {
        name: "TypeError",
        message: new RegExp(
          "^Cannot set Value.value as 'value' must be one byte for typecode 'c' \\(a Uint8Array of length 1, or an integer 0-255\\): ",
        ),
      });
    }
    assert.deepEqual(c.value, new Uint8Array([65])); // unchanged
  });
  await t.step("'u' is one character (wchar_t, a code point)", () => {
    const u = new RawValue("u", "\u00e9");
    assert.equal(u.value, "\u00e9");
    u.value = "\u{1F600}"; // one code point, two UTF-16 units
    assert.equal(u.value, "\u{1F600}");
    assert.equal(new RawValue("u").value, "\0");
    for (const bad of ["", "ab", 65]) {
      assert.throws(() => u.value = bad as never, {
        name: "TypeError",
        message: new RegExp(
          "^Cannot set RawValue.value as 'value' must be a one-character string for typecode 'u': ",
        ),
      });
    }
  });
  await t.step(
    "Array('c', ...) has value and raw, as SynchronizedString",
    () => {
      const hello = new SharedArray("c", utf8("hello"));
      assert.equal(hello.length, 5);
      assert.equal(text(hello.value), "hello");
      assert.equal(text(hello.raw), "hello");
      hello.value = utf8("hi"); // b'hi\x00lo'
      assert.deepEqual([...hello.raw], [104, 105, 0, 108, 111]);
      assert.equal(text(hello.value), "hi");
      hello.raw = utf8("x"); // no zero after raw
      assert.equal(text(hello.raw), "xi\0lo");
      hello.value = utf8("howdy"); // exactly full: no room for a zero
      assert.equal(text(hello.value), "howdy");
      assert.throws(() => hello.value = utf8("toolong"), {
        name: "ValueError",
        message:
          "Cannot set Array.value as 'value' must fit the array's 5 bytes: current length is 7",
      });
      assert.throws(() => hello.raw = utf8("abcdef"), {
        name: "ValueError",
        message:
          "Cannot set Array.raw as 'raw' must fit the array's 5 bytes: current length is 6",
      });
      assert.throws(() => hello.value = "hi" as never, {
        name: "TypeError",
        message:
          "Cannot set Array.value as 'value' must be a Uint8Array: received string",
      });
      assert.equal(text(hello.value), "howdy"); // unchanged by the failures
      const eleven = new SharedArray("c", 11);
      assert.deepEqual(eleven.raw, new Uint8Array(11));
      assert.deepEqual(eleven.value, new Uint8Array(0)); // b''
      const mixed = new RawArray("c", [1, new Uint8Array([2])]);
      assert.deepEqual([...mixed.raw], [1, 2]);
    },
  );
  await t.step("Array('u', ...) has value", () => {
    const s = new RawArray("u", "h\u00e9llo");
    assert.equal(s.length, 5);
    assert.equal(s.value, "h\u00e9llo");
    assert.deepEqual([...s.array], [...s.value].map((c) => c.codePointAt(0)));
    s.value = "ab";
    assert.equal(s.value, "ab");
    assert.throws(() => s.value = "abcdef", {
      name: "ValueError",
      message:
        "Cannot set RawArray.value as 'value' must fit the array's 5 characters: current length is 6",
    });
    assert.equal(new RawArray("u", ["x", "\u{1F600}"]).value, "x\u{1F600}");
    assert.equal(new RawArray("u", 3).value, "");
  });
  await t.step("value and raw exist only where Python has them", () => {
    const ints = new RawArray("i", 3) as RawArray;
    assert.throws(() => ints.value, {
      name: "TypeError",
      message:
        "Cannot read RawArray.value as only an array of typecode 'c' or 'u' has one: this one's typecode is 'i' (use its 'array')",
    });
    assert.throws(() => (new RawArray("u", 1) as RawArray).raw, {
      name: "TypeError",
      message:
        "Cannot read RawArray.raw as only an array of typecode 'c' has one: this one's typecode is 'u' (use its 'array')",
    });
  });
});

Deno.test("Value, Array: the errors CPython gives, in this package's form", async (t) => {
  await t.step("an unknown typecode", () => {
    const message =
      "must be one of 'b', 'B', 'u', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd', 'c'";
    assert.throws(() => new SharedArray("x" as "i", 3), {
      name: "TypeError",
      message: `Cannot create Array as 'typecode' ${message}: received 'x'`,
    });
    assert.throws(() => new Value("?" as "i"), {
      name: "TypeError",
      message: `Cannot create Value as 'typecode' ${message}: received '?'`,
    });
    assert.throws(() => new RawValue(3 as never), {
      name: "TypeError",
      message:
        `Cannot create RawValue as 'typecode' ${message}: received number`,
    });
    assert.throws(() => new RawArray("toString" as "i", 1), TypeError);
  });
  await t.step("a value of the wrong kind", () => {
    assert.throws(() => new Value("i", 1.5), {
      name: "TypeError",
      message:
        "Cannot create Value as 'value' must be an integer (a number or a bigint) for typecode 'i': current value is 1.5",
    });
    assert.throws(() => new Value("d", "x" as never), {
      name: "TypeError",
      message:
        "Cannot create Value as 'value' must be a number for typecode 'd': received \"x\"",
    });
    assert.throws(() => new Value("d", 2n ** 1100n as never), RangeError);
    assert.throws(() => new SharedArray("i", [1, 1.5]), {
      name: "TypeError",
      message:
        "Cannot create Array as 'sizeOrInitializer[1]' must be an integer (a number or a bigint) for typecode 'i': current value is 1.5",
    });
    assert.throws(() => new SharedArray("i", "abc" as never), TypeError);
    assert.throws(() => new SharedArray("c", "abc" as never), {
      name: "TypeError",
      message:
        "Cannot create Array as 'sizeOrInitializer' must be bytes for typecode 'c' (a Uint8Array, or an iterable of bytes): received a string",
    });
    assert.throws(() => new RawArray("u", [1, 2] as never), {
      name: "TypeError",
      message:
        "Cannot create RawArray as 'sizeOrInitializer[0]' must be a one-character string for typecode 'u': current value is 1",
    });
  });
  await t.step("a size that is not one", () => {
    assert.throws(() => new SharedArray("i", 2.5), {
      name: "TypeError",
      message:
        "Cannot create Array as 'sizeOrInitializer' must be an integer size or an iterable of elements: current value is 2.5",
    });
    assert.throws(() => new RawArray("i", null as never), {
      name: "TypeError",
      message:
        "Cannot create RawArray as 'sizeOrInitializer' must be an integer size or an iterable of elements: received null",
    });
  });
  await t.step("a lock that is not one", () => {
    assert.throws(() => new Value("i", 0, { lock: "yes" as never }), {
      name: "TypeError",
      message:
        "Cannot create Value as 'lock' must be a boolean or a Lock: received string",
    });
  });
});

Deno.test("Array('c') and Value('u') cross to a child as the same memory", async () => {
  const name = new SharedArray("c", 16);
  const initial = new Value("u", "a");
  const p = new Process({ target: writeStrings, args: [name, initial] });
  p.start();
  await p.join();
  assert.equal(p.exitcode, 0);
  assert.equal(text(name.value), "from the child");
  assert.equal(initial.value, "z");
});

Deno.test("Lock: Python's errors", async () => {
  const lock = new Lock();
  assert.throws(() => lock.release(), {
    name: "ValueError",
    message: "semaphore or lock released too many times",
  });
  assert.equal(await lock.acquire(), true);
  assert.equal(lock.acquireSync({ blocking: false }), false);
  assert.equal(lock.acquireSync({ timeout: 0.01 }), false);
  assert.throws(
    () => lock.acquireSync({ blocking: false, timeout: 1 }),
    ValueError,
  );
  lock.release();
});

Deno.test("Value: 4 processes x 10,000 increments under its lock are exact", async () => {
  const counter = new Value("i", 0);
  const processes = [0, 1, 2, 3].map(() =>
    new Process({ target: incrementValue, args: [counter, 10_000] })
  );
  for (const p of processes) p.start();
  for (const p of processes) {
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  assert.equal(counter.value, 40_000);
});

Deno.test("Array: a child writes, the parent reads the same memory", async () => {
  const squares = new SharedArray("d", 5);
  const p = new Process({ target: fillSquares, args: [squares] });
  p.start();
  await p.join();
  assert.deepEqual([...squares.array], [0, 1, 4, 9, 16]);
});

Deno.test("Lock: held by a child, waited for here", async () => {
  const lock = new Lock();
  const ready = new Queue<string>();
  const p = new Process({ target: holdLock, args: [lock, ready, 300] });
  p.start();
  assert.equal(await ready.get({ timeout: 30 }), "held");
  assert.equal(lock.locked(), true);
  assert.equal(await lock.acquire({ timeout: 0.05 }), false);
  assert.equal(await lock.acquire({ timeout: 30 }), true); // after release
  lock.release();
  await p.join();
});
