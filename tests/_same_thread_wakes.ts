// Copyright 2026 the @skein/concurrent authors. MIT license.
// One contract for threading's and multiprocessing's primitives: an async
// waiter is woken by a sync call of its own thread, whether that call runs
// in the same turn as the wait() or after the waiter has gone to sleep.
import assert from "node:assert/strict";

interface Acquirable {
  acquire(): Promise<boolean>;
  release(): void;
}

/** The classes under test, as each module exports them. */
export interface Primitives {
  Lock: new () => Acquirable;
  RLock: new () => Acquirable;
  Condition: new () => Acquirable & {
    wait(): Promise<boolean>;
    notify(): void;
  };
  Semaphore: new (value: number) => Acquirable;
  BoundedSemaphore: new (value: number) => Acquirable;
  Event: new () => { wait(): Promise<boolean>; set(): void };
  Barrier: new (parties: number) => {
    wait(): Promise<number>;
    abort(): void;
    reset(): void;
  };
  BrokenBarrierError: new () => Error;
}

/**
 * The moments the waking call runs at: in the turn of the wait() call (no
 * await between them, not even of `undefined`), or a task later.
 */
export const MOMENTS: [string, boolean][] = [
  ["in the same turn", false],
  ["a task later", true],
];

function aTaskLater(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * `promise`, or a rejection if it is still pending after 30 s (a wait that
 * was never woken).
 */
export async function woken<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("the waiter was not woken")),
      30_000,
    );
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the contract as steps of `t`. */
export async function sameThreadWakes(
  t: Deno.TestContext,
  p: Primitives,
): Promise<void> {
  for (const [moment, later] of MOMENTS) {
    await t.step(`Lock.release() ${moment}`, async () => {
      const lock = new p.Lock();
      assert.equal(await lock.acquire(), true);
      const waiter = lock.acquire();
      if (later) await aTaskLater();
      lock.release();
      assert.equal(await woken(waiter), true);
      lock.release();
    });
    await t.step(`RLock: its owner's second acquire() ${moment}`, async () => {
      const lock = new p.RLock();
      const first = lock.acquire();
      if (later) await aTaskLater();
      assert.equal(await woken(lock.acquire()), true);
      assert.equal(await first, true);
      lock.release();
      lock.release();
    });
    await t.step(`Condition.notify() ${moment}`, async () => {
      const cond = new p.Condition();
      await cond.acquire();
      const waiter = cond.wait();
      if (later) await aTaskLater();
      await woken(cond.acquire());
      cond.notify();
      cond.release();
      assert.equal(await woken(waiter), true);
      cond.release();
    });
    await t.step(`Semaphore.release() ${moment}`, async () => {
      const sem = new p.Semaphore(0);
      const waiter = sem.acquire();
      if (later) await aTaskLater();
      sem.release();
      assert.equal(await woken(waiter), true);
    });
    await t.step(`BoundedSemaphore.release() ${moment}`, async () => {
      const sem = new p.BoundedSemaphore(1);
      await sem.acquire();
      const waiter = sem.acquire();
      if (later) await aTaskLater();
      sem.release();
      assert.equal(await woken(waiter), true);
      sem.release();
    });
    await eventWakes(t, p.Event, moment, later);
    await barrierWakes(t, p.Barrier, p.BrokenBarrierError, moment, later);
  }
}

type EventLike = Primitives["Event"];
type BarrierLike = Primitives["Barrier"];

/** The contract for an Event alone, as steps of `t`. */
export async function sameThreadEventWakes(
  t: Deno.TestContext,
  Event: EventLike,
): Promise<void> {
  for (const [moment, later] of MOMENTS) {
    await eventWakes(t, Event, moment, later);
  }
}

/** The contract for a Barrier alone, as steps of `t`. */
export async function sameThreadBarrierWakes(
  t: Deno.TestContext,
  Barrier: BarrierLike,
  BrokenBarrierError: new () => Error,
): Promise<void> {
  for (const [moment, later] of MOMENTS) {
    await barrierWakes(t, Barrier, BrokenBarrierError, moment, later);
  }
}

async function eventWakes(
  t: Deno.TestContext,
  Event: EventLike,
  moment: string,
  later: boolean,
): Promise<void> {
  await t.step(`Event.set() ${moment}`, async () => {
    const event = new Event();
    const waiter = event.wait();
    if (later) await aTaskLater();
    event.set();
    assert.equal(await woken(waiter), true);
  });
}

async function barrierWakes(
  t: Deno.TestContext,
  Barrier: BarrierLike,
  BrokenBarrierError: new () => Error,
  moment: string,
  later: boolean,
): Promise<void> {
  for (const end of ["abort", "reset"] as const) {
    await t.step(`Barrier.${end}() ${moment}`, async () => {
      const barrier = new Barrier(2);
      const waiter = barrier.wait();
      if (later) await aTaskLater();
      barrier[end]();
      await assert.rejects(woken(waiter), BrokenBarrierError);
    });
  }
  await t.step(`Barrier: the second wait() ${moment}`, async () => {
    const barrier = new Barrier(2);
    const first = barrier.wait();
    if (later) await aTaskLater();
    const second = barrier.wait();
    const indexes = await woken(Promise.all([first, second]));
    assert.deepEqual(indexes.sort(), [0, 1]);
  });
}

/** A queue as `queue.Queue` and `multiprocessing.JoinableQueue` have it. */
export interface JoinableQueueLike {
  get(): Promise<number>;
  put(item: number): Promise<void>;
  /** Sync in `queue`; a promise in `multiprocessing` (it reads a pipe). */
  getNowait(): number | Promise<number>;
  putNowait(item: number): void;
  taskDone(): void;
  join(): Promise<void>;
}

/**
 * The contract for a queue: `get()` woken by `putNowait()`, `put()` by
 * `getNowait()`, `join()` by `taskDone()`. `make(maxsize)` makes one;
 * `close` ends it when the test is done.
 */
export async function sameThreadQueueWakes<Q extends JoinableQueueLike>(
  t: Deno.TestContext,
  make: (maxsize: number) => Q,
  close: (q: Q) => void = () => {},
): Promise<void> {
  for (const [moment, later] of MOMENTS) {
    await t.step(`get() woken by putNowait() ${moment}`, async () => {
      const q = make(0);
      const waiter = q.get();
      if (later) await aTaskLater();
      q.putNowait(1);
      assert.equal(await woken(waiter), 1);
      q.taskDone();
      close(q);
    });
    await t.step(`put() woken by getNowait() ${moment}`, async () => {
      const q = make(1);
      q.putNowait(1);
      const waiter = q.put(2);
      if (later) await aTaskLater();
      assert.equal(await q.getNowait(), 1);
      await woken(waiter);
      assert.equal(await q.getNowait(), 2);
      close(q);
    });
    await t.step(`join() woken by taskDone() ${moment}`, async () => {
      const q = make(0);
      q.putNowait(1);
      const waiter = q.join();
      if (later) await aTaskLater();
      await q.getNowait();
      q.taskDone();
      await woken(waiter);
      close(q);
    });
  }
}
