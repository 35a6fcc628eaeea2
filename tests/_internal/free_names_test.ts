// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import { freeNames } from "../../_internal/free_names.ts";

Deno.test("freeNames() finds outer variables a function's source uses", () => {
  const factor = 2;
  const table = new Map<number, number>();
  assert.deepEqual(freeNames(String((x: number) => x * factor)), ["factor"]);
  assert.deepEqual(
    freeNames(String(function lookup(k: number): number {
      return table.get(k) ?? factor;
    })),
    ["table", "factor"],
  );
  assert.deepEqual(
    freeNames("(a) => { const b = a + 1; return `${b}${outer}`; }"),
    ["outer"],
  );
  assert.deepEqual(freeNames("() => { helper(); }"), ["helper"]);
});

Deno.test("freeNames() accepts what a self-contained function declares or finds global", () => {
  const sources = [
    "(l, c) => { for (let i = 0; i < 1000; i++) { using _ = l.enterSync(); c[0]++; } }",
    "function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }",
    "async ({ a, b: [c, ...d] } = {}, ...rest) => { const { e, f: g } = a; return [c, d, e, g, rest, Math.max(1, 2), Deno.pid]; }",
    "(x) => { try { JSON.parse(x); } catch (error) { console.error(error); } }",
    "(s) => s.replace(/a\\/b[/]/g, '/').split('/').map((p) => p.trim())",
    "() => { class Box { count = 0; #v = 1; get v() { return this.#v; } inc(n) { this.count += n; } } return new Box(); }",
    "(o) => ({ key: o.value, other: { nested: 1 } })",
    "() => { outer: for (const k of [1, 2]) { if (k) continue outer; } let a = 1, b = a; var z; return a / b / 2; }",
    "(n) => `${n} is ${n > 1 ? 'big' : 'small'} // not a comment`",
    "(a) => { switch (a) { case 1: return 'one'; default: return 'many'; } }",
  ];
  for (const source of sources) assert.deepEqual(freeNames(source), [], source);
});
