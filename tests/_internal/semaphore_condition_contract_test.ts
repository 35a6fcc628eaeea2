// Copyright 2026 the @skein/concurrent authors. MIT license.
// One contract for the Semaphore, BoundedSemaphore and Condition
// algorithms, run against both memories a primitive can live in: a
// SharedArrayBuffer (threads) and a shared memory segment waited on with
// futex (processes): the same test bodies, the memory a parameter; then
// the public classes built on them.
import assert from "node:assert/strict";
import * as threading from "@skein/concurrent/threading";
import * as multiprocessing from "@skein/concurrent/multiprocessing";
import {
  SEMAPHORE_WORDS,
  SemaphoreCore,
} from "../../_internal/semaphore_core.ts";
import {
  CONDITION_WORDS,
  ConditionCore,
  type ConditionLock,
  lockOf,
  MAX_WAITERS,
} from "../../_internal/condition_core.ts";
import { LOCK_WORDS, LockCore } from "../../_internal/lock_core.ts";
import { RLOCK_WORDS, RLockCore } from "../../_internal/rlock_core.ts";
import { MEMORIES, type Memory } from "../_memories.ts";
import {
  type ConditionLike,
  sameThreadConditionWakes,
  sameThreadSemaphoreWakes,
  type SemaphoreLike,
} from "../_sem_wakes.ts";

class Over extends Error {}
class Runtime extends Error {}
class Value extends Error {}
const ERRORS = { RuntimeError: Runtime, ValueError: Value };

function newSemaphore(
  memory: Memory,
  value: number,
  bounded = false,
): SemaphoreCore {
  const words = memory.words(SEMAPHORE_WORDS);
  SemaphoreCore.init(words, value, bounded);
  return new SemaphoreCore(words, Over);
}

function semaphoreOf(core: SemaphoreCore): SemaphoreLike {
  return {
    acquire: () => core.acquire(undefined),
    release: (n = 1) => core.release(n),
  };
}

const LOCKS: [
  string,
  (memory: Memory) => ConditionLock & {
    acquire(): Promise<boolean>;
    acquireSync(): boolean;
    release(): void;
  },
][] = [
  ["a Lock", (memory) => {
    const core = new LockCore(memory.words(LOCK_WORDS));
    const lock = {
      locked: () => core.locked(),
      acquire: () => core.acquire(undefined),
      acquireSync: () => core.acquireSync(undefined),
      release: () => void core.release(),
    };
    return { ...lockOf(lock), ...lock };
  }],
  ["an RLock", (memory) => {
    const core = new RLockCore(memory.words(RLOCK_WORDS));
    return Object.assign(
      {
        isOwned: () => core.isOwned(),
        releaseSave: () => core.releaseSave(),
        acquireRestore: (n: number) => core.acquireRestore(n),
        acquireRestoreAsync: (n: number) => core.acquireRestoreAsync(n),
      },
      {
        acquire: () => core.acquire(undefined),
        acquireSync: () => core.acquireSync(undefined),
        release: () => void core.release(),
      },
    );
  }],
];

for (const [name, open] of MEMORIES) {
  Deno.test(`SemaphoreCore over a ${name}`, async (t) => {
    const memory = open();
    try {
      await t.step("takes while the counter is above 0", async () => {
        const sem = newSemaphore(memory, 2);
        assert.equal(sem.value, 2);
        assert.equal(sem.tryAcquire(), true);
        assert.equal(await sem.acquire(undefined), true);
        assert.equal(sem.tryAcquire(), false);
        assert.equal(sem.value, 0);
        sem.release(3);
        assert.equal(sem.value, 3);
        assert.equal(sem.acquireSync(undefined), true);
        assert.equal(sem.value, 2);
      });
      await t.step("a wait that times out returns false", async () => {
        const sem = newSemaphore(memory, 0);
        assert.equal(await sem.acquire(0), false);
        assert.equal(await sem.acquire(0.01), false);
        assert.equal(sem.acquireSync(0), false);
        assert.equal(sem.acquireSync(0.01), false);
        assert.equal(sem.value, 0);
      });
      await t.step("a bounded one refuses to pass its bound", () => {
        const sem = newSemaphore(memory, 2, true);
        assert.throws(() => sem.release(1), Over);
        sem.tryAcquire();
        assert.throws(() => sem.release(2), Over);
        sem.release(1);
        assert.equal(sem.value, 2);
        const free = newSemaphore(memory, 2);
        free.release(5);
        assert.equal(free.value, 7);
      });
      await t.step("an aborted signal rejects with its reason", async () => {
        const sem = newSemaphore(memory, 0);
        const reason = new Error("stop");
        await assert.rejects(
          sem.acquire(undefined, AbortSignal.abort(reason)),
          (error) => error === reason,
        );
        assert.equal(sem.value, 0);
      });
      if (memory.signals) {
        await t.step("a signal that aborts while waiting", async () => {
          const sem = newSemaphore(memory, 0);
          const controller = new AbortController();
          const waiter = sem.acquire(30, controller.signal);
          setTimeout(() => controller.abort(new Error("late")), 1);
          await assert.rejects(waiter, /late/);
          sem.release(1);
          assert.equal(sem.value, 1);
        });
      }
      await t.step("release() in another turn wakes the waiter", async () => {
        const sem = newSemaphore(memory, 0);
        const waiter = sem.acquire(30);
        setTimeout(() => sem.release(1), 1);
        assert.equal(await waiter, true);
        assert.equal(sem.value, 0);
      });
      await sameThreadSemaphoreWakes(
        t,
        (value) => semaphoreOf(newSemaphore(memory, value)),
        false,
      );
      await sameThreadSemaphoreWakes(
        t,
        (value) => semaphoreOf(newSemaphore(memory, value, true)),
        true,
      );
    } finally {
      memory.close();
    }
  });

  for (const [lockName, lockFor] of LOCKS) {
    Deno.test(`ConditionCore over a ${name}, with ${lockName}`, async (t) => {
      const memory = open();
      const newCondition = () => {
        const lock = lockFor(memory);
        const words = memory.words(CONDITION_WORDS);
        ConditionCore.init(words);
        return { lock, cond: new ConditionCore(words, lock, ERRORS) };
      };
      try {
        await t.step("a wait that times out returns false", async () => {
          const { lock, cond } = newCondition();
          await lock.acquire();
          assert.equal(await cond.wait(0), false);
          assert.equal(await cond.wait(0.01), false);
          assert.equal(cond.waitSync(0), false);
          assert.equal(cond.waitSync(0.01), false);
          assert.equal(lock.isOwned(), true);
          lock.release();
        });
        await t.step("without the lock: RuntimeError", async () => {
          const { cond } = newCondition();
          await assert.rejects(cond.wait(0), Runtime);
          assert.throws(() => cond.waitSync(0), Runtime);
          assert.throws(() => cond.notify(), Runtime);
        });
        await t.step("notify(n) checks n before the lock", () => {
          const { cond } = newCondition();
          for (const n of [-1, NaN, "2"]) {
            assert.throws(
              () => cond.notify(n),
              (error) =>
                error instanceof Value &&
                error.message.includes("'n' must be a number >= 0"),
            );
          }
        });
        await t.step("waitFor: the predicate's last value", async () => {
          const { lock, cond } = newCondition();
          await lock.acquire();
          assert.equal(await cond.waitFor(() => 7, 0), 7);
          assert.equal(await cond.waitFor(() => 0, 0.01), 0);
          assert.equal(cond.waitForSync(() => "", 0.01), "");
          let calls = 0;
          const waiter = cond.waitFor(() => ++calls >= 2 && calls, 30);
          await lock.acquire();
          cond.notify();
          lock.release();
          assert.equal(await waiter, 2);
          lock.release();
        });
        // (Over a segment each waiter would hold a thread of Deno's
        // blocking pool in its futex call: the capacity is the same code.)
        if (memory.signals) {
          await t.step(`at most ${MAX_WAITERS} waiters`, async () => {
            const { lock, cond } = newCondition();
            const waiters: Promise<boolean>[] = [];
            for (let i = 0; i < MAX_WAITERS; i++) {
              lock.acquireSync();
              waiters.push(cond.wait(30));
            }
            lock.acquireSync();
            await assert.rejects(
              cond.wait(30),
              (error) =>
                error instanceof Runtime &&
                error.message ===
                  `Cannot wait on Condition as ${MAX_WAITERS} waiters already wait on it`,
            );
            cond.notify(Infinity);
            lock.release();
            const done = await Promise.all(
              waiters.map((waiter) =>
                waiter.then((notified) => {
                  lock.release();
                  return notified;
                })
              ),
            );
            assert.equal(done.every((notified) => notified), true);
            lock.acquireSync();
            assert.equal(await cond.wait(0), false);
            lock.release();
          });
        }
        await sameThreadConditionWakes(t, (): ConditionLike => {
          const { lock, cond } = newCondition();
          return {
            acquire: () => lock.acquire(),
            release: () => lock.release(),
            wait: () => cond.wait(undefined),
            notify: (n = 1) => cond.notify(n),
          };
        });
      } finally {
        memory.close();
      }
    });
  }
}

Deno.test("the public classes keep the same-thread contract", async (t) => {
  for (
    const [module, m] of [
      ["threading", threading],
      ["multiprocessing", multiprocessing],
    ] as const
  ) {
    await t.step(module, async (t) => {
      await sameThreadSemaphoreWakes(t, (v) => new m.Semaphore(v), false);
      await sameThreadSemaphoreWakes(
        t,
        (v) => new m.BoundedSemaphore(v),
        true,
      );
      await t.step("Condition(RLock)", async (t) => {
        await sameThreadConditionWakes(t, () => new m.Condition());
      });
      await t.step("Condition(Lock)", async (t) => {
        await sameThreadConditionWakes(t, () => new m.Condition(new m.Lock()));
      });
    });
  }
});
