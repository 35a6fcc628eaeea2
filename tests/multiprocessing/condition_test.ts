// Copyright 2026 the @skein/concurrent authors. MIT license.
// Condition between processes: notify(n) wakes the n that waited first.
import assert from "node:assert/strict";
import {
  Condition,
  Event,
  Lock,
  Process,
  RawArray,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { waitInLine } from "./fixtures/condition_targets.ts";

registerModule(new URL("./fixtures/condition_targets.ts", import.meta.url));

Deno.test("Condition: notify(2) wakes the two processes that waited first", async (t) => {
  for (const [name, lock] of [["RLock", undefined], ["Lock", new Lock()]]) {
    await t.step(`with its ${name}`, async () => {
      const cond = new Condition(lock as Lock | undefined);
      const ready = new Event();
      const woken = new RawArray("i", 4);
      const children: Process[] = [];
      for (let index = 0; index < 3; index++) {
        const child = new Process({
          target: waitInLine,
          args: [cond, ready, woken, index],
        });
        child.start();
        children.push(child);
        // It holds the lock from before ready.set() until its wait() lets
        // go: once this process has the lock, the child is in line.
        assert.equal(await ready.wait({ timeout: 30 }), true);
        ready.clear();
        await cond.acquire();
        cond.release();
      }
      await cond.acquire();
      cond.notify(2);
      cond.release();
      for (const child of children.slice(0, 2)) {
        await child.join({ timeout: 30 });
        assert.equal(child.exitcode, 0);
      }
      const cells = woken.array as Int32Array;
      assert.equal(cells[0], 2);
      assert.deepEqual([cells[1], cells[2]].sort(), [0, 1]);
      assert.equal(children[2]!.isAlive(), true);
      await cond.acquire();
      cond.notify(2);
      cond.release();
      await children[2]!.join({ timeout: 30 });
      assert.equal(children[2]!.exitcode, 0);
      assert.deepEqual([...cells], [3, cells[1], cells[2], 2]);
    });
  }
});
