// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Exchanging objects between processes" /
// Queues
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_queues.ts
// A direct port.
//
// The Python original:
//
//     from multiprocessing import Process, Queue
//
//     def f(q):
//         q.put([42, None, 'hello'])
//
//     if __name__ == '__main__':
//         q = Queue()
//         p = Process(target=f, args=(q,))
//         p.start()
//         print(q.get())    # prints "[42, None, 'hello']"
//         p.join()
import { Process, Queue } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export async function f(q: Queue): Promise<void> {
  await q.put([42, null, "hello"]);
}

if (import.meta.main) {
  const q = new Queue();
  const p = new Process({ target: f, args: [q] });
  p.start();
  print(await q.get()); // prints "[42, None, 'hello']"
  await p.join();
}
