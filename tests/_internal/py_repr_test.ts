// Copyright 2026 the @skein/concurrent authors. MIT license.
// The Python repr() every class's repr is built from, checked against
// what CPython 3.11 prints for the same values.
import assert from "node:assert/strict";
import {
  customInspect,
  objectId,
  pyRepr,
  pyTypeName,
  reprMethod,
} from "../../_internal/py_repr.ts";

Deno.test("pyRepr() gives Python's repr of values", async (t) => {
  await t.step("strings, quoted and escaped as Python does", () => {
    assert.equal(pyRepr("hello"), "'hello'");
    assert.equal(pyRepr("it's"), `"it's"`);
    assert.equal(pyRepr(`'"`), `'\\'"'`);
    assert.equal(
      pyRepr("a\nb\t\\\x00\x7f\x80"),
      "'a\\nb\\t\\\\\\x00\\x7f\\x80'",
    );
    assert.equal(pyRepr("\u00e9\u20ac"), "'\u00e9\u20ac'");
  });

  await t.step("None, booleans and numbers", () => {
    assert.equal(pyRepr(null), "None");
    assert.equal(pyRepr(undefined), "None");
    assert.equal(pyRepr(true), "True");
    assert.equal(pyRepr(false), "False");
    assert.equal(pyRepr(10), "10");
    assert.equal(pyRepr(1.5), "1.5");
    assert.equal(pyRepr(-0), "-0.0");
    assert.equal(pyRepr(NaN), "nan");
    assert.equal(pyRepr(-Infinity), "-inf");
    assert.equal(pyRepr(2n ** 70n), "1180591620717411303424");
  });

  await t.step("bytes, with every byte from 0x7f escaped", () => {
    assert.equal(
      pyRepr(new Uint8Array([104, 105, 10, 0xff, 0x7f])),
      "b'hi\\n\\xff\\x7f'",
    );
    assert.equal(pyRepr(new Uint8Array()), "b''");
  });

  await t.step("lists, dicts (Maps and plain objects) and sets", () => {
    assert.equal(pyRepr([1, "a", [null, true]]), "[1, 'a', [None, True]]");
    assert.equal(pyRepr({ a: 1, b: "x" }), "{'a': 1, 'b': 'x'}");
    assert.equal(
      pyRepr(new Map<unknown, unknown>([[1, "one"], ["k", []]])),
      "{1: 'one', 'k': []}",
    );
    assert.equal(pyRepr(new Set([1, 2])), "{1, 2}");
    assert.equal(pyRepr(new Set()), "set()");
    assert.equal(pyRepr({}), "{}");
  });

  await t.step("cycles print as Python's [...] and {...}", () => {
    const list: unknown[] = [1];
    list.push(list);
    assert.equal(pyRepr(list), "[1, [...]]");
    const dict: Record<string, unknown> = {};
    dict.self = dict;
    assert.equal(pyRepr(dict), "{'self': {...}}");
    const shared = [0];
    assert.equal(pyRepr([shared, shared]), "[[0], [0]]");
  });

  await t.step("typed arrays as Python's array.array", () => {
    assert.equal(pyRepr(new Int32Array([42, 1729])), "array('i', [42, 1729])");
    assert.equal(pyRepr(new Float64Array([0.5])), "array('d', [0.5])");
    assert.equal(pyRepr(new BigInt64Array([-1n])), "array('q', [-1])");
    assert.equal(pyRepr([new Int8Array()]), "[array('b', [])]");
  });

  await t.step("errors, functions and other objects", () => {
    const error = new RangeError("bad 'x'");
    assert.equal(pyRepr(error), `RangeError("bad 'x'")`);
    assert.equal(pyRepr(function work(): void {}), "<function work>");
    // A class is Python's <class '...'>, a built-in constructor too.
    assert.equal(pyRepr(class Point {}), "<class 'Point'>");
    assert.equal(pyRepr([Number]), "[<class 'Number'>]");
    assert.equal(pyRepr(Math.max), "<function max>");
    class Own {
      toString(): string {
        return "<Own>";
      }
    }
    assert.equal(pyRepr([new Own()]), "[<Own>]");
    class Plain {}
    const plain = new Plain();
    assert.equal(pyRepr(plain), `<Plain object at ${objectId(plain)}>`);
  });

  await t.step(
    "an object whose repr is not its str, by its repr method",
    () => {
      // As a proxy: str() (toString) is the referent, repr() the proxy.
      class Both {
        toString(): string {
          return "str";
        }
        [reprMethod](): string {
          return "<repr>";
        }
      }
      assert.equal(pyRepr([new Both()]), "[<repr>]");
      assert.equal(pyRepr({ a: new Both() }), "{'a': <repr>}");
      assert.equal(String(new Both()), "str");
    },
  );
});

Deno.test("pyTypeName() names types as Python does", () => {
  assert.equal(pyTypeName(1), "int");
  assert.equal(pyTypeName(1.5), "float");
  assert.equal(pyTypeName(1n), "int");
  assert.equal(pyTypeName("s"), "str");
  assert.equal(pyTypeName(false), "bool");
  assert.equal(pyTypeName(null), "NoneType");
  assert.equal(pyTypeName(undefined), "NoneType");
  assert.equal(pyTypeName([]), "list");
  assert.equal(pyTypeName({}), "dict");
  assert.equal(pyTypeName(new Map()), "dict");
  assert.equal(pyTypeName(new Set()), "set");
  assert.equal(pyTypeName(new Uint8Array()), "bytes");
  assert.equal(pyTypeName(new RangeError()), "RangeError");
});

Deno.test("objectId() is stable per object and differs between objects", () => {
  const a = {};
  const b = {};
  assert.match(objectId(a), /^0x[0-9a-f]+$/);
  assert.equal(objectId(a), objectId(a));
  assert.notEqual(objectId(a), objectId(b));
});

Deno.test("customInspect is the symbol Deno.inspect calls", () => {
  assert.equal(customInspect, Symbol.for("Deno.customInspect"));
  const value = { [customInspect]: () => "<X>" };
  assert.equal(Deno.inspect(value), "<X>");
  assert.equal(Deno.inspect([value]), "[ <X> ]");
});
