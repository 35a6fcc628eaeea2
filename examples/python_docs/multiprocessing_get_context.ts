// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Contexts and start methods"
// (get_context('spawn'))
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_get_context.ts
// A direct port.
//
// The Python original:
//
//     import multiprocessing as mp
//
//     def foo(q):
//         q.put('hello')
//
//     if __name__ == '__main__':
//         ctx = mp.get_context('spawn')
//         q = ctx.Queue()
//         p = ctx.Process(target=foo, args=(q,))
//         p.start()
//         print(q.get())
//         p.join()
import * as mp from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export async function foo(q: mp.Queue<string>): Promise<void> {
  await q.put("hello");
}

if (import.meta.main) {
  const ctx = mp.getContext("spawn");
  const q = new ctx.Queue<string>();
  const p = new ctx.Process({ target: foo, args: [q] });
  p.start();
  print(await q.get());
  await p.join();
}
