// Copyright 2026 the @skein/concurrent authors. MIT license.
// The same-thread contract of a semaphore and a condition (as
// ./_same_thread_wakes.ts has it for every primitive): an async waiter is
// woken by a sync call of its own thread, whether that call runs in the
// turn of the wait or after the waiter has gone to sleep; and a release or
// notify of n wakes n waiters, a condition's in the order they came.
import assert from "node:assert/strict";
import { MOMENTS, woken } from "./_same_thread_wakes.ts";

/** A semaphore as both modules' classes (and the core, wrapped) have it. */
export interface SemaphoreLike {
  acquire(): Promise<boolean>;
  release(n?: number): void;
}

/** A condition and its lock, as the classes (and the core) have them. */
export interface ConditionLike {
  acquire(): Promise<boolean>;
  release(): void;
  wait(): Promise<boolean>;
  notify(n?: number): void;
}

function aTaskLater(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// The order in which `waiters` settle, by index.
function settleOrder(waiters: Promise<unknown>[]): number[] {
  const order: number[] = [];
  waiters.forEach((waiter, i) => waiter.then(() => order.push(i)));
  return order;
}

/**
 * The contract for a Semaphore (`bounded`: a BoundedSemaphore), as steps
 * of `t`; `make(value)` makes one.
 */
export async function sameThreadSemaphoreWakes(
  t: Deno.TestContext,
  make: (value: number) => SemaphoreLike,
  bounded: boolean,
): Promise<void> {
  const name = bounded ? "BoundedSemaphore" : "Semaphore";
  for (const [moment, later] of MOMENTS) {
    for (const n of [1, 2]) {
      await t.step(`${name}.release(${n}) ${moment} wakes ${n}`, async () => {
        const sem = make(n + 1);
        for (let i = 0; i <= n; i++) await sem.acquire();
        const waiters = Array.from({ length: n + 1 }, () => sem.acquire());
        if (later) await aTaskLater();
        const settled = settleOrder(waiters);
        sem.release(n);
        await woken(until(() => settled.length === n));
        await tick(3);
        assert.equal(settled.length, n);
        sem.release();
        const all = await woken(Promise.all(waiters));
        assert.deepEqual(all, waiters.map(() => true));
        sem.release(n + 1);
      });
    }
  }
}

async function tick(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await aTaskLater();
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await aTaskLater();
}

/** The contract for a Condition, as steps of `t`. */
export async function sameThreadConditionWakes(
  t: Deno.TestContext,
  make: () => ConditionLike,
): Promise<void> {
  for (const [moment, later] of MOMENTS) {
    for (const n of [1, 2]) {
      await t.step(`Condition.notify(${n}) ${moment}: first come`, async () => {
        const cond = make();
        const waiters: Promise<boolean>[] = [];
        for (let i = 0; i <= n; i++) {
          await woken(cond.acquire());
          waiters.push(cond.wait());
        }
        const settled = settleOrder(waiters);
        if (later) await aTaskLater();
        await woken(cond.acquire());
        cond.notify(n);
        cond.release();
        // Each woken waiter releases the lock for the next one. (They
        // retake it in any order: notify() picks, not the lock.)
        const first = waiters.slice(0, n);
        assert.deepEqual(
          await woken(Promise.all(first.map(releasing(cond)))),
          first.map(() => true),
        );
        assert.deepEqual(settled.toSorted(), first.map((_, i) => i));
        await woken(cond.acquire());
        cond.notify(n);
        cond.release();
        assert.equal(await woken(releasing(cond)(waiters[n]!)), true);
        assert.equal(settled[n], n);
      });
    }
  }
}

// A waiter's promise that, once it resolved (the lock is held again),
// releases the lock.
function releasing(
  cond: ConditionLike,
): (waiter: Promise<boolean>) => Promise<boolean> {
  return (waiter) =>
    waiter.then((notified) => {
      cond.release();
      return notified;
    });
}
