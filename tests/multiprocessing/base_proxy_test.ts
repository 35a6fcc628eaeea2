// Copyright 2026 the @skein/concurrent authors. MIT license.
// What every proxy shares: Python's operator names through callMethod()
// (BaseProxy._callmethod), str() from the server, and the proxy's repr.
import assert from "node:assert/strict";
import {
  AttributeError,
  BaseManager,
  IndexError,
  KeyError,
  SyncManager,
} from "@skein/concurrent/multiprocessing";
import { makeCounter } from "./fixtures/manager_targets.ts";

Deno.test("callMethod() answers Python's dunders where Python's proxies expose them", async (t) => {
  await using manager = new SyncManager();
  await manager.start();

  await t.step("a dict: len, get, set, del, in", async () => {
    const d = await manager.dict<string, number>({ a: 1 });
    assert.equal(await d.callMethod("__len__"), 1);
    assert.equal(await d.callMethod("__getitem__", ["a"]), 1);
    await d.callMethod("__setitem__", ["b", 2]);
    assert.equal(await d.getItem("b"), 2);
    assert.equal(await d.callMethod("__contains__", ["b"]), true);
    await d.callMethod("__delitem__", ["a"]);
    assert.equal(await d.callMethod("__contains__", ["a"]), false);
    await assert.rejects(d.callMethod("__getitem__", ["a"]), {
      name: "KeyError",
      message: "'a'",
    });
    await assert.rejects(d.callMethod("__delitem__", ["a"]), KeyError);
    // Python's dict __iter__ makes an iterator proxy; not offered here.
    await assert.rejects(d.callMethod("__iter__"), AttributeError);
  });

  await t.step("a list: the item operators, + and *", async () => {
    const l = await manager.list([1, 2, 3]);
    assert.equal(await l.callMethod("__len__"), 3);
    assert.equal(await l.callMethod("__getitem__", [-1]), 3);
    await l.callMethod("__setitem__", [0, 9]);
    await l.callMethod("__delitem__", [1]);
    assert.deepEqual(await l.copy(), [9, 3]);
    assert.equal(await l.callMethod("__contains__", [9]), true);
    await assert.rejects(l.callMethod("__getitem__", [5]), {
      name: "IndexError",
      message: "list index out of range",
    });
    assert.deepEqual(await l.callMethod("__add__", [[4]]), [9, 3, 4]);
    assert.deepEqual(await l.callMethod("__mul__", [2]), [9, 3, 9, 3]);
    assert.deepEqual(await l.callMethod("__rmul__", [0]), []);
    assert.deepEqual(await l.callMethod("__reversed__"), [3, 9]);
    assert.deepEqual(await l.copy(), [9, 3]); // none of them changed it
    await l.callMethod("__iadd__", [[5]]);
    await l.callMethod("__imul__", [2]);
    assert.deepEqual(await l.copy(), [9, 3, 5, 9, 3, 5]);
    await assert.rejects(l.callMethod("__add__", [1]), {
      name: "TypeError",
      message: 'can only concatenate list (not "int") to list',
    });
    await assert.rejects(l.callMethod("__mul__", [1.5]), {
      name: "TypeError",
      message: "can't multiply sequence by non-int of type 'float'",
    });
    assert.deepEqual(await l.copy(), [9, 3, 5, 9, 3, 5]);
    await assert.rejects(l.callMethod("__getitem__", [9]), IndexError);
  });

  await t.step("an Array: len, get, set", async () => {
    const a = await manager.Array("i", [1, 2]);
    assert.equal(await a.callMethod("__len__"), 2);
    await a.callMethod("__setitem__", [1, 7]);
    assert.equal(await a.callMethod("__getitem__", [1]), 7);
    assert.equal(await a.callMethod("__repr__"), "array('i', [1, 7])");
  });

  await t.step("a Namespace: Python's attribute access", async () => {
    const ns = await manager.Namespace({ x: 10 });
    await ns.callMethod("__setattr__", ["y", "hello"]);
    assert.equal(await ns.callMethod("__getattribute__", ["y"]), "hello");
    await ns.callMethod("__delattr__", ["x"]);
    await assert.rejects(ns.callMethod("__getattribute__", ["x"]), {
      name: "AttributeError",
      message: "'Namespace' object has no attribute 'x'",
    });
  });

  await t.step("__repr__ and __str__ on every referent", async () => {
    const d = await manager.dict({ a: [1, "b"], c: null });
    assert.equal(await d.callMethod("__repr__"), "{'a': [1, 'b'], 'c': None}");
    assert.equal(await d.callMethod("__str__"), "{'a': [1, 'b'], 'c': None}");
    const l = await manager.list(["it's", true]);
    assert.equal(await l.callMethod("__repr__"), `["it's", True]`);
    const ns = await manager.Namespace({ y: "hello", x: 10, _hidden: 1 });
    assert.equal(await ns.callMethod("__repr__"), "Namespace(x=10, y='hello')");
    const v = await manager.Value("i", 1);
    assert.equal(await v.callMethod("__str__"), "Value('i', 1)");
    const lock = await manager.Lock();
    assert.equal(await lock.callMethod("__repr__"), "<unlocked Lock>");
  });
});

Deno.test("BaseProxy.str() is Python's str(proxy): the referent's repr", async () => {
  const manager = new SyncManager();
  await manager.start();
  const ns = await manager.Namespace({ x: 10, y: "hello" });
  const d = await manager.dict<string, number>();
  await d.setItem("a", 1);
  assert.equal(await ns.str(), "Namespace(x=10, y='hello')");
  assert.equal(await d.str(), "{'a': 1}");
  assert.equal(await (await manager.list([1, 2])).str(), "[1, 2]");
  await manager.shutdown();
  // As Python's: when the server cannot answer, the proxy says so.
  assert.equal(await d.str(), `${String(d).slice(0, -1)}; '__str__()' failed>`);
});

Deno.test("a proxy's repr is Python's, in String() and Deno.inspect()", async () => {
  await using manager = new SyncManager();
  await manager.start();
  const d = await manager.dict();
  const ns = await manager.Namespace();
  const repr = String(d);
  const at = repr.match(/ at (0x[0-9a-f]+)>$/)?.[1];
  assert.equal(repr, `<DictProxy object, typeid 'dict' at ${at}>`);
  assert.equal(String(d), repr); // the same id each time
  assert.equal(Deno.inspect(d), repr);
  assert.match(
    Deno.inspect({ ns }),
    /^\{ ns: <NamespaceProxy object, typeid 'Namespace' at 0x[0-9a-f]+> \}$/,
  );
  assert.notEqual(String(ns).match(/ at (0x[0-9a-f]+)>$/)?.[1], at);

  class CounterManager extends BaseManager {}
  CounterManager.register("Counter", makeCounter);
  await using counters = new CounterManager();
  await counters.start();
  const counter = await counters.create<ReturnType<typeof makeCounter>>(
    "Counter",
    1,
  );
  assert.match(
    Deno.inspect(counter),
    /^<BaseProxy object, typeid 'Counter' at 0x[0-9a-f]+>$/,
  );
  assert.equal(String(counter), Deno.inspect(counter));
});
