// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import {
  Event,
  local,
  registerModule,
  Thread,
} from "@skein/concurrent/threading";
import { Queue } from "@skein/concurrent/queue";
import { ThreadPoolExecutor } from "@skein/concurrent/futures";
import {
  CountingLocal,
  describeMyLocal,
  FailingLocal,
  LocalSubclass,
  markAndSee,
  MyLocal,
  seeCounting,
  setAndWait,
  setX,
  xIsUnset,
} from "./fixtures/locals.ts";

registerModule(new URL("./fixtures/locals.ts", import.meta.url));

Deno.test("local: a thread sees its own values, not the caller's", async () => {
  const data = new local();
  data.x = 1;
  const out = new Int32Array(new SharedArrayBuffer(8));
  const t = new Thread({
    target: (d: Record<string, unknown>, o: Int32Array) => {
      o[0] = d.x === undefined ? 1 : 0;
      d.x = 2;
      o[1] = d.x === 2 ? 1 : 0;
    },
    args: [data, out],
  });
  t.start();
  await t.join();
  assert.deepEqual([...out], [1, 1]);
  assert.equal(data.x, 1);
});

Deno.test("local: passed twice, it is one object in the thread", async () => {
  const data = new local();
  const out = new Int32Array(new SharedArrayBuffer(4));
  const t = new Thread({
    target: (a: object, b: { again: object }, o: Int32Array) => {
      o[0] = a === b.again ? 1 : 0;
    },
    args: [data, { again: data }, out],
  });
  t.start();
  await t.join();
  assert.equal(out[0], 1);
});

// Ports of CPython's test_threading_local.py, and the docs' MyLocal.

Deno.test("local: arguments are refused by local itself, kept by a subclass (test_arguments)", () => {
  assert.throws(() => new local(1), {
    name: "TypeError",
    message:
      "Cannot create local as it takes no arguments: received 1 (initialization arguments are only kept for a subclass, whose constructor passes them to super(...args))",
  });
  assert.throws(() => new local({ a: 1 }), TypeError);
  const made = new MyLocal({ a: 1 });
  assert.equal(made.a, 1);
  assert.ok(new CountingLocal(new Int32Array(1), "x") instanceof local);
});

for (const cls of [local, LocalSubclass]) {
  Deno.test(`local: a value set in one thread is unset in another (_test_one_class, ${cls.name})`, async () => {
    const obj = new cls();
    const set = new Event();
    const release = new Event();
    const out = new Queue<boolean>();
    const t1 = new Thread({ target: setAndWait, args: [obj, set, release] });
    t1.start();
    try {
      assert.equal(await set.wait({ timeout: 60 }), true);
      const t2 = new Thread({ target: xIsUnset, args: [obj, out] });
      t2.start();
      await t2.join();
      assert.equal(out.getNowait(), true);
      assert.equal("x" in obj, false);
    } finally {
      release.set();
      await t1.join();
    }
  });
}

Deno.test("local: each thread of a subclass sets and reads its own value (test_derived)", async () => {
  const obj = new LocalSubclass();
  const out = new Queue<boolean>();
  const threads = Array.from(
    { length: 10 },
    (_, i) => new Thread({ target: setX, args: [obj, i, out] }),
  );
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  const seen = Array.from({ length: 10 }, () => out.getNowait());
  assert.deepEqual(seen, Array(10).fill(true));
  assert.equal("x" in obj, false);
});

Deno.test("local: a subclass is re-initialised in a thread with its original arguments (the docs' MyLocal)", async () => {
  const mydata = new MyLocal({ color: "red" });
  assert.equal(mydata.number, 2);
  assert.equal(mydata.color, "red");
  delete (mydata as Partial<MyLocal>).color;
  assert.equal(mydata.squared(), 4);
  const out = new Queue<unknown>();
  const t = new Thread({ target: describeMyLocal, args: [mydata, out] });
  t.start();
  await t.join();
  // The thread's constructor run set color again; number is the class's.
  assert.deepEqual(out.getNowait(), [["color", "red"]]);
  assert.equal(out.getNowait(), 4);
  assert.equal(out.getNowait(), 11);
  assert.equal(mydata.number, 2);
  assert.equal("color" in mydata, false);
});

Deno.test("local: a subclass's constructor runs once in each thread it reaches, again after a thread ends", async () => {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const data = new CountingLocal(counter, "first");
  data.label = "changed";
  assert.equal(counter[0], 1);
  const out = new Queue<unknown>();
  for (let i = 0; i < 3; i++) {
    const t = new Thread({ target: seeCounting, args: [data, data, out] });
    t.start();
    await t.join();
  }
  assert.equal(counter[0], 4);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(out.getNowait(), [true, true, "first"]);
  }
  assert.equal(data.label, "changed");
});

Deno.test("local: a subclass no module exports cannot cross, and the error names it", () => {
  class Hidden extends local {}
  const t = new Thread({
    target: xIsUnset,
    args: [new Hidden(), new Queue<boolean>()],
  });
  assert.throws(() => t.start(), (error: Error) => {
    assert.ok(error instanceof TypeError);
    assert.match(
      error.message,
      /^Cannot send an instance of local subclass 'Hidden' to another thread as no module exports the class, and the thread must import it to run its constructor there: export the class from /,
    );
    return true;
  });
});

Deno.test("local: a subclass whose constructor fails in the thread fails the call that carried it", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const obj = new FailingLocal({ made: false });
  await assert.rejects(
    async () => await pool.submit(setX, obj, 1, new Queue<boolean>()),
    {
      name: "RangeError",
      message: "FailingLocal refused",
    },
  );
});

Deno.test("local: a pool thread keeps its values across tasks, and a later thread on its worker does not see them", async () => {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const data = new CountingLocal(counter, "first");
  const out = new Queue<unknown>();
  {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    await pool.submit(markAndSee, data, "pool", out);
    await pool.submit(markAndSee, data, "pool", out);
  }
  // The pool's worker is idle now: a Thread may reuse it.
  const t = new Thread({ target: markAndSee, args: [data, "thread", out] });
  t.start();
  await t.join();
  assert.deepEqual(out.getNowait(), [null, "first"]);
  assert.deepEqual(out.getNowait(), ["pool", "first"]);
  assert.deepEqual(out.getNowait(), [null, "first"]);
  // Once in the pool's thread (Python's pool threads live across tasks),
  // once in the new thread, besides the main thread's.
  assert.equal(counter[0], 3);
});
