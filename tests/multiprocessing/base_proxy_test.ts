// Copyright 2026 the @skein/concurrent authors. MIT license.
// What every proxy shares: Python's operator names through callMethod()
// (BaseProxy._callmethod), str() and String() from the server (Python's
// print(proxy)), and the proxy's repr().
import assert from "node:assert/strict";
import {
  AttributeError,
  BaseManager,
  type BaseProxy,
  IndexError,
  KeyError,
  SyncManager,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { makeCounter } from "./fixtures/manager_targets.ts";
import { Point, Silent, Tagged } from "./fixtures/proxy_str_targets.ts";
import { pyRepr } from "../../_internal/py_repr.ts";
import { setStrTimeout } from "../../multiprocessing/_proxy_str.ts";

registerModule(new URL("./fixtures/proxy_str_targets.ts", import.meta.url));

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

Deno.test("String(proxy) is Python's str(proxy): the referent's repr, from the server", async (t) => {
  await using manager = new SyncManager();
  await manager.start();

  // Python's print(proxy): String(), a template, console.log (Deno.inspect).
  function assertStr(proxy: BaseProxy, expected: string): void {
    assert.equal(String(proxy), expected);
    assert.equal(`${proxy}`, expected);
    assert.equal(Deno.inspect(proxy), expected);
  }

  await t.step("dict, list, Namespace, Value, Array", async () => {
    const d = await manager.dict<string, number>();
    await d.setItem("a", 1);
    assertStr(d, "{'a': 1}");
    await d.setItem("b", 2); // each String() asks again
    assertStr(d, "{'a': 1, 'b': 2}");
    assertStr(await manager.list([0, 1, 4]), "[0, 1, 4]");
    assertStr(await manager.list(), "[]");
    const ns = await manager.Namespace();
    assertStr(ns, "Namespace()");
    await ns.setAttr("x", 10);
    await ns.setAttr("y", "hello");
    assertStr(ns, "Namespace(x=10, y='hello')");
    assertStr(await manager.Value("i", 7), "Value('i', 7)");
    assertStr(await manager.Array("d", [1.5, 2]), "array('d', [1.5, 2])");
  });

  await t.step("str() awaits the same text", async () => {
    const ns = await manager.Namespace({ y: "hello", x: 10 });
    assert.equal(await ns.str(), String(ns));
    const l = await manager.list(["it's"]);
    assert.equal(await l.str(), `["it's"]`);
  });

  await t.step("inside other values, as console.log shows them", async () => {
    const l = await manager.list([0, 1, 4]);
    const ns = await manager.Namespace({ x: 1 });
    assert.equal(
      Deno.inspect({ l, ns }),
      "{ l: [0, 1, 4], ns: Namespace(x=1) }",
    );
    assert.equal(Deno.inspect([l]), "[ [0, 1, 4] ]");
  });

  await t.step(
    "a proxy inside a referent shows as its repr, as Python's",
    async () => {
      const a = await manager.list<unknown>();
      const b = await manager.list<string>(["hello"]);
      await a.append(b);
      // The server prints the list, whose item is a proxy: its repr.
      assert.match(
        String(a),
        /^\[<ListProxy object, typeid 'list' at 0x[0-9a-f]+>\]$/,
      );
      assertStr(await a.getItem(0) as BaseProxy, "['hello']");
    },
  );

  await t.step(
    "a custom registered type: its toString(), or its exposed __repr__",
    async () => {
      class ShapesManager extends BaseManager {}
      ShapesManager.register("Point", Point);
      ShapesManager.register("Tagged", Tagged, { exposed: ["__repr__"] });
      await using shapes = new ShapesManager();
      await shapes.start();
      const p = await shapes.create<Point>("Point", 1, 2);
      assertStr(p, "Point(1, 2)");
      await p.move(2, 3);
      assertStr(p, "Point(3, 5)");
      assertStr(await shapes.create<Tagged>("Tagged", "t1"), "<Tagged t1>");
    },
  );
});

Deno.test("String(proxy) of a server in this thread reads the referent here, without blocking it", async () => {
  class LocalManager extends BaseManager {}
  LocalManager.register("Point", Point);
  LocalManager.register("Tagged", Tagged, { exposed: ["__repr__"] });
  LocalManager.register("Namespace");
  const server = new LocalManager({
    address: ["127.0.0.1", 0],
    authkey: "local",
  }).getServer();
  const stop = new AbortController();
  const serving = server.serveForever({ signal: stop.signal });
  const client = new LocalManager({
    address: server.address,
    authkey: "local",
  });
  await client.connect();
  const p = await client.create<Point>("Point", 1, 2);
  assert.equal(String(p), "Point(1, 2)");
  await p.move(1, 1);
  assert.equal(Deno.inspect(p), "Point(2, 3)");
  assert.equal(await p.str(), "Point(2, 3)"); // the same through the socket
  assert.equal(String(await client.create("Tagged", "here")), "<Tagged here>");
  await client.shutdown();
  stop.abort();
  await serving;
  // Stopped: nobody answers, as with any gone server.
  assert.equal(String(p), `${p.repr().slice(0, -1)}; '__str__()' failed>`);
});

Deno.test("String(proxy) of a gone server is the proxy's repr with '__str__()' failed", async () => {
  const manager = new SyncManager();
  await manager.start();
  const d = await manager.dict<string, number>({ a: 1 });
  const ns = await manager.Namespace({ x: 1 });
  assert.equal(String(d), "{'a': 1}");
  await manager.shutdown();
  const failed = `${d.repr().slice(0, -1)}; '__str__()' failed>`;
  assert.match(
    failed,
    /^<DictProxy object, typeid 'dict' at 0x[0-9a-f]+; '__str__\(\)' failed>$/,
  );
  assert.equal(String(d), failed);
  assert.equal(Deno.inspect(d), failed);
  assert.equal(await d.str(), failed);
  assert.equal(
    String(ns),
    `${ns.repr().slice(0, -1)}; '__str__()' failed>`,
  );
});

Deno.test("String(proxy) gives up after a bounded wait when the server does not answer", async () => {
  class SilentManager extends BaseManager {}
  SilentManager.register("Silent", Silent, { exposed: ["__repr__"] });
  SilentManager.register("Point", Point);
  await using manager = new SilentManager();
  await manager.start();
  const silent = await manager.create<Silent>("Silent");
  const old = setStrTimeout(0.3);
  try {
    assert.equal(
      String(silent),
      `${silent.repr().slice(0, -1)}; '__str__()' failed>`,
    );
    // The next call is answered (by a fresh worker thread).
    assert.equal(String(await manager.create("Point", 0, 0)), "Point(0, 0)");
  } finally {
    setStrTimeout(old);
  }
});

Deno.test("repr() is Python's repr(proxy): the proxy, not the referent", async () => {
  await using manager = new SyncManager();
  await manager.start();
  const d = await manager.dict();
  const ns = await manager.Namespace();
  const repr = d.repr();
  const at = repr.match(/ at (0x[0-9a-f]+)>$/)?.[1];
  assert.equal(repr, `<DictProxy object, typeid 'dict' at ${at}>`);
  assert.equal(d.repr(), repr); // the same id each time
  assert.match(
    ns.repr(),
    /^<NamespaceProxy object, typeid 'Namespace' at 0x[0-9a-f]+>$/,
  );
  assert.notEqual(ns.repr().match(/ at (0x[0-9a-f]+)>$/)?.[1], at);
  // Python's repr() of a list holding proxies, here too.
  assert.equal(pyRepr([d]), `[${repr}]`);

  class CounterManager extends BaseManager {}
  CounterManager.register("Counter", makeCounter);
  await using counters = new CounterManager();
  await counters.start();
  const counter = await counters.create<ReturnType<typeof makeCounter>>(
    "Counter",
    1,
  );
  assert.match(
    counter.repr(),
    /^<BaseProxy object, typeid 'Counter' at 0x[0-9a-f]+>$/,
  );
});
