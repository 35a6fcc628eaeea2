// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Proxy Objects" (a list proxy, its str
// and repr, l[4] and l[2:5])
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_proxy_list.ts
// Adapted: l[4] is getItem(4), and l[2:5] a slice of the referent's copy (a
// proxy has no slice call). print(l) prints the referent and repr(l) the
// proxy, as Python's.
//
// The Python original:
//
//     from multiprocessing import Manager
//
//     if __name__ == '__main__':
//         manager = Manager()
//         l = manager.list([i*i for i in range(10)])
//         print(l)
//         print(repr(l))
//         print(l[4])
//         print(l[2:5])
import { Manager } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print, repr } from "./_print.ts";

if (import.meta.main) {
  await using manager = await Manager();
  const l = await manager.list([...Array(10).keys()].map((i) => i * i));
  print(l);
  print(repr(l));
  print(await l.getItem(4));
  print((await l.copy()).slice(2, 5));
}
