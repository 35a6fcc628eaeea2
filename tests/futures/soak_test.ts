// Copyright 2026 the @skein/concurrent authors. MIT license.
// 20,000 calls through each executor with replaceDeadWorkers while a loop
// kills a random worker every 200 ms: every future settles exactly once,
// each call fails only when its worker was killed under it, and nothing is
// left behind (no child, no zombie, no shared-memory segment).
import assert from "node:assert/strict";
import {
  BrokenProcessPool,
  BrokenThreadPool,
  type Future,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "@skein/concurrent/futures";
import { square, squareOrDie } from "./fixtures/fault_tasks.ts";
import "./fixtures/pools.ts"; // registers fault_tasks.ts
import { assertNothingLeft, ChildKiller, snapshot } from "../_leftovers.ts";

const CALLS = 20_000;
const KILL_EVERY_MS = 200;
// A replacement worker starts in tens of milliseconds on a quiet machine
// but in up to a second on a loaded one (2 cores, a dozen busy processes):
// the kills stop after this many, so the test stays within its CI budget.
const MAX_KILLS = 25;

/**
 * Waits for every future, checking each settles exactly once; returns how
 * many failed, after checking each failure is `Broken` and each result
 * right.
 */
async function settle(
  futures: Future<number>[],
  Broken: typeof BrokenThreadPool | typeof BrokenProcessPool,
): Promise<number> {
  const settled = new Array<number>(futures.length).fill(0);
  let failed = 0;
  await Promise.all(futures.map(async (future, i) => {
    future.addDoneCallback(() => settled[i]!++);
    try {
      assert.equal(await future, i * i);
    } catch (error) {
      if (!(error instanceof Broken)) throw error;
      failed++;
    }
  }));
  assert.ok(settled.every((count) => count === 1), "a future settled twice");
  return failed;
}

Deno.test("ThreadPoolExecutor soak: 20,000 calls while workers are killed", async () => {
  const before = await snapshot();
  const ticket = new Int32Array(new SharedArrayBuffer(4));
  let kills = 0;
  const killer = setInterval(() => {
    // The worker that takes the ticket exits under its call.
    if (kills >= MAX_KILLS) return;
    if (Atomics.compareExchange(ticket, 0, 0, 1) === 0) kills++;
  }, KILL_EVERY_MS);
  try {
    await using pool = new ThreadPoolExecutor({
      maxWorkers: 4,
      replaceDeadWorkers: true,
    });
    const futures = Array.from(
      { length: CALLS },
      (_, i) => pool.submit(squareOrDie, i, ticket),
    );
    const failed = await settle(futures, BrokenThreadPool);
    clearInterval(killer);
    const taken = kills - Atomics.load(ticket, 0);
    assert.equal(failed, taken, "one failed call per killed worker");
    assert.ok(taken > 0, "no worker was killed");
  } finally {
    clearInterval(killer);
  }
  await assertNothingLeft(before);
});

Deno.test("ProcessPoolExecutor soak: 20,000 calls while workers are killed", async () => {
  const before = await snapshot();
  const killer = new ChildKiller(before, KILL_EVERY_MS, MAX_KILLS);
  try {
    const pool = new ProcessPoolExecutor({
      maxWorkers: 4,
      replaceDeadWorkers: true,
      maxConsecutiveDeaths: 50,
    });
    const futures = Array.from(
      { length: CALLS },
      (_, i) => pool.submit(square, i),
    );
    const failed = await settle(futures, BrokenProcessPool);
    await killer.stop();
    await pool.shutdown();
    // A kill costs at most the call that was running (none when idle).
    const { kills } = killer;
    assert.ok(failed <= kills, `${failed} failed for ${kills} kills`);
    assert.ok(kills > 0, "no worker was killed");
  } finally {
    await killer.stop();
  }
  await assertNothingLeft(before);
});
