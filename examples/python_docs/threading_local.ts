// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: threading -- "Thread-Local Data" (the `_threading_local`
// module's example: a local, then the MyLocal subclass)
// deno run --allow-read --allow-env examples/python_docs/threading_local.ts
// Adapted: module globals are per thread (each thread imports the module
// anew), so `f` is given `mydata` and `log` as arguments instead of reading
// the globals, and `log` is a Queue, drained into a list to print it.
// `mydata.__dict__` is a copy of the object's own fields, `setdefault` is
// `??=`, the class attribute `number = 2` is set on MyLocal's prototype,
// and the doctest's AttributeError is `hasattr` (an unset property is
// undefined in JavaScript). MyLocal is exported and passes its arguments
// to `super(...)`: each thread imports it and runs its constructor again
// with them, as Python re-runs `__init__`. The docs' last part (`__slots__`,
// shared across threads) has no JavaScript counterpart and is left out.
//
// The Python original (the docstring of Lib/_threading_local.py as a
// program):
//
//     import threading
//     from threading import local
//
//     mydata = local()
//     mydata.number = 42
//     print(mydata.number)
//
//     print(mydata.__dict__)
//     print(mydata.__dict__.setdefault('widgets', []))
//     print(mydata.widgets)
//
//     log = []
//     def f():
//         items = sorted(mydata.__dict__.items())
//         log.append(items)
//         mydata.number = 11
//         log.append(mydata.number)
//
//     thread = threading.Thread(target=f)
//     thread.start()
//     thread.join()
//     print(log)
//
//     print(mydata.number)
//
//     class MyLocal(local):
//         number = 2
//         def __init__(self, /, **kw):
//             self.__dict__.update(kw)
//         def squared(self):
//             return self.number ** 2
//
//     mydata = MyLocal(color='red')
//
//     print(mydata.number)
//
//     print(repr(mydata.color))
//     del mydata.color
//
//     print(mydata.squared())
//
//     log = []
//     thread = threading.Thread(target=f)
//     thread.start()
//     thread.join()
//     print(log)
//
//     print(mydata.number)
//     print(hasattr(mydata, 'color'))
import { local, Thread } from "../../threading/mod.ts"; // jsr:@skein/concurrent/threading
import { Queue } from "../../queue/mod.ts"; // jsr:@skein/concurrent/queue
import { print, repr } from "./_print.ts";

export function f(mydata: local, log: Queue<unknown>): void {
  const items = Object.entries(mydata).sort(([a], [b]) => a < b ? -1 : 1);
  log.putNowait(items);
  mydata.number = 11;
  log.putNowait(mydata.number);
}

export class MyLocal extends local {
  declare number: number;
  constructor(kw: Record<string, unknown> = {}) {
    super(kw);
    Object.assign(this, kw);
  }
  squared(): number {
    return this.number ** 2;
  }
}
MyLocal.prototype.number = 2;

// What the thread appended to `log`, as a list.
function drain(log: Queue<unknown>): unknown[] {
  const items: unknown[] = [];
  while (!log.empty()) items.push(log.getNowait());
  return items;
}

if (import.meta.main) {
  let mydata: local = new local();
  mydata.number = 42;
  print(mydata.number);

  print({ ...mydata });
  print(mydata.widgets ??= []);
  print(mydata.widgets);

  let log = new Queue<unknown>();
  let thread = new Thread({ target: f, args: [mydata, log] });
  thread.start();
  await thread.join();
  print(drain(log));

  print(mydata.number);

  const mine = new MyLocal({ color: "red" });
  mydata = mine;

  print(mine.number);

  print(repr(mine.color));
  delete mine.color;

  print(mine.squared());

  log = new Queue<unknown>();
  thread = new Thread({ target: f, args: [mydata, log] });
  thread.start();
  await thread.join();
  print(drain(log));

  print(mine.number);
  print("color" in mine);
}
