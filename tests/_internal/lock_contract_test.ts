// Copyright 2026 the @skein/concurrent authors. MIT license.
// One contract for the Lock and RLock algorithms, run against both
// memories a lock can live in: a SharedArrayBuffer (threads) and a shared
// memory segment waited on with futex (processes): the same test bodies,
// the memory a parameter; then the four public classes built on them.
import assert from "node:assert/strict";
import * as threading from "@skein/concurrent/threading";
import * as multiprocessing from "@skein/concurrent/multiprocessing";
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import type { SharedWords } from "../../_internal/shared_words.ts";
import { SabWords } from "../../_internal/sab_words.ts";
import { SegmentWords } from "../../_internal/segment_words.ts";
import { LOCK_WORDS, LockCore } from "../../_internal/lock_core.ts";
import { RLOCK_WORDS, RLockCore } from "../../_internal/rlock_core.ts";
import { currentIdent, setCurrentIdent } from "../../_internal/ident.ts";
import {
  type LockLike,
  sameThreadLockWakes,
  sameThreadRLockWakes,
} from "../_lock_wakes.ts";

/** Where words come from: `words(n)` hands out `n` zeroed words. */
interface Memory extends Disposable {
  words(n: number): SharedWords;
  /** Whether a wait there can be withdrawn by an AbortSignal. */
  readonly signals: boolean;
}

class ThreadMemory implements Memory {
  readonly signals = true;
  words(n: number): SharedWords {
    return new SabWords(n);
  }
  [Symbol.dispose](): void {}
}

/** One segment, handed out in slices; closed and unlinked when disposed. */
class ProcessMemory implements Memory {
  readonly signals = false;
  #shm = new SharedMemory({ create: true, size: 64 * 1024 });
  #used = 0;
  words(n: number): SharedWords {
    const slice = new Int32Array(this.#shm.buf.buffer, this.#used, n);
    this.#used += n * 4;
    return new SegmentWords(slice);
  }
  [Symbol.dispose](): void {
    this.#shm.close();
    this.#shm.unlink();
  }
}

const MEMORIES: [string, () => Memory][] = [
  ["SharedArrayBuffer", () => new ThreadMemory()],
  ["shared memory segment", () => new ProcessMemory()],
];

// A core as the public classes use it: options checked, errors raised.
function lockOf(core: LockCore | RLockCore): LockLike {
  return {
    acquire: (options = {}) =>
      options.blocking === false
        ? Promise.resolve(core.tryAcquire())
        : core.acquire(undefined),
    acquireSync: (options = {}) =>
      options.blocking === false
        ? core.tryAcquire()
        : core.acquireSync(undefined),
    release: () => assert.ok(core.release(), "released when not held"),
    locked: () => core.locked(),
  };
}

// Runs `body` as the thread `ident` would (an owner check reads it).
function asThread<T>(ident: number, body: () => T): T {
  const own = currentIdent();
  setCurrentIdent(ident);
  try {
    return body();
  } finally {
    setCurrentIdent(own);
  }
}

for (const [name, open] of MEMORIES) {
  Deno.test(`LockCore over a ${name}`, async (t) => {
    using memory = open();
    const newLock = () => new LockCore(memory.words(LOCK_WORDS));
    await t.step("tryAcquire(), locked(), release()", () => {
      const lock = newLock();
      assert.equal(lock.locked(), false);
      assert.equal(lock.tryAcquire(), true);
      assert.equal(lock.locked(), true);
      assert.equal(lock.tryAcquire(), false);
      assert.equal(lock.release(), true);
      assert.equal(lock.locked(), false);
    });
    await t.step("release() of a free lock changes nothing", () => {
      const lock = newLock();
      assert.equal(lock.release(), false);
      assert.equal(lock.locked(), false);
      assert.equal(lock.tryAcquire(), true);
    });
    await t.step("a held lock times out, sync and async", async () => {
      const lock = newLock();
      assert.equal(lock.acquireSync(undefined), true);
      assert.equal(lock.acquireSync(0), false);
      assert.equal(lock.acquireSync(0.01), false);
      assert.equal(await lock.acquire(0), false);
      assert.equal(await lock.acquire(0.01), false);
      lock.release();
      assert.equal(await lock.acquire(0), true);
      assert.equal(lock.locked(), true);
    });
    await t.step("onLocked runs in the turn that takes it", async () => {
      const lock = newLock();
      lock.tryAcquire();
      let ran = false;
      const waiter = lock.acquire(undefined, undefined, () => ran = true);
      setTimeout(() => lock.release(), 1);
      assert.equal(await waiter, true);
      assert.equal(ran, true);
      lock.release();
    });
    await t.step("withLock() runs its section under the lock", async () => {
      const lock = newLock();
      lock.tryAcquire();
      const section = lock.withLock(() => {
        assert.equal(lock.locked(), true);
        lock.release();
        return 7;
      });
      lock.release();
      assert.equal(await section, 7);
      assert.equal(lock.locked(), false);
    });
    if (memory.signals) {
      await t.step("an abort while waiting rejects", async () => {
        const lock = newLock();
        lock.tryAcquire();
        const controller = new AbortController();
        const reason = new Error("stop");
        const waiter = lock.acquire(undefined, controller.signal);
        setTimeout(() => controller.abort(reason), 1);
        await assert.rejects(waiter, (error) => error === reason);
        lock.release();
      });
    }
    await sameThreadLockWakes(t, () => lockOf(newLock()));
  });

  Deno.test(`RLockCore over a ${name}`, async (t) => {
    using memory = open();
    const newRLock = () => new RLockCore(memory.words(RLOCK_WORDS));
    await t.step("its owner takes it again, level by level", async () => {
      const lock = newRLock();
      assert.equal(lock.isOwned(), false);
      assert.equal(lock.owner, 0);
      assert.equal(lock.acquireSync(undefined), true);
      assert.equal(await lock.acquire(undefined), true);
      assert.equal(lock.tryAcquire(), true);
      assert.equal(lock.isOwned(), true);
      assert.equal(lock.owner, currentIdent());
      assert.equal(lock.count, 3);
      assert.equal(lock.release(), true);
      assert.equal(lock.release(), true);
      assert.equal(lock.locked(), true);
      assert.equal(lock.release(), true);
      assert.equal(lock.locked(), false);
      assert.equal(lock.count, 0);
      assert.equal(lock.release(), false);
    });
    await t.step("another thread neither owns nor releases it", () => {
      const lock = newRLock();
      lock.acquireSync(undefined);
      asThread(currentIdent() + 1000, () => {
        assert.equal(lock.isOwned(), false);
        assert.equal(lock.tryAcquire(), false);
        assert.equal(lock.acquireSync(0.01), false);
        assert.equal(lock.release(), false);
      });
      assert.equal(lock.count, 1);
      lock.release();
      assert.equal(
        asThread(currentIdent() + 1000, () => lock.tryAcquire()),
        true,
      );
      assert.equal(lock.isOwned(), false);
    });
    await t.step(
      "the same thread ident of another process does not own it",
      () => {
        // The words as another process's thread of the same ident leaves
        // them: the mutex held, that pid and ident, one level.
        const words = memory.words(RLOCK_WORDS);
        words.cells.set([1, Deno.pid + 1, currentIdent(), 1]);
        const lock = new RLockCore(words);
        assert.equal(lock.locked(), true);
        assert.equal(lock.isOwned(), false);
        assert.equal(lock.tryAcquire(), false);
        assert.equal(lock.release(), false);
        assert.equal(lock.count, 1);
      },
    );
    await t.step("after another process held it, its owner is known", () => {
      // The words as another process leaves them when it frees the lock:
      // its pid, no ident, one pid written so far.
      const words = memory.words(RLOCK_WORDS);
      words.cells.set([0, Deno.pid + 1, 0, 0, 1]);
      const lock = new RLockCore(words);
      assert.equal(lock.isOwned(), false);
      assert.equal(lock.acquireSync(undefined), true);
      assert.equal(lock.isOwned(), true);
      assert.equal(lock.tryAcquire(), true);
      assert.equal(lock.count, 2);
      assert.equal(
        asThread(currentIdent() + 1000, () => lock.isOwned()),
        false,
      );
      assert.equal(lock.release(), true);
      assert.equal(lock.release(), true);
      assert.equal(lock.locked(), false);
    });
    await t.step(
      "releaseSave() and acquireRestore() keep the depth",
      async () => {
        const lock = newRLock();
        lock.acquireSync(undefined);
        lock.acquireSync(undefined);
        assert.equal(lock.releaseSave(), 2);
        assert.equal(lock.locked(), false);
        lock.acquireRestore(2);
        assert.equal(lock.count, 2);
        assert.equal(lock.releaseSave(), 2);
        await lock.acquireRestoreAsync(3);
        assert.equal(lock.count, 3);
        assert.equal(lock.isOwned(), true);
        lock.releaseSave();
      },
    );
    for (const later of [false, true]) {
      await t.step(
        `acquireRestoreAsync() woken by a release ${
          later ? "a task later" : "in the same turn"
        }`,
        async () => {
          const lock = newRLock();
          lock.acquireSync(undefined);
          const restored = lock.acquireRestoreAsync(2);
          if (later) await new Promise((resolve) => setTimeout(resolve, 0));
          lock.release();
          await restored;
          assert.equal(lock.count, 2);
          lock.releaseSave();
        },
      );
    }
    await sameThreadRLockWakes(t, () => lockOf(newRLock()));
  });
}

const CLASSES: [string, () => LockLike, () => LockLike][] = [
  ["threading", () => new threading.Lock(), () => new threading.RLock()],
  [
    "multiprocessing",
    () => new multiprocessing.Lock(),
    () => new multiprocessing.RLock(),
  ],
];

for (const [module, newLock, newRLock] of CLASSES) {
  Deno.test(`${module}.Lock keeps the lock contract`, async (t) => {
    await sameThreadLockWakes(t, newLock);
  });
  Deno.test(`${module}.RLock keeps the reentrant lock contract`, async (t) => {
    await sameThreadRLockWakes(t, newRLock);
  });
}
