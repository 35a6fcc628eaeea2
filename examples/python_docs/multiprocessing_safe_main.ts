// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Programming guidelines" / Safe importing
// of main module
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_safe_main.ts
// A direct port: if __name__ == '__main__' is if (import.meta.main);
// freeze_support() has no counterpart (nothing is frozen).
//
// The Python original:
//
//     from multiprocessing import Process, freeze_support, set_start_method
//
//     def foo():
//         print('hello')
//
//     if __name__ == '__main__':
//         freeze_support()
//         set_start_method('spawn')
//         p = Process(target=foo)
//         p.start()
import { Process, setStartMethod } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function foo(): void {
  print("hello");
}

if (import.meta.main) {
  setStartMethod("spawn");
  const p = new Process({ target: foo });
  p.start();
}
