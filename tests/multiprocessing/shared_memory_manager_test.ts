// Copyright 2026 the @skein/concurrent authors. MIT license.
// SharedMemoryManager: its segments are unlinked at shutdown, and when the
// process that made them is killed; none is left in /dev/shm.
import assert from "node:assert/strict";
import {
  Pipe,
  Process,
  RuntimeError,
  SharedMemoryManager,
} from "@skein/concurrent/multiprocessing";
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import { registerModule } from "@skein/concurrent/threading";
import { smmThenWait } from "./fixtures/manager_targets.ts";
import { doWork, fillSegment } from "./fixtures/shared_memory_targets.ts";

registerModule(new URL("./fixtures/manager_targets.ts", import.meta.url));
registerModule(
  new URL("./fixtures/shared_memory_targets.ts", import.meta.url),
);
// A child reaches the manager over loopback TCP: the test task grants only
// that host, and a limited grant passes to a child only when named.
const permissions = { net: ["127.0.0.1"] };

function exists(name: string): boolean {
  try {
    new SharedMemory({ name }).close();
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

Deno.test("SharedMemoryManager: shutdown() unlinks every segment it made", async () => {
  const smm = new SharedMemoryManager();
  await assert.rejects(smm.SharedMemory(8), RuntimeError);
  await smm.start();
  const shm = await smm.SharedMemory(128);
  const list = await smm.ShareableList(["a", 1, null]);
  assert.equal(shm.size >= 128, true);
  assert.deepEqual([...list], ["a", 1, null]);
  const names = [shm.name, list.shm.name];
  shm.close();
  list.shm.close();
  for (const name of names) assert.ok(exists(name));
  await smm.shutdown();
  for (const name of names) assert.ok(!exists(name), `${name} was left`);
});

Deno.test("SharedMemoryManager: a killed owner leaves no segment behind", async () => {
  const [here, there] = Pipe();
  const p = new Process({ target: smmThenWait, args: [there], permissions });
  p.start();
  const name = await here.recv() as string;
  try {
    assert.ok(exists(name));
    p.kill();
    await p.join();
    const end = performance.now() + 20_000;
    while (exists(name) && performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(!exists(name), "the segment was left in /dev/shm");
  } finally {
    here.close();
    if (exists(name)) new SharedMemory({ name }).unlink();
  }
});

// The docs' example (multiprocessing.shared_memory, "SharedMemoryManager"),
// as written there: two processes fill halves of one ShareableList.
Deno.test("SharedMemoryManager: the docs' ShareableList shared by two Processes", async () => {
  let names: string[];
  {
    await using smm = new SharedMemoryManager();
    await smm.start();
    const sl = await smm.ShareableList(
      Array.from({ length: 2000 }, (_, i) => i),
    );
    for (let i = 0; i < 2000; i++) sl.set(i, 0); // so the children's writes show
    const p1 = new Process({ target: doWork, args: [sl, 0, 1000] });
    const p2 = new Process({ target: doWork, args: [sl, 1000, 2000] });
    p1.start(); // A multiprocessing.Pool might be more efficient
    p2.start();
    await p1.join(); // Wait for all work to complete in both processes
    await p2.join();
    assert.equal(p1.exitcode, 0);
    assert.equal(p2.exitcode, 0);
    let totalResult = 0; // Consolidated result from both processes
    for (const item of sl) totalResult += item as number;
    assert.equal(totalResult, 1999000);
    const shm = await smm.SharedMemory(8);
    const p3 = new Process({ target: fillSegment, args: [shm, 5] });
    p3.start();
    await p3.join();
    assert.deepEqual([...shm.buf], [5, 5, 5, 5, 5, 5, 5, 5]);
    names = [sl.shm.name, shm.name];
    sl.shm.close();
    shm.close();
    for (const name of names) assert.ok(exists(name));
  } // the manager shuts down: its segments are unlinked
  for (const name of names) assert.ok(!exists(name), `${name} was left`);
});
