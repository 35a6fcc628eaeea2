// Copyright 2026 the @skein/concurrent authors. MIT license.
// The same-thread contract of a lock and a reentrant lock (as
// ./_same_thread_wakes.ts has it for every primitive): an async acquire()
// is woken by a sync release() of its own thread, whether the release runs
// in the turn of the acquire() or after it has gone to sleep; and a
// non-blocking acquire() answers at once, never waits.
import assert from "node:assert/strict";
import { MOMENTS, woken } from "./_same_thread_wakes.ts";

/** A lock as the four lock classes (and their cores, wrapped) have it. */
export interface LockLike {
  acquire(options?: { blocking?: boolean }): Promise<boolean>;
  acquireSync(options?: { blocking?: boolean }): boolean;
  release(): void;
  locked(): boolean;
}

function aTaskLater(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The contract for a Lock, as steps of `t`. */
export async function sameThreadLockWakes(
  t: Deno.TestContext,
  make: () => LockLike,
): Promise<void> {
  await nonBlocking(t, make);
  for (const [moment, later] of MOMENTS) {
    await t.step(`Lock: release() ${moment} wakes acquire()`, async () => {
      const lock = make();
      assert.equal(await lock.acquire(), true);
      const waiter = lock.acquire();
      if (later) await aTaskLater();
      lock.release();
      assert.equal(await woken(waiter), true);
      assert.equal(lock.locked(), true);
      lock.release();
    });
    await t.step(`Lock: two waiters, two release()s ${moment}`, async () => {
      const lock = make();
      lock.acquireSync();
      const first = lock.acquire();
      const second = lock.acquire();
      if (later) await aTaskLater();
      lock.release();
      assert.equal(await woken(Promise.race([first, second])), true);
      lock.release();
      assert.deepEqual(await woken(Promise.all([first, second])), [
        true,
        true,
      ]);
      lock.release();
      assert.equal(lock.locked(), false);
    });
  }
}

/** The contract for an RLock, as steps of `t`. */
export async function sameThreadRLockWakes(
  t: Deno.TestContext,
  make: () => LockLike,
): Promise<void> {
  for (const [moment, later] of MOMENTS) {
    await t.step(`RLock: its owner's second acquire() ${moment}`, async () => {
      const lock = make();
      const first = lock.acquire();
      if (later) await aTaskLater();
      assert.equal(await woken(lock.acquire()), true);
      assert.equal(await first, true);
      assert.equal(lock.acquireSync({ blocking: false }), true);
      lock.release();
      lock.release();
      assert.equal(lock.locked(), true);
      lock.release();
      assert.equal(lock.locked(), false);
    });
  }
}

async function nonBlocking(
  t: Deno.TestContext,
  make: () => LockLike,
): Promise<void> {
  await t.step("a non-blocking acquire() answers at once", async () => {
    const lock = make();
    assert.equal(await woken(lock.acquire({ blocking: false })), true);
    assert.equal(await woken(lock.acquire({ blocking: false })), false);
    assert.equal(lock.acquireSync({ blocking: false }), false);
    lock.release();
    assert.equal(lock.acquireSync({ blocking: false }), true);
    assert.equal(await woken(lock.acquire({ blocking: false })), false);
    lock.release();
    assert.equal(lock.locked(), false);
  });
}
