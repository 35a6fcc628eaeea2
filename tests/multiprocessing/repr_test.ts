// Copyright 2026 the @skein/concurrent authors. MIT license.
// String() and Deno.inspect() of multiprocessing's classes read as
// CPython 3.11's repr() of the same objects in the same states.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  currentProcess,
  Event,
  Lock,
  parentProcess,
  Pipe,
  Pool,
  Process,
  RLock,
  Semaphore,
} from "@skein/concurrent/multiprocessing";
import {
  ShareableList,
  SharedMemory,
} from "@skein/concurrent/multiprocessing/shared_memory";
import { registerModule } from "@skein/concurrent/threading";
import { exitWithSum, sendNumbers, sleep } from "./fixtures/process_targets.ts";

import { holdAndReport, sendProcessReprs } from "./fixtures/repr_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));
registerModule(new URL("./fixtures/repr_targets.ts", import.meta.url));

function assertRepr(value: object, expected: string | RegExp): void {
  if (typeof expected === "string") assert.equal(String(value), expected);
  else assert.match(String(value), expected);
  assert.equal(Deno.inspect(value), String(value));
}

Deno.test("Process's repr follows it from initial to closed", async (t) => {
  await t.step(
    "initial, started, stopped with an exit code, closed",
    async () => {
      const p = new Process({ target: exitWithSum, args: [1, 2] });
      const name = p.name;
      assertRepr(p, `<Process name='${name}' parent=${Deno.pid} initial>`);
      p.start();
      assertRepr(
        p,
        `<Process name='${name}' pid=${p.pid} parent=${Deno.pid} started>`,
      );
      await p.join();
      assertRepr(
        p,
        `<Process name='${name}' pid=${p.pid} parent=${Deno.pid} stopped exitcode=3>`,
      );
      p.close();
      assertRepr(p, `<Process name='${name}' parent=${Deno.pid} closed>`);
    },
  );

  await t.step(
    "a daemon killed by a signal shows the signal's name",
    async () => {
      const p = new Process({
        target: sleep,
        args: [60_000],
        name: "it's",
        daemon: true,
      });
      assertRepr(p, `<Process name="it's" parent=${Deno.pid} initial daemon>`);
      p.start();
      p.terminate();
      await p.join();
      assertRepr(
        p,
        `<Process name="it's" pid=${p.pid} parent=${Deno.pid} stopped exitcode=-SIGTERM daemon>`,
      );
    },
  );
});

Deno.test("currentProcess() and parentProcess() print Python's reprs", async () => {
  assertRepr(
    currentProcess(),
    "<_MainProcess name='MainProcess' parent=None started>",
  );
  assert.equal(parentProcess(), null);
  const [here, there] = Pipe();
  const p = new Process({
    target: sendProcessReprs,
    args: [there],
    name: "Child-1",
  });
  p.start();
  const [current, currentShown, parent, parentShown] = await here
    .recv() as string[];
  await p.join();
  here.close();
  assert.equal(p.exitcode, 0);
  assert.equal(
    current,
    `<Process name='Child-1' parent=${Deno.pid} started>`,
  );
  assert.equal(currentShown, current);
  assert.equal(
    parent,
    "<_ParentProcess name='MainProcess' parent=None unknown>",
  );
  assert.equal(parentShown, parent);
});

Deno.test("Connection's repr says what the end can do", async () => {
  const [a, b] = Pipe();
  const at = (conn: object): string =>
    String(conn).match(/ at (0x[0-9a-f]+) /)![1]!;
  assertRepr(a, `<Connection object at ${at(a)} readable writable>`);
  assert.notEqual(at(a), at(b));
  const [reader, writer] = Pipe({ duplex: false });
  assertRepr(reader, `<Connection object at ${at(reader)} readable>`);
  assertRepr(writer, `<Connection object at ${at(writer)} writable>`);
  reader.close();
  writer.close();
  assertRepr(reader, `<Connection object at ${at(reader)} closed>`);
  const p = new Process({ target: sendNumbers, args: [b, 0], name: "P" });
  p.start();
  assertRepr(b, `<Connection object at ${at(b)} moved to 'P'>`);
  await p.join();
  a.close();
});

Deno.test("Pool's repr shows its state and size", async () => {
  const pool = new Pool(2);
  assertRepr(pool, "<Pool state=RUN pool_size=2>");
  pool.close();
  assertRepr(pool, "<Pool state=CLOSE pool_size=2>");
  pool.terminate();
  assertRepr(pool, "<Pool state=TERMINATE pool_size=2>");
  await pool.join();
});

Deno.test("SharedMemory's and ShareableList's reprs name the segment", () => {
  using shm = new SharedMemory({ create: true, size: 1024 });
  try {
    assertRepr(shm, `SharedMemory('${shm.name}', size=1024)`);
  } finally {
    shm.unlink();
  }
  const list = new ShareableList([
    1,
    2.5,
    "a",
    null,
    true,
    new Uint8Array([0x68, 0xff]),
  ]);
  try {
    assertRepr(
      list,
      `ShareableList([1, 2.5, 'a', None, True, b'h\\xff'], name='${list.shm.name}')`,
    );
    assert.equal(
      Deno.inspect([list.shm]),
      `[ SharedMemory('${list.shm.name}', size=${list.shm.size}) ]`,
    );
    list.shm.close();
    assertRepr(list, `ShareableList(<closed>, name='${list.shm.name}')`);
  } finally {
    list.shm.close();
    list.shm.unlink();
  }
});

Deno.test("Lock, RLock, Semaphore, Event, Barrier and Condition print Python's reprs", async (t) => {
  await t.step("Lock: free, then held (by whom is not recorded)", () => {
    const lock = new Lock();
    assertRepr(lock, "<Lock(owner=None)>");
    lock.acquireSync();
    assertRepr(lock, "<Lock(owner=unknown)>");
    lock.release();
  });
  await t.step(
    "RLock: free, held here twice, held by another process",
    async () => {
      const rlock = new RLock();
      assertRepr(rlock, "<RLock(None, 0)>");
      rlock.acquireSync();
      rlock.acquireSync();
      assertRepr(rlock, "<RLock(MainProcess, 2)>");
      assertRepr(
        new Condition(rlock),
        "<Condition(<RLock(MainProcess, 2)>, 0)>",
      );
      rlock.release();
      rlock.release();
      const other = new RLock();
      const [here, there] = Pipe();
      const p = new Process({ target: holdAndReport, args: [other, there] });
      p.start();
      assert.equal(await here.recv(), "held");
      assertRepr(other, "<RLock(SomeOtherProcess, nonzero)>");
      here.send("go");
      await p.join();
      assertRepr(other, "<RLock(None, 0)>");
      here.close();
    },
  );
  await t.step("Semaphore and BoundedSemaphore", () => {
    const sem = new Semaphore(2);
    sem.acquireSync();
    assertRepr(sem, "<Semaphore(value=1)>");
    assertRepr(
      new BoundedSemaphore(1),
      "<BoundedSemaphore(value=1, maxvalue=1)>",
    );
  });
  await t.step("Event and Barrier", () => {
    const event = new Event();
    assertRepr(event, /^<Event at 0x[0-9a-f]+ unset>$/);
    event.set();
    assertRepr(event, /^<Event at 0x[0-9a-f]+ set>$/);
    assertRepr(
      new Barrier(3),
      /^<multiprocessing\.synchronize\.Barrier at 0x[0-9a-f]+: waiters=0\/3>$/,
    );
  });
  await t.step("Condition over its default RLock", () => {
    assertRepr(new Condition(), "<Condition(<RLock(None, 0)>, 0)>");
  });
});
