// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "The Process class" (info() with the
// parent's and the process's ids)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_process_info.ts
// Adapted: JavaScript has no __name__; a module knows it is the main one by
// import.meta.main, so 'module name' prints Python's names from it
// ("__main__", or "__mp_main__" in a spawned child, as CPython's spawn
// names the parent's main module there). os.getppid()/os.getpid() are
// Deno.ppid/Deno.pid.
//
// The Python original:
//
//     from multiprocessing import Process
//     import os
//
//     def info(title):
//         print(title)
//         print('module name:', __name__)
//         print('parent process:', os.getppid())
//         print('process id:', os.getpid())
//
//     def f(name):
//         info('function f')
//         print('hello', name)
//
//     if __name__ == '__main__':
//         info('main line')
//         p = Process(target=f, args=('bob',))
//         p.start()
//         p.join()
import { Process } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

const __name__ = import.meta.main ? "__main__" : "__mp_main__";

export function info(title: string): void {
  print(title);
  print("module name:", __name__);
  print("parent process:", Deno.ppid);
  print("process id:", Deno.pid);
}

export function f(name: string): void {
  info("function f");
  print("hello", name);
}

if (import.meta.main) {
  info("main line");
  const p = new Process({ target: f, args: ["bob"] });
  p.start();
  await p.join();
}
