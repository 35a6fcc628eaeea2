// Copyright 2026 the @skein/concurrent authors. MIT license.
// asCompleted()'s loop variable is the future given, in its type too
// (issue #19, item 10); its order and timeout are tested in wait_test.ts.
import assert from "node:assert/strict";
import {
  asCompleted,
  type CompletedFuture,
  Future,
  ThreadPoolExecutor,
} from "@skein/concurrent/futures";

Deno.test("asCompleted(): a for-await loop gets each future, typed as one", async () => {
  const given = [new Future<number>(), new Future<number>()];
  given[1]!.setResult(2);
  given[0]!.setException(new RangeError("no"));
  const seen: Future<number>[] = [];
  for await (const f of asCompleted(given)) {
    // Type-level: these lines compile only while `f` is typed as a future.
    const asFuture: Future<number> = f;
    const result: Promise<number> = f.result();
    // @ts-expect-error `f` is not typed as its result
    const asResult: number = f;
    assert.ok(asFuture instanceof Future);
    assert.equal(typeof asResult, "object");
    seen.push(f);
    if (f === given[1]) assert.equal(await result, 2);
    else await assert.rejects(result, RangeError);
  }
  assert.deepEqual(seen, [given[0], given[1]]);
});

Deno.test("asCompleted(): the futures of an executor, found by identity", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  const square = (n: number): number => n * n;
  const byFuture = new Map([1, 2, 3].map((n) => [pool.submit(square, n), n]));
  const squares = new Map<number, number>();
  for await (const f of asCompleted(byFuture.keys())) {
    squares.set(byFuture.get(f)!, await f.result());
  }
  assert.deepEqual([...squares].sort(), [[1, 1], [2, 4], [3, 9]]);
});

Deno.test("CompletedFuture<T> is assignable to Future<T>, and await still gives the result", async () => {
  const f = new Future<string>();
  f.setResult("x");
  const completed = f as CompletedFuture<string>;
  const back: Future<string> = completed;
  assert.equal(back, f);
  assert.equal(await f, "x");
});
