// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Contexts and start methods"
// (set_start_method('spawn') with a Queue)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_start_method.ts
// A direct port (spawn is Deno's only start method).
//
// The Python original:
//
//     import multiprocessing as mp
//
//     def foo(q):
//         q.put('hello')
//
//     if __name__ == '__main__':
//         mp.set_start_method('spawn')
//         q = mp.Queue()
//         p = mp.Process(target=foo, args=(q,))
//         p.start()
//         print(q.get())
//         p.join()
import * as mp from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export async function foo(q: mp.Queue<string>): Promise<void> {
  await q.put("hello");
}

if (import.meta.main) {
  mp.setStartMethod("spawn");
  const q = new mp.Queue<string>();
  const p = new mp.Process({ target: foo, args: [q] });
  p.start();
  print(await q.get());
  await p.join();
}
