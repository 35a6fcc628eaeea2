// Copyright 2026 the @skein/concurrent authors. MIT license.
// Managers: the server process, its proxies from here and from children,
// Python's errors, the authkey challenge, and no leftovers.
import assert from "node:assert/strict";
import {
  AttributeError,
  AuthenticationError,
  BaseManager,
  BaseProxy,
  DictProxy,
  Empty,
  IndexError,
  KeyError,
  Manager,
  Process,
  ProcessError,
  RuntimeError,
  SyncManager,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  addUnderLock,
  connectAndMake,
  makeCounter,
  putNumbers,
  setAfter,
} from "./fixtures/manager_targets.ts";

registerModule(new URL("./fixtures/manager_targets.ts", import.meta.url));
// A child reaches the manager over loopback TCP: the test task grants only
// that host, and a limited grant passes to a child only when named.
const permissions = { net: ["127.0.0.1"] };

Deno.test("SyncManager: dict as Python's, KeyError where Python raises it", async () => {
  await using manager = await Manager();
  const d = await manager.dict<string, number>({ a: 1 });
  assert.ok(d instanceof DictProxy && d instanceof BaseProxy);
  assert.equal(d.typeid, "dict");
  await d.setItem("b", 2);
  assert.equal(await d.getItem("a"), 1);
  assert.equal(await d.len(), 2);
  assert.equal(await d.has("b"), true);
  assert.equal(await d.get("zz"), null);
  assert.equal(await d.get("zz", 7), 7);
  await assert.rejects(d.getItem("zz"), { name: "KeyError", message: "'zz'" });
  await assert.rejects(d.delItem("zz"), KeyError);
  assert.equal(await d.setdefault("c", 3), 3);
  assert.deepEqual(await d.keys(), ["a", "b", "c"]);
  assert.deepEqual(await d.popitem(), ["c", 3]);
  assert.equal(await d.pop("b"), 2);
  assert.equal(await d.pop("b", 9), 9);
  await assert.rejects(d.pop("b"), KeyError);
  await d.update([["x", 10]]);
  assert.deepEqual(await d.copy(), new Map([["a", 1], ["x", 10]]));
  await d.clear();
  await assert.rejects(d.popitem(), {
    name: "KeyError",
    message: "'popitem(): dictionary is empty'",
  });
  assert.match(d.repr(), /^<DictProxy object, typeid 'dict' at \w+>$/);
});

Deno.test("SyncManager: list, Namespace, Value and Array", async (t) => {
  await using manager = await Manager();
  await t.step("list", async () => {
    const l = await manager.list<number>([3, 1, 2]);
    await l.sort();
    assert.deepEqual(await l.copy(), [1, 2, 3]);
    await l.sort({ reverse: true });
    assert.deepEqual(await l.copy(), [3, 2, 1]);
    assert.equal(await l.getItem(-1), 1);
    await assert.rejects(l.getItem(3), {
      name: "IndexError",
      message: "list index out of range",
    });
    await assert.rejects(l.setItem(-4, 0), IndexError);
    await l.append(2);
    assert.equal(await l.count(2), 2);
    assert.equal(await l.index(2), 1);
    await assert.rejects(l.index(9), ValueError);
    await assert.rejects(l.remove(9), {
      name: "ValueError",
      message: "list.remove(x): x not in list",
    });
    await l.insert(0, 0);
    assert.equal(await l.pop(), 2);
    assert.equal(await l.pop(0), 0);
    await l.delItem(0);
    assert.deepEqual(await l.copy(), [2, 1]);
    await l.extend([5]);
    await l.reverse();
    assert.deepEqual(await l.copy(), [5, 1, 2]);
    assert.equal(await l.has(5), true);
    const mixed = await manager.list<unknown>([1, "a"]);
    await assert.rejects(mixed.sort(), TypeError);
    assert.deepEqual(await mixed.copy(), [1, "a"]); // unchanged
    const empty = await manager.list();
    await assert.rejects(empty.pop(), {
      name: "IndexError",
      message: "pop from empty list",
    });
  });
  await t.step("Namespace", async () => {
    const ns = await manager.Namespace({ x: 1 });
    assert.equal(await ns.getAttr("x"), 1);
    await ns.setAttr("y", [1, 2]);
    assert.deepEqual(await ns.toObject(), { x: 1, y: [1, 2] });
    await ns.delAttr("x");
    await assert.rejects(ns.getAttr("x"), {
      name: "AttributeError",
      message: "'Namespace' object has no attribute 'x'",
    });
  });
  await t.step("Value and Array", async () => {
    const v = await manager.Value("d", 1.5);
    assert.equal(await v.get(), 1.5);
    await v.set(2.5);
    assert.equal(await v.get(), 2.5);
    const a = await manager.Array("i", [1, 2, 3]);
    assert.equal(await a.len(), 3);
    await a.setItem(-1, 30);
    assert.equal(await a.getItem(2), 30);
    await assert.rejects(a.getItem(3), IndexError);
    assert.deepEqual(await a.copy(), [1, 2, 30]);
  });
});

Deno.test("SyncManager: 4 children add 100 each to a Value under a managed Lock", async () => {
  await using manager = await Manager();
  const value = await manager.Value("i", 0);
  const lock = await manager.Lock();
  const children = [0, 1, 2, 3].map(() =>
    new Process({ target: addUnderLock, args: [value, lock, 100], permissions })
  );
  for (const p of children) p.start();
  for (const p of children) {
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  assert.equal(await value.get(), 400);
});

Deno.test("SyncManager: a Queue fed by 2 children gives every item once", async () => {
  await using manager = await Manager();
  const q = await manager.Queue<number>(5); // small: the children wait
  const children = [0, 1].map((i) =>
    new Process({ target: putNumbers, args: [q, i * 1000, 200], permissions })
  );
  for (const p of children) p.start();
  const seen = new Set<number>();
  for (let i = 0; i < 400; i++) seen.add(await q.get({ timeout: 60 }));
  for (const p of children) await p.join();
  assert.equal(seen.size, 400);
  for (let i = 0; i < 200; i++) assert.ok(seen.has(i) && seen.has(1000 + i));
  await assert.rejects(q.getNowait(), Empty);
  await assert.rejects(q.get({ timeout: 0.01 }), Empty);
});

Deno.test("SyncManager: Event, Semaphore and JoinableQueue", async () => {
  await using manager = await Manager();
  const event = await manager.Event();
  const p = new Process({ target: setAfter, args: [event, 50], permissions });
  p.start();
  assert.equal(await event.wait({ timeout: 60 }), true);
  await p.join();
  const sem = await manager.BoundedSemaphore(1);
  assert.equal(await sem.acquire(), true);
  assert.equal(await sem.acquire({ blocking: false }), false);
  await sem.release();
  await assert.rejects(sem.release(), ValueError);
  {
    await using _ = await sem.enter();
    assert.equal(await sem.acquire({ timeout: 0.01 }), false);
  }
  assert.equal(await sem.acquire({ blocking: false }), true);
  const jq = await manager.JoinableQueue<string>();
  await jq.put("job");
  assert.equal(await jq.get(), "job");
  await jq.taskDone();
  await jq.join();
  await assert.rejects(jq.taskDone(), ValueError);
});

Deno.test("BaseManager: a registered type, its exposed methods only", async () => {
  class CounterManager extends BaseManager {}
  CounterManager.register("Counter", makeCounter);
  await using manager = new CounterManager();
  await manager.start();
  const counter = await manager.create<ReturnType<typeof makeCounter>>(
    "Counter",
    10,
  );
  assert.equal(await counter.add(5), 15);
  assert.equal(await counter.value(), 15);
  await assert.rejects(counter.callMethod("_secret"), AttributeError);
  await assert.rejects(manager.create("dict"), TypeError); // not registered
  assert.throws(() => CounterManager.register(""), TypeError);
  // @ts-expect-error: not a function
  assert.throws(() => CounterManager.register("X", 1), TypeError);
});

Deno.test("BaseManager: states as Python's", async () => {
  const manager = new SyncManager();
  await assert.rejects(manager.dict(), {
    name: "RuntimeError",
    message: "server not yet started",
  });
  await manager.start();
  await assert.rejects(manager.start(), {
    name: "ProcessError",
    message: "Already started server",
  });
  const d = await manager.dict();
  const address = manager.address as [string, number];
  assert.equal(address[0], "127.0.0.1"); // the default: loopback TCP
  await manager.shutdown();
  await assert.rejects(manager.dict(), RuntimeError);
  await assert.rejects(manager.start(), {
    name: "ProcessError",
    message: "Manager has shut down",
  });
  await assert.rejects(d.len()); // the server is gone
  // The server is gone: its port refuses connections.
  await assert.rejects(
    new SyncManager({ address }).connect(),
    Deno.errors.ConnectionRefused,
  );
  assert.ok(ProcessError);
  assert.throws(
    // @ts-expect-error: wrong type
    () => new SyncManager({ authkey: 5 }),
    TypeError,
  );
});

Deno.test("BaseManager: over TCP; a wrong authkey is refused, the right one connects from a child", async () => {
  await using manager = new SyncManager({
    address: ["127.0.0.1", 0],
    authkey: "right",
  });
  await manager.start();
  const [host, port] = manager.address as [string, number];
  assert.equal(host, "127.0.0.1");
  assert.ok(port > 0);
  const wrong = new SyncManager({ address: [host, port], authkey: "wrong" });
  await assert.rejects(wrong.connect(), AuthenticationError);
  const right = new SyncManager({ address: [host, port], authkey: "right" });
  await right.connect();
  const l = await right.list([1]);
  assert.equal(await l.len(), 1);
  await right.shutdown(); // only closes this connection: it did not start it
  assert.equal(await (await manager.list([2])).len(), 1);
  const p = new Process({
    permissions,
    target: connectAndMake,
    args: [[host, port], "right"],
  });
  p.start();
  await p.join();
  assert.equal(p.exitcode, 0);
});
