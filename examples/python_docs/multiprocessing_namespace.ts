// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Managers" / Namespace objects
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_namespace.ts
// Adapted: Global.x = 10 is setAttr("x", 10) (a proxy's attributes live in
// the server; assigning one is a round trip); Global._z stays a property
// of the proxy object, as in Python.
//
// The Python original:
//
//     import multiprocessing
//
//     if __name__ == '__main__':
//         manager = multiprocessing.Manager()
//         Global = manager.Namespace()
//         Global.x = 10
//         Global.y = 'hello'
//         Global._z = 12.3    # this is an attribute of the proxy
//         print(Global)
import * as multiprocessing from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

if (import.meta.main) {
  await using manager = await multiprocessing.Manager();
  const Global = await manager.Namespace();
  await Global.setAttr("x", 10);
  await Global.setAttr("y", "hello");
  Object.assign(Global, { _z: 12.3 }); // this is an attribute of the proxy
  print(Global);
}
