// Copyright 2026 the @skein/concurrent authors. MIT license.
// replaceDeadWorkers and maxConsecutiveDeaths on both executors: a worker
// that dies costs only the call it was running, until too many die in a
// row.
import assert from "node:assert/strict";
import { ValueError } from "@skein/concurrent/futures";
import {
  die,
  later,
  square,
  throwLater,
  whoAmI,
} from "./fixtures/fault_tasks.ts";
import { POOL_KINDS } from "./fixtures/pools.ts";

for (const { name, make, Broken } of POOL_KINDS) {
  Deno.test(`${name}: by default a worker that dies breaks the pool`, async () => {
    await using pool = make({ maxWorkers: 1 });
    const dying = pool.submit(die);
    await assert.rejects(dying.result(), Broken);
    assert.throws(() => pool.submit(square, 2), Broken);
  });

  Deno.test(`${name}: with replaceDeadWorkers only the running call fails`, async (t) => {
    await using pool = make({ maxWorkers: 2, replaceDeadWorkers: true });
    await t.step("a call that exits its worker", async () => {
      const other = pool.submit(later, 5, 300);
      const dying = pool.submit(die);
      const after = [1, 2, 3].map((x) => pool.submit(square, x));
      await assert.rejects(dying.result(), (error) => {
        assert.ok(error instanceof Broken);
        assert.match(error.message, /replaced/);
        return true;
      });
      assert.equal(await other, 5);
      assert.deepEqual(await Promise.all(after), [1, 4, 9]);
      assert.equal(await pool.submit(square, 4), 16);
    });
    await t.step("a call whose timer throws outside it", async () => {
      const throwing = pool.submit(throwLater);
      await assert.rejects(throwing.result(), Broken);
      assert.equal(await pool.submit(square, 5), 25);
    });
  });

  Deno.test(`${name}: after maxConsecutiveDeaths deaths in a row the pool breaks`, async () => {
    await using pool = make({
      maxWorkers: 1,
      replaceDeadWorkers: true,
      maxConsecutiveDeaths: 2,
    });
    // A call that finishes in between resets the count.
    await assert.rejects(pool.submit(die).result(), Broken);
    assert.equal(await pool.submit(square, 3), 9);
    await assert.rejects(pool.submit(die).result(), Broken);
    const first = await pool.submit(whoAmI);
    assert.equal(typeof first, "number");
    // Two in a row: broken, with the last death's message.
    await assert.rejects(pool.submit(die).result(), Broken);
    await assert.rejects(pool.submit(die).result(), (error) => {
      assert.ok(error instanceof Broken);
      assert.match(error.message, /2 workers died in a row/);
      return true;
    });
    assert.throws(() => pool.submit(square, 2), Broken);
  });

  Deno.test(`${name}: healing options are checked`, () => {
    assert.throws(() => make({ replaceDeadWorkers: "yes" as never }), {
      name: "TypeError",
      message:
        `Cannot create ${name} as 'replaceDeadWorkers' must be a boolean: received string`,
    });
    assert.throws(() => make({ maxConsecutiveDeaths: 0 }), {
      name: "ValueError",
      message:
        `Cannot create ${name} as 'maxConsecutiveDeaths' must be an integer > 0: current value is 0`,
    });
    assert.throws(() => make({ maxConsecutiveDeaths: 1.5 }), ValueError);
  });
}
