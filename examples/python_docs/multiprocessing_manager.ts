// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Sharing state between processes" /
// Server process (Manager dict and list)
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_manager.ts
// Adapted: a proxy's operators are methods returning promises (d[1] = '1'
// is setItem). print(d) prints the referent, as Python's (a proxy's
// toString() asks the server). The managed dict keeps Python's order and
// key types.
//
// The Python original:
//
//     from multiprocessing import Process, Manager
//
//     def f(d, l):
//         d[1] = '1'
//         d['2'] = 2
//         d[0.25] = None
//         l.reverse()
//
//     if __name__ == '__main__':
//         with Manager() as manager:
//             d = manager.dict()
//             l = manager.list(range(10))
//
//             p = Process(target=f, args=(d, l))
//             p.start()
//             p.join()
//
//             print(d)
//             print(l)
import {
  type DictProxy,
  type ListProxy,
  Manager,
  Process,
} from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export async function f(
  d: DictProxy<number | string, string | number | null>,
  l: ListProxy<number>,
): Promise<void> {
  await d.setItem(1, "1");
  await d.setItem("2", 2);
  await d.setItem(0.25, null);
  await l.reverse();
}

if (import.meta.main) {
  await using manager = await Manager();
  const d = await manager.dict<number | string, string | number | null>();
  const l = await manager.list([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  const p = new Process({ target: f, args: [d, l] });
  p.start();
  await p.join();

  print(d);
  print(l);
}
