// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "The Process class" (hello bob)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_process_hello.ts
// A direct port.
//
// The Python original:
//
//     from multiprocessing import Process
//
//     def f(name):
//         print('hello', name)
//
//     if __name__ == '__main__':
//         p = Process(target=f, args=('bob',))
//         p.start()
//         p.join()
import { Process } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function f(name: string): void {
  print("hello", name);
}

if (import.meta.main) {
  const p = new Process({ target: f, args: ["bob"] });
  p.start();
  await p.join();
}
