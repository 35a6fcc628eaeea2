// Copyright 2026 the @skein/concurrent authors. MIT license.
// One contract for threading's and multiprocessing's primitives (issue #19,
// items 3 and 9): `timeout: null` is Python's None, and a parameter Python
// takes by position or keyword goes in the options object too.
import assert from "node:assert/strict";
import { stillPending } from "./_none.ts";

type Timeout = { timeout?: number | null };

interface Sem {
  acquire(options?: Timeout & { blocking?: boolean }): Promise<boolean>;
  acquireSync(options?: Timeout & { blocking?: boolean }): boolean;
  release(): void;
}

interface BarrierOptions {
  action?: (() => unknown) | null;
  timeout?: number | null;
}

interface BarrierLike {
  readonly parties: number;
  readonly broken: boolean;
  wait(options?: Timeout): Promise<number>;
}

/** The classes under test, as each module exports them. */
export interface Primitives {
  Semaphore: new (value?: number | { value?: number }) => Sem;
  BoundedSemaphore: new (value?: number | { value?: number }) => Sem;
  Event: new () => { wait(options?: Timeout): Promise<boolean>; set(): void };
  Condition: new () => {
    acquire(): Promise<boolean>;
    release(): void;
    wait(options?: Timeout): Promise<boolean>;
    waitFor<T>(predicate: () => T, options?: Timeout): Promise<T>;
    notify(): void;
    notifyAll(): void;
  };
  Barrier: {
    new (parties: number, options?: BarrierOptions): BarrierLike;
    new (options: BarrierOptions & { parties: number }): BarrierLike;
  };
  BrokenBarrierError: new () => Error;
}

/** `timeout: null` waits until woken; Barrier.wait's takes the default. */
export async function nullTimeouts(
  t: Deno.TestContext,
  p: Primitives,
): Promise<void> {
  await t.step("Semaphore, BoundedSemaphore: acquire", async () => {
    for (const sem of [new p.Semaphore(0), new p.BoundedSemaphore(1)]) {
      if (sem instanceof p.BoundedSemaphore) await sem.acquire();
      const waiting = sem.acquire({ timeout: null });
      assert.ok(await stillPending(waiting));
      sem.release();
      assert.equal(await waiting, true);
      // As Python's acquire(blocking=False, timeout=None): no ValueError.
      assert.equal(sem.acquireSync({ blocking: false, timeout: null }), false);
    }
  });
  await t.step("Event.wait", async () => {
    const event = new p.Event();
    const waiting = event.wait({ timeout: null });
    assert.ok(await stillPending(waiting));
    event.set();
    assert.equal(await waiting, true);
  });
  await t.step("Condition.wait and waitFor", async () => {
    const cond = new p.Condition();
    await cond.acquire();
    const waiting = cond.wait({ timeout: null });
    assert.ok(await stillPending(waiting));
    await cond.acquire();
    cond.notify();
    cond.release();
    assert.equal(await waiting, true);
    let ready = false;
    const waitingFor = cond.waitFor(() => ready, { timeout: null });
    assert.ok(await stillPending(waitingFor));
    await cond.acquire();
    ready = true;
    cond.notifyAll();
    cond.release();
    assert.equal(await waitingFor, true);
    cond.release();
  });
  await t.step("Barrier: no default timeout with null", async () => {
    const barrier = new p.Barrier(2, { action: null, timeout: null });
    const first = barrier.wait({ timeout: null });
    assert.ok(await stillPending(first));
    const second = barrier.wait();
    assert.deepEqual((await Promise.all([first, second])).sort(), [0, 1]);
  });
  await t.step(
    "Barrier.wait({ timeout: null }) takes the default",
    async () => {
      // The barrier's 0.05 s default breaks it, as Python's
      // wait(timeout=None) takes self._timeout.
      const barrier = new p.Barrier(2, { timeout: 0.05 });
      await assert.rejects(
        barrier.wait({ timeout: null }),
        p.BrokenBarrierError,
      );
      assert.equal(barrier.broken, true);
    },
  );
}

/** `{ value }`, `{ parties }`: Python's keywords; given twice, a TypeError. */
export async function keywordForms(
  t: Deno.TestContext,
  p: Primitives,
): Promise<void> {
  await t.step("Semaphore and BoundedSemaphore take { value }", () => {
    for (const Class of [p.Semaphore, p.BoundedSemaphore]) {
      const sem = new Class({ value: 2 });
      assert.equal(sem.acquireSync({ blocking: false }), true);
      assert.equal(sem.acquireSync({ blocking: false }), true);
      assert.equal(sem.acquireSync({ blocking: false }), false);
      const one = new Class({});
      assert.equal(one.acquireSync({ blocking: false }), true);
      assert.equal(one.acquireSync({ blocking: false }), false);
    }
    assert.throws(() => new p.BoundedSemaphore({ value: 1 }).release(), {
      name: "ValueError",
    });
  });
  await t.step("Barrier takes { parties, action, timeout }", async () => {
    let ran = 0;
    const barrier = new p.Barrier({
      parties: 2,
      action: () => ran++,
      timeout: 30,
    });
    assert.equal(barrier.parties, 2);
    assert.deepEqual(
      (await Promise.all([barrier.wait(), barrier.wait()])).sort(),
      [0, 1],
    );
    assert.equal(ran, 1);
    assert.throws(() => new p.Barrier(2, { parties: 3 } as never), {
      name: "TypeError",
      message:
        "Cannot create Barrier as 'parties' is given twice: as the first argument (2) and in the options (3)",
    });
    assert.throws(() => new p.Barrier({ parties: 0 }), {
      name: "ValueError",
      message:
        "Cannot create Barrier as 'parties' must be an integer >= 1: current value is 0",
    });
  });
}
