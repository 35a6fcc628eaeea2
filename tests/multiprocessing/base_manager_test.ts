// Copyright 2026 the @skein/concurrent authors. MIT license.
// BaseManager.register() as Python's: CPython's _TestMyManager (FooBar,
// baz and IteratorProxy), proxytype, exposed, methodToTypeid (also from a
// proxy class's _exposed_ and _methodToTypeid_), createMethod, __next__ on
// a JavaScript generator with StopIteration, proxies of a proxytype
// passed to children, and the errors of bad arguments.
import assert from "node:assert/strict";
import {
  AttributeError,
  BaseManager,
  BaseProxy,
  Pipe,
  Process,
  StopIteration,
  SyncManager,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  countdown,
  drainIterator,
  FooBar,
  IteratorProxy,
  MyManager,
  readShelf,
  Shelf,
  ShelfManager,
  ShelfProxy,
  twoThenDone,
} from "./fixtures/my_manager.ts";

registerModule(new URL("./fixtures/my_manager.ts", import.meta.url));
// A child reaches the manager over loopback TCP: the test task grants only
// that host, and a limited grant passes to a child only when named.
const permissions = { net: ["127.0.0.1"] };

// deno-lint-ignore no-explicit-any
type Any = any;

// CPython's _TestMyManager.common.
async function common(manager: MyManager): Promise<void> {
  const foo: Any = await manager.create("Foo");
  const bar: Any = await manager.create("Bar");
  const it = await manager.create("baz") as unknown as IteratorProxy;

  const has = (p: Any) => ["f", "g", "_h"].filter((n) => p[n] !== undefined);
  assert.deepEqual(has(foo), ["f", "g"]);
  assert.deepEqual(has(bar), ["f", "_h"]);

  assert.equal(await foo.f(), "f()");
  await assert.rejects(foo.g(), ValueError);
  assert.equal(await foo._callmethod("f"), "f()");
  await assert.rejects(foo._callmethod("_h"), {
    name: "AttributeError",
    message: "method '_h' of <class 'FooBar'> object is not in " +
      "exposed=['f', 'g']",
  });

  assert.equal(await bar.f(), "f()");
  assert.equal(await bar._h(), "_h()");
  assert.equal(await bar._callmethod("f"), "f()");
  assert.equal(await bar._callmethod("_h"), "_h()");

  assert.ok(it instanceof IteratorProxy);
  const items = [];
  for await (const item of it) items.push(item);
  assert.deepEqual(items, Array.from({ length: 10 }, (_, i) => i * i));
}

// After shutdown, the server is gone: its port refuses connections.
async function assertStopped(address: unknown): Promise<void> {
  await assert.rejects(
    new SyncManager({ address: address as [string, number] }).connect(),
    Deno.errors.ConnectionRefused,
  );
}

Deno.test("BaseManager: CPython's _TestMyManager", async (t) => {
  await t.step("test_mymanager: start(), common, shutdown()", async () => {
    const manager = new MyManager();
    await manager.start();
    await common(manager);
    await manager.shutdown();
    await assertStopped(manager.address);
  });

  await t.step("test_mymanager_context: `await using`", async () => {
    let address: unknown;
    {
      await using manager = new MyManager();
      await manager.start();
      address = manager.address;
      await common(manager);
    }
    await assertStopped(address);
  });

  await t.step("test_mymanager_context_prestarted", async () => {
    const manager = new MyManager();
    await manager.start();
    {
      await using m = manager;
      await common(m);
    }
    await assertStopped(manager.address);
  });
});

Deno.test("BaseManager.register: exposed and _exposed_", async (t) => {
  await using manager = new MyManager();
  await manager.start();

  await t.step("an AutoProxy's _exposed_ is the exposed list", async () => {
    const foo: Any = await manager.create("Foo");
    assert.deepEqual(foo._exposed_, ["f", "g"]); // public methods, sorted
    const bar: Any = await manager.create("Bar");
    assert.deepEqual(bar._exposed_, ["f", "_h"]); // as registered
    assert.equal(bar.g, undefined);
    await assert.rejects(bar.callMethod("g"), AttributeError);
  });

  await t.step("a proxytype's static _exposed_ is its default", async () => {
    const it = await manager.create("baz") as unknown as IteratorProxy;
    assert.deepEqual(it._exposed_, ["__next__"]);
    await assert.rejects(it.callMethod("next"), {
      name: "AttributeError",
      message: "method 'next' of <class 'generator'> object is " +
        "not in exposed=['__next__']",
    });
  });
});

Deno.test("BaseProxy: __next__ on a JavaScript iterator ends with StopIteration", async (t) => {
  class GenManager extends BaseManager {}
  GenManager.register("two", twoThenDone, { exposed: ["__next__"] });
  GenManager.register("countdown", countdown, { proxytype: IteratorProxy });
  GenManager.register("foo", FooBar, { exposed: ["__next__", "f"] });
  await using manager = new GenManager();
  await manager.start();

  await t.step("a generator: values, then its return value", async () => {
    const two = await manager.create("two");
    assert.equal(await two.callMethod("__next__"), 1);
    assert.equal(await two.callMethod("__next__"), 2);
    const end = await two.callMethod("__next__").catch((e) => e);
    assert.ok(end instanceof StopIteration);
    assert.equal(end.value, "done");
    await assert.rejects(two.callMethod("__next__"), StopIteration);
  });

  await t.step("an async generator", async () => {
    const it = await manager.create("countdown", 3) as unknown as IteratorProxy;
    const items = [];
    for await (const item of it) items.push(item);
    assert.deepEqual(items, [3, 2, 1]);
  });

  await t.step("not an iterator: Python's AttributeError", async () => {
    const foo = await manager.create("foo");
    await assert.rejects(foo.callMethod("__next__"), {
      name: "AttributeError",
      message: "'FooBar' object has no attribute '__next__'",
    });
  });
});

Deno.test("BaseManager.register: methodToTypeid returns proxies of the typeid's proxytype", async (t) => {
  await using manager = new ShelfManager();
  await manager.start();
  const shelf = await manager.create(
    "Shelf",
    "a",
    "b",
  ) as unknown as ShelfProxy;

  await t.step("the proxytype's _methodToTypeid_, exposed too", async () => {
    assert.ok(shelf instanceof ShelfProxy);
    assert.deepEqual([...shelf._exposed_].sort(), ["add", "iter"]);
    await shelf.add("c");
    const it = await shelf.iter();
    assert.ok(it instanceof IteratorProxy);
    assert.equal(it.typeid, "Iterator");
    const items = [];
    for await (const item of it) items.push(item);
    assert.deepEqual(items, ["a", "b", "c"]);
  });

  await t.step("the option, with an AutoProxy on both sides", async () => {
    class AutoShelves extends BaseManager {}
    AutoShelves.register("Shelf", Shelf, {
      methodToTypeid: { iter: "Iterator" },
    });
    AutoShelves.register("Iterator", undefined, { exposed: ["__next__"] });
    await using autos = new AutoShelves();
    await autos.start();
    const auto: Any = await autos.create("Shelf", "x");
    assert.deepEqual(auto._exposed_, ["add", "iter"]);
    const it: Any = await auto.iter();
    assert.equal(it.typeid, "Iterator");
    assert.equal(await it.__next__(), "x");
    await assert.rejects(it.__next__(), StopIteration);
    assert.ok(it instanceof BaseProxy);
  });

  await t.step("a typeid without callable takes one argument", async () => {
    await assert.rejects(manager.create("Iterator"), {
      name: "ValueError",
      message: "Cannot create 'Iterator' as it has no callable, so it " +
        "needs exactly one argument, the object: received 0",
    });
  });
});

Deno.test("BaseManager.register: a proxytype's proxies cross to children as that class", async (t) => {
  await using manager = new ShelfManager();
  await manager.start();

  await t.step(
    "a ShelfProxy, whose iter() there is an IteratorProxy",
    async () => {
      const shelf = await manager.create("Shelf", "a") as unknown as ShelfProxy;
      const [reader, writer] = Pipe({
        duplex: false,
      });
      const p = new Process({
        target: readShelf,
        args: [shelf, writer],
        permissions,
      });
      p.start();
      writer.close();
      assert.deepEqual(await reader.recv(), [true, true, [
        "a",
        "from the child",
      ]]);
      reader.close();
      await p.join();
      assert.equal(p.exitcode, 0);
    },
  );

  await t.step("an IteratorProxy from a method's result", async () => {
    const shelf = await manager.create(
      "Shelf",
      "x",
      "y",
    ) as unknown as ShelfProxy;
    const it = await shelf.iter();
    const [reader, writer] = Pipe({ duplex: false });
    const p = new Process({
      target: drainIterator,
      args: [it, writer],
      permissions,
    });
    p.start();
    writer.close();
    assert.deepEqual(await reader.recv(), [true, ["x", "y"]]);
    reader.close();
    await p.join();
    assert.equal(p.exitcode, 0);
  });

  await t.step("a proxytype no module exports fails at start()", async () => {
    class LocalProxy extends BaseProxy {}
    class LocalManager extends BaseManager {}
    LocalManager.register("Shelf", Shelf, { proxytype: LocalProxy });
    await using local = new LocalManager();
    await local.start();
    const shelf = await local.create("Shelf");
    assert.ok(shelf instanceof LocalProxy); // usable in this process
    const p = new Process({
      target: drainIterator,
      args: [shelf as unknown as IteratorProxy, null as never],
      permissions,
    });
    assert.throws(() => p.start(), {
      name: "TypeError",
      message:
        /^Cannot send a proxy of 'Shelf' to another process as the proxytype registered for 'Shelf', LocalProxy, is not exported by any module/,
    });
  });
});

Deno.test("BaseManager.register: createMethod makes manager[typeid]()", async () => {
  class Made extends BaseManager {}
  Made.register("Foo", FooBar);
  Made.register("Quiet", FooBar, { createMethod: false });
  class Sub extends Made {}
  Sub.register("Foo", FooBar, { exposed: ["_h"] }); // replaces its own
  await using manager = new Sub();
  await manager.start();
  const m = manager as Any;
  assert.equal(typeof m.Foo, "function");
  assert.equal(m.Foo.name, "Foo");
  assert.equal(m.Quiet, undefined);
  const foo = await m.Foo();
  assert.deepEqual(foo._exposed_, ["_h"]);
  assert.equal(await foo._h(), "_h()");
  assert.ok(await manager.create("Quiet") instanceof BaseProxy);
});

Deno.test("BaseManager.register: bad arguments are errors naming them, and nothing is registered", async (t) => {
  class Bad extends BaseManager {}
  const rejects = (
    args: unknown[],
    error: { name: string; message: string | RegExp },
  ) => {
    assert.throws(
      () => (Bad.register as (...a: unknown[]) => void)(...args),
      error,
    );
  };

  await t.step("proxytype: not BaseProxy or a subclass", () => {
    rejects(["X", FooBar, { proxytype: class NotAProxy {} }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'proxytype' must be BaseProxy or a " +
        "subclass of it: received function",
    });
    rejects(["X", FooBar, { proxytype: {} }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'proxytype' must be BaseProxy or a " +
        "subclass of it: received an object",
    });
  });

  await t.step("exposed: not an array of strings", () => {
    rejects(["X", FooBar, { exposed: "f" }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'exposed' must be an array of " +
        "method names (strings): received string",
    });
    rejects(["X", FooBar, { exposed: ["f", 1] }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'exposed' must be an array of " +
        "method names (strings): received an array",
    });
    class BadExposed extends BaseProxy {
      static override _exposed_ = "f" as unknown as string[];
    }
    rejects(["X", FooBar, { proxytype: BadExposed }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'proxytype._exposed_' " +
        "(BadExposed's) must be an array of method names (strings): " +
        "received string",
    });
  });

  await t.step("methodToTypeid: not an object of strings", () => {
    rejects(["X", FooBar, { methodToTypeid: { f: 1 } }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'methodToTypeid' must be an object " +
        "mapping method names to typeids (strings): received an object",
    });
    rejects(["X", FooBar, { methodToTypeid: ["f"] }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'methodToTypeid' must be an object " +
        "mapping method names to typeids (strings): received an array",
    });
  });

  await t.step("createMethod: not a boolean, or a member's name", () => {
    rejects(["X", FooBar, { createMethod: "yes" }], {
      name: "TypeError",
      message: "Cannot register 'X' as 'createMethod' must be a boolean: " +
        "received string",
    });
    rejects(["start", FooBar], {
      name: "ValueError",
      message: "Cannot register 'start' with a create method as Bad " +
        "already has a member 'start': pass createMethod: false and use " +
        "create('start')",
    });
  });

  await t.step("typeid and callable, as before", () => {
    rejects(["", FooBar], {
      name: "TypeError",
      message: "Cannot register as 'typeid' must be a non-empty string: " +
        "received string",
    });
    rejects(["X", 1], {
      name: "TypeError",
      message: "Cannot register 'X' as 'callable' must be a function: " +
        "received number",
    });
  });

  await t.step("nothing was registered", async () => {
    assert.equal((Bad.prototype as Any).X, undefined);
    Bad.register("start", FooBar, { createMethod: false });
    assert.equal(Bad.prototype.start, BaseManager.prototype.start);
    await using manager = new Bad();
    await manager.start();
    await assert.rejects(manager.create("X"), {
      name: "TypeError",
      message: "Cannot create 'X' as Bad has no such type registered",
    });
    assert.equal(await (await manager.create<FooBar>("start")).f(), "f()");
  });
});
