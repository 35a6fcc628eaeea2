// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Proxy Objects" (a proxy inside the
// referent of another)
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_nested_proxies.ts
// Adapted: a[0] is getItem(0), d['a'] = 1 setItem("a", 1). print(a, b)
// prints the referents, as Python's (a proxy's toString() asks the server).
//
// The Python original:
//
//     from multiprocessing import Manager
//
//     if __name__ == '__main__':
//         manager = Manager()
//         a = manager.list()
//         b = manager.list()
//         a.append(b)         # referent of a now contains referent of b
//         print(a, b)
//         b.append('hello')
//         print(a[0], b)
//         l_outer = manager.list([ manager.dict() for i in range(2) ])
//         d_first_inner = l_outer[0]
//         d_first_inner['a'] = 1
//         d_first_inner['b'] = 2
//         l_outer[1]['c'] = 3
//         l_outer[1]['z'] = 26
//         print(l_outer[0])
//         print(l_outer[1])
import { Manager } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

if (import.meta.main) {
  await using manager = await Manager();
  const a = await manager.list<unknown>();
  const b = await manager.list<string>();
  await a.append(b); // referent of a now contains referent of b
  print(a, b);
  await b.append("hello");
  print(await a.getItem(0), b);
  const lOuter = await manager.list(
    await Promise.all([0, 1].map(() => manager.dict<string, number>())),
  );
  const dFirstInner = await lOuter.getItem(0);
  await dFirstInner.setItem("a", 1);
  await dFirstInner.setItem("b", 2);
  await (await lOuter.getItem(1)).setItem("c", 3);
  await (await lOuter.getItem(1)).setItem("z", 26);
  print(await lOuter.getItem(0));
  print(await lOuter.getItem(1));
}
