// Copyright 2026 the @skein/concurrent authors. MIT license.
// One contract for the Event and Barrier algorithms, run against both
// memories a primitive can live in: a SharedArrayBuffer (threads) and a
// shared memory segment waited on with futex (processes): the same test
// bodies, the memory a parameter.
import assert from "node:assert/strict";
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import type { SharedWords } from "../../_internal/shared_words.ts";
import { SabWords } from "../../_internal/sab_words.ts";
import { SegmentWords } from "../../_internal/segment_words.ts";
import { EVENT_WORDS, EventCore } from "../../_internal/event_core.ts";
import { BARRIER_WORDS, BarrierCore } from "../../_internal/barrier_core.ts";
import {
  type Primitives,
  sameThreadBarrierWakes,
  sameThreadEventWakes,
} from "../_same_thread_wakes.ts";

/** Where words come from: `words(n)` hands out `n` zeroed words. */
interface Memory {
  words(n: number): SharedWords;
  close(): void;
}

const MEMORIES: [string, () => Memory][] = [
  ["SharedArrayBuffer", () => ({
    words: (n) => new SabWords(n),
    close: () => {},
  })],
  ["shared memory segment", () => {
    // One segment, handed out in slices; closed and unlinked at the end.
    const shm = new SharedMemory({ create: true, size: 64 * 1024 });
    let next = 0;
    return {
      words(n): SharedWords {
        const cells = new Int32Array(shm.buf.buffer, next, n);
        next += n * 4;
        return new SegmentWords(cells);
      },
      close(): void {
        shm.close();
        shm.unlink();
      },
    };
  }],
];

class Broken extends Error {}

function eventOf(memory: Memory): Primitives["Event"] {
  return class {
    core = new EventCore(memory.words(EVENT_WORDS));
    wait(): Promise<boolean> {
      return this.core.wait(undefined);
    }
    set(): void {
      this.core.set();
    }
  };
}

function barrierOf(memory: Memory): Primitives["Barrier"] {
  return class {
    core: BarrierCore;
    constructor(parties: number) {
      const words = memory.words(BARRIER_WORDS);
      BarrierCore.init(words, parties);
      this.core = new BarrierCore(words, undefined, Broken);
    }
    wait(): Promise<number> {
      return this.core.wait(undefined);
    }
    abort(): void {
      this.core.abort();
    }
    reset(): void {
      this.core.reset();
    }
  };
}

function newBarrier(
  memory: Memory,
  parties: number,
  action?: () => unknown,
): BarrierCore {
  const words = memory.words(BARRIER_WORDS);
  BarrierCore.init(words, parties);
  return new BarrierCore(words, action, Broken);
}

for (const [name, open] of MEMORIES) {
  Deno.test(`EventCore over a ${name}`, async (t) => {
    const memory = open();
    try {
      await t.step("set(), isSet(), clear()", () => {
        const event = new EventCore(memory.words(EVENT_WORDS));
        assert.equal(event.isSet(), false);
        event.set();
        event.set();
        assert.equal(event.isSet(), true);
        event.clear();
        assert.equal(event.isSet(), false);
      });
      await t.step("a wait that times out returns false", async () => {
        const event = new EventCore(memory.words(EVENT_WORDS));
        assert.equal(await event.wait(0), false);
        assert.equal(await event.wait(0.01), false);
        assert.equal(event.waitSync(0), false);
        assert.equal(event.waitSync(0.01), false);
      });
      await t.step("a set flag returns true at once", async () => {
        const event = new EventCore(memory.words(EVENT_WORDS));
        event.set();
        assert.equal(await event.wait(undefined), true);
        assert.equal(event.waitSync(undefined), true);
        assert.equal(await event.wait(0), true);
      });
      await t.step("an aborted signal rejects with its reason", async () => {
        const event = new EventCore(memory.words(EVENT_WORDS));
        const reason = new Error("stop");
        await assert.rejects(
          event.wait(undefined, AbortSignal.abort(reason)),
          (error) => error === reason,
        );
      });
      await t.step("set() in another turn wakes the waiter", async () => {
        const event = new EventCore(memory.words(EVENT_WORDS));
        const waiter = event.wait(30);
        setTimeout(() => event.set(), 1);
        assert.equal(await waiter, true);
      });
      await sameThreadEventWakes(t, eventOf(memory));
    } finally {
      memory.close();
    }
  });

  Deno.test(`BarrierCore over a ${name}`, async (t) => {
    const memory = open();
    try {
      await t.step("two waits meet, round after round", async () => {
        const barrier = newBarrier(memory, 2);
        assert.equal(barrier.parties, 2);
        for (let round = 0; round < 3; round++) {
          const first = barrier.wait(undefined);
          assert.equal(barrier.nWaiting, 1);
          const indexes = await Promise.all([first, barrier.wait(undefined)]);
          assert.deepEqual(indexes.sort(), [0, 1]);
          assert.equal(barrier.nWaiting, 0);
        }
        assert.equal(barrier.broken, false);
      });
      await t.step("one party passes at once, sync and async", async () => {
        const barrier = newBarrier(memory, 1);
        assert.equal(barrier.waitSync(undefined), 0);
        assert.equal(await barrier.wait(undefined), 0);
      });
      await t.step("the last to arrive runs the action once", async () => {
        let runs = 0;
        const barrier = newBarrier(memory, 2, () => runs++);
        await Promise.all([barrier.wait(undefined), barrier.wait(undefined)]);
        assert.equal(runs, 1);
      });
      await t.step("an action that throws breaks the barrier", async () => {
        const failure = new Error("action failed");
        const barrier = newBarrier(memory, 2, () => {
          throw failure;
        });
        const first = barrier.wait(undefined);
        await assert.rejects(barrier.wait(undefined), (e) => e === failure);
        await assert.rejects(first, Broken);
        assert.equal(barrier.broken, true);
        assert.equal(barrier.nWaiting, 0);
        await assert.rejects(barrier.wait(undefined), Broken);
        assert.throws(() => barrier.waitSync(undefined), Broken);
      });
      await t.step("a timeout breaks it, until reset()", async () => {
        const barrier = newBarrier(memory, 2);
        await assert.rejects(barrier.wait(0.01), Broken);
        assert.equal(barrier.broken, true);
        barrier.reset();
        assert.equal(barrier.broken, false);
        assert.throws(() => barrier.waitSync(0.01), Broken);
        barrier.reset();
        const indexes = await Promise.all([
          barrier.wait(undefined),
          barrier.wait(undefined),
        ]);
        assert.deepEqual(indexes.sort(), [0, 1]);
      });
      await t.step("abort() breaks it for later waits", async () => {
        const barrier = newBarrier(memory, 3);
        barrier.abort();
        assert.equal(barrier.broken, true);
        await assert.rejects(barrier.wait(undefined), Broken);
      });
      await sameThreadBarrierWakes(t, barrierOf(memory), Broken);
    } finally {
      memory.close();
    }
  });
}
