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

const CALLS = 20_000;
const KILL_EVERY_MS = 200;
// A replacement worker starts in tens of milliseconds on a quiet machine
// but in up to a second on a loaded one (2 cores, a dozen busy processes):
// the kills stop after this many, so the test stays within its CI budget.
const MAX_KILLS = 25;

/** This process's children, with their state (Z: zombie), from `ps`
 * (Deno needs --allow-all to read /proc itself). */
async function children(): Promise<{ pid: number; state: string }[]> {
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "pid=,stat=,comm=", "--ppid", String(Deno.pid)],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).trim().split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, , comm]) => pid && comm !== "ps")
    .map(([pid, state]) => ({ pid: Number(pid), state: state! }));
}

/** Segments of /dev/shm this process holds open or mapped. */
async function openSegments(): Promise<string[]> {
  const { stdout } = await new Deno.Command("sh", {
    args: [
      "-c",
      `ls -l /proc/${Deno.pid}/fd; cat /proc/${Deno.pid}/maps`,
    ],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).split("\n")
    .filter((line) => line.includes("/dev/shm/"))
    .map((line) => line.slice(line.indexOf("/dev/shm/")));
}

/** What this process holds now: other test files may have left some. */
async function snapshot(): Promise<{ pids: Set<number>; shm: Set<string> }> {
  return {
    pids: new Set((await children()).map((child) => child.pid)),
    shm: new Set(await openSegments()),
  };
}

/** Asserts that no child, zombie or segment has come since `before`. */
async function assertNothingLeft(
  before: { pids: Set<number>; shm: Set<string> },
): Promise<void> {
  const left = (await children()).filter((child) =>
    !before.pids.has(child.pid)
  );
  assert.deepEqual(left, [], "a child or a zombie is left");
  const held = (await openSegments()).filter((path) => !before.shm.has(path));
  assert.deepEqual(held, [], "a shared-memory segment is left");
}

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
  let kills = 0;
  let looking = false;
  const killer = setInterval(async () => {
    if (kills >= MAX_KILLS || looking) return;
    looking = true;
    const live = (await children()).filter((child) =>
      child.state !== "Z" && !before.pids.has(child.pid)
    );
    looking = false;
    const victim = live[Math.floor(Math.random() * live.length)];
    if (victim === undefined || kills >= MAX_KILLS) return;
    try {
      Deno.kill(victim.pid, "SIGKILL");
      kills++;
    } catch {
      // it exited meanwhile
    }
  }, KILL_EVERY_MS);
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
    clearInterval(killer);
    await pool.shutdown();
    // A kill costs at most the call that was running (none when idle).
    assert.ok(failed <= kills, `${failed} failed for ${kills} kills`);
    assert.ok(kills > 0, "no worker was killed");
  } finally {
    clearInterval(killer);
  }
  // (A `ps` started by the last tick of the killer may still be running.)
  while (looking) await new Promise((resolve) => setTimeout(resolve, 10));
  await assertNothingLeft(before);
});
