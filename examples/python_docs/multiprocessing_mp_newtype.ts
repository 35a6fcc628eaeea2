// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Examples" / Doc/includes/mp_newtype.py
// (registering new types: exposed methods, a proxy type for a generator,
// a module)
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_mp_newtype.ts
// Adapted: manager.Foo1() is manager.create("Foo1") (the README's
// mapping; register's createMethod makes manager.Foo1() too, untyped);
// hasattr(p, name) is p[name] !== undefined; GeneratorProxy's __iter__ is
// [Symbol.asyncIterator], calling __next__ until its StopIteration (the
// server's __next__ of a JS generator is its next()); JavaScript has no
// operator module, so get_operator_module returns this port's
// _operator.ts (its exports, fewer than Python's module has). Foo's
// lines are printed by the manager's server process, whose output reaches
// the terminal through its parent while the call's answer comes over TCP,
// so they may show after the separator the main process prints next (the
// .out takes that part in any order; Python's server writes to the
// terminal itself).
//
// The Python original:
//
//     from multiprocessing import freeze_support
//     from multiprocessing.managers import BaseManager, BaseProxy
//     import operator
//
//     ##
//
//     class Foo:
//         def f(self):
//             print('you called Foo.f()')
//         def g(self):
//             print('you called Foo.g()')
//         def _h(self):
//             print('you called Foo._h()')
//
//     # A simple generator function
//     def baz():
//         for i in range(10):
//             yield i*i
//
//     # Proxy type for generator objects
//     class GeneratorProxy(BaseProxy):
//         _exposed_ = ['__next__']
//         def __iter__(self):
//             return self
//         def __next__(self):
//             return self._callmethod('__next__')
//
//     # Function to return the operator module
//     def get_operator_module():
//         return operator
//
//     ##
//
//     class MyManager(BaseManager):
//         pass
//
//     # register the Foo class; make `f()` and `g()` accessible via proxy
//     MyManager.register('Foo1', Foo)
//
//     # register the Foo class; make `g()` and `_h()` accessible via proxy
//     MyManager.register('Foo2', Foo, exposed=('g', '_h'))
//
//     # register the generator function baz; use `GeneratorProxy` to make proxies
//     MyManager.register('baz', baz, proxytype=GeneratorProxy)
//
//     # register get_operator_module(); make public functions accessible via proxy
//     MyManager.register('operator', get_operator_module)
//
//     ##
//
//     def test():
//         manager = MyManager()
//         manager.start()
//
//         print('-' * 20)
//
//         f1 = manager.Foo1()
//         f1.f()
//         f1.g()
//         assert not hasattr(f1, '_h')
//         assert sorted(f1._exposed_) == sorted(['f', 'g'])
//
//         print('-' * 20)
//
//         f2 = manager.Foo2()
//         f2.g()
//         f2._h()
//         assert not hasattr(f2, 'f')
//         assert sorted(f2._exposed_) == sorted(['g', '_h'])
//
//         print('-' * 20)
//
//         it = manager.baz()
//         for i in it:
//             print('<%d>' % i, end=' ')
//         print()
//
//         print('-' * 20)
//
//         op = manager.operator()
//         print('op.add(23, 45) =', op.add(23, 45))
//         print('op.pow(2, 94) =', op.pow(2, 94))
//         print('op._exposed_ =', op._exposed_)
//
//     ##
//
//     if __name__ == '__main__':
//         freeze_support()
//         test()
import {
  BaseManager,
  BaseProxy,
  StopIteration,
} from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import assert from "node:assert/strict";
import * as operator from "./_operator.ts";
import { print } from "./_print.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

//

export class Foo {
  f(): void {
    print("you called Foo.f()");
  }
  g(): void {
    print("you called Foo.g()");
  }
  _h(): void {
    print("you called Foo._h()");
  }
}

// A simple generator function
export function* baz(): Generator<number> {
  for (let i = 0; i < 10; i++) {
    yield i * i;
  }
}

// Proxy type for generator objects
export class GeneratorProxy extends BaseProxy {
  static override _exposed_ = ["__next__"];
  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> { // __iter__
    for (;;) {
      try {
        yield await this.__next__();
      } catch (error) {
        if (error instanceof StopIteration) return;
        throw error;
      }
    }
  }
  __next__(): Promise<unknown> {
    return this._callmethod("__next__");
  }
}

// Function to return the operator module
export function getOperatorModule(): typeof operator {
  return operator;
}

//

export class MyManager extends BaseManager {}

// register the Foo class; make `f()` and `g()` accessible via proxy
MyManager.register("Foo1", Foo);

// register the Foo class; make `g()` and `_h()` accessible via proxy
MyManager.register("Foo2", Foo, { exposed: ["g", "_h"] });

// register the generator function baz; use `GeneratorProxy` to make proxies
MyManager.register("baz", baz, { proxytype: GeneratorProxy });

// register get_operator_module(); make public functions accessible via proxy
MyManager.register("operator", getOperatorModule);

//

async function test(): Promise<void> {
  const manager = new MyManager();
  await manager.start();

  print("-".repeat(20));

  const f1: Any = await manager.create<Foo>("Foo1");
  await f1.f();
  await f1.g();
  assert(f1._h === undefined);
  assert.deepEqual([...f1._exposed_].sort(), ["f", "g"].sort());

  print("-".repeat(20));

  const f2: Any = await manager.create<Foo>("Foo2");
  await f2.g();
  await f2._h();
  assert(f2.f === undefined);
  assert.deepEqual([...f2._exposed_].sort(), ["g", "_h"].sort());

  print("-".repeat(20));

  const it = await manager.create("baz") as unknown as GeneratorProxy;
  const line = [];
  for await (const i of it) {
    line.push(`<${i}>`);
  }
  print(line.join(" ") + " ");

  print("-".repeat(20));

  const op: Any = await manager.create("operator");
  print("op.add(23, 45) =", await op.add(23, 45));
  print("op.pow(2, 94) =", await op.pow(2n, 94n));
  print("op._exposed_ =", op._exposed_);

  await manager.shutdown();
}

if (import.meta.main) {
  await test();
}
