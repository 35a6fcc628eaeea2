// Copyright 2026 the @skein/concurrent authors. MIT license.
// 20,000 tasks through a Pool while a loop kills a random worker every
// 200 ms: every call settles exactly once, a call fails only when a worker
// was killed under it (one call per kill at most), and nothing is left
// behind (no child, no zombie, no shared-memory segment).
import assert from "node:assert/strict";
import { type AsyncResult, Pool } from "@skein/concurrent/multiprocessing";
import { BrokenProcessPool } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { squareSlowly } from "./fixtures/pool_stop_tasks.ts";
import { assertNothingLeft, ChildKiller, snapshot } from "../_leftovers.ts";

registerModule(new URL("./fixtures/pool_stop_tasks.ts", import.meta.url));

const TASKS = 20_000;
// Items per map call (and per chunk: one chunk a call), so that a killed
// worker costs one call.
const PER_CALL = 50;
const KILL_EVERY_MS = 200;
// A replacement starts in up to a second on a loaded machine (2 cores, a
// dozen busy processes): the kills stop after this many, for the CI budget.
const MAX_KILLS = 15;

Deno.test("Pool soak: 20,000 tasks while workers are killed", async () => {
  const before = await snapshot();
  const killer = new ChildKiller(before, KILL_EVERY_MS, MAX_KILLS);
  try {
    const pool = new Pool(4, { maxConsecutiveDeaths: 50 });
    const calls = TASKS / PER_CALL;
    const settled = new Array<number>(calls).fill(0);
    const results: AsyncResult<number[]>[] = [];
    for (let c = 0; c < calls; c++) {
      const items = Array.from(
        { length: PER_CALL },
        (_, i) => c * PER_CALL + i,
      );
      results.push(pool.mapAsync(squareSlowly, items, {
        chunksize: PER_CALL,
        callback: () => settled[c]!++,
        errorCallback: () => settled[c]!++,
      }));
    }
    let failed = 0;
    await Promise.all(results.map(async (result, c) => {
      try {
        const values = await result.get();
        values.forEach((value, i) => {
          const x = c * PER_CALL + i;
          assert.equal(value, x * x);
        });
      } catch (error) {
        if (!(error instanceof BrokenProcessPool)) throw error;
        failed++;
      }
    }));
    await killer.stop();
    pool.close();
    await pool.join();
    assert.ok(settled.every((count) => count === 1), "a call settled twice");
    // A kill costs at most the call that was running (none when idle).
    const { kills } = killer;
    assert.ok(failed <= kills, `${failed} failed for ${kills} kills`);
    assert.ok(kills > 0, "no worker was killed");
  } finally {
    await killer.stop();
  }
  await assertNothingLeft(before);
});
