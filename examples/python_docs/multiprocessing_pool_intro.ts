// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Introduction" (a Pool of worker processes)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_pool_intro.ts
// A direct port.
//
// The Python original:
//
//     from multiprocessing import Pool
//
//     def f(x):
//         return x*x
//
//     if __name__ == '__main__':
//         with Pool(5) as p:
//             print(p.map(f, [1, 2, 3]))
import { Pool } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function f(x: number): number {
  return x * x;
}

if (import.meta.main) {
  await using p = new Pool(5);
  print(await p.map(f, [1, 2, 3]));
}
