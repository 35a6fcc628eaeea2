// Copyright 2026 the @skein/concurrent authors. MIT license.
// submitWith({ signal, timeout }) on both executors: a waiting call is
// cancelled, a running one stopped (its worker ended and replaced), and no
// other call is touched.
import assert from "node:assert/strict";
import { TimeoutError, ValueError } from "@skein/concurrent/futures";
import { later, spin, square, whoAmI } from "./fixtures/fault_tasks.ts";
import { POOL_KINDS } from "./fixtures/pools.ts";

for (const { name, make } of POOL_KINDS) {
  Deno.test(`${name}.submitWith(): an abort stops a running call and replaces its worker`, async () => {
    await using pool = make({ maxWorkers: 1 });
    const first = await pool.submit(whoAmI);
    const controller = new AbortController();
    const spinning = pool.submitWith(
      { signal: controller.signal },
      spin,
      60_000,
    );
    // Sent ahead to the same worker, behind the spinning call.
    const queued = [1, 2, 3].map((x) => pool.submit(square, x));
    await pool.submit(later, 0, 0).cancel(); // (a turn for the dispatch)
    while (!spinning.running()) await new Promise((r) => setTimeout(r, 10));
    const reason = new DOMException("stop", "AbortError");
    controller.abort(reason);
    // It fails at once, with the signal's reason.
    assert.ok(spinning.done());
    assert.equal(await spinning.exception(), reason);
    assert.deepEqual(await Promise.all(queued), [1, 4, 9]);
    const second = await pool.submit(whoAmI);
    assert.notEqual(second, first);
  });

  Deno.test(`${name}.submitWith(): a timeout fails a running call with TimeoutError`, async () => {
    await using pool = make({ maxWorkers: 2 });
    const other = pool.submit(later, 7, 300);
    const spinning = pool.submitWith({ timeout: 0.2 }, spin, 60_000);
    await assert.rejects(spinning.result(), (error) => {
      assert.ok(error instanceof TimeoutError);
      assert.match(error.message, /'spin' did not finish within 0.2 seconds/);
      return true;
    });
    assert.equal(await other, 7); // untouched, on the other worker
    assert.equal(await pool.submit(square, 5), 25);
  });

  Deno.test(`${name}.submitWith(): a call that has not started is cancelled`, async (t) => {
    await using pool = make({ maxWorkers: 1 });
    await t.step("aborted while waiting", async () => {
      const busy = pool.submit(later, 1, 200);
      const controller = new AbortController();
      const waiting = pool.submitWith(
        { signal: controller.signal },
        square,
        3,
      );
      controller.abort();
      assert.ok(waiting.cancelled());
      assert.equal(await busy, 1);
    });
    await t.step("already aborted", () => {
      const waiting = pool.submitWith(
        { signal: AbortSignal.abort() },
        square,
        3,
      );
      assert.ok(waiting.cancelled());
    });
    await t.step("aborted after it finished", async () => {
      const controller = new AbortController();
      const done = pool.submitWith({ signal: controller.signal }, square, 4);
      assert.equal(await done, 16);
      controller.abort();
      assert.equal(await done, 16);
    });
    await t.step("a timeout that passes while it waits", async () => {
      const busy = pool.submit(later, 1, 300);
      const waiting = pool.submitWith({ timeout: 0 }, square, 3);
      assert.equal(await busy, 1);
      assert.ok(waiting.cancelled());
    });
  });

  Deno.test(`${name}.submitWith(): a stopped call frees its worker for the next`, async () => {
    await using pool = make({ maxWorkers: 1 });
    const controller = new AbortController();
    const spinning = pool.submitWith(
      { signal: controller.signal },
      spin,
      60_000,
    );
    while (!spinning.running()) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50)); // it is spinning now
    const next = pool.submit(square, 6);
    const start = performance.now();
    controller.abort();
    assert.equal(await next, 36);
    // The next call ran on the replacement (a wide bound: a new worker
    // starts in tens of milliseconds, a process in a few hundred).
    assert.ok(performance.now() - start < 10_000);
  });

  Deno.test(`${name}.submitWith(): bad options are rejected before anything runs`, async () => {
    await using pool = make({ maxWorkers: 1 });
    assert.throws(
      () => pool.submitWith({ signal: "no" as never }, square, 1),
      {
        name: "TypeError",
        message:
          "Cannot submit as 'signal' must be an AbortSignal: received string",
      },
    );
    assert.throws(() => pool.submitWith({ timeout: -1 }, square, 1), {
      name: "ValueError",
      message: "Cannot submit as 'timeout' must be >= 0: current value is -1",
    });
    assert.throws(
      () => pool.submitWith({ timeout: "1" as never }, square, 1),
      TypeError,
    );
    assert.throws(
      () => pool.submitWith({ timeout: NaN }, square, 1),
      ValueError,
    );
    assert.equal(await pool.submitWith({ timeout: null }, square, 2), 4);
  });
}
