// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Synchronization between processes"
// (a Lock around print)
// deno run --allow-read --allow-env --allow-run --allow-ffi examples/python_docs/multiprocessing_lock.ts
// A direct port. The processes print in the order they get the lock.
//
// The Python original:
//
//     from multiprocessing import Process, Lock
//
//     def f(l, i):
//         l.acquire()
//         try:
//             print('hello world', i)
//         finally:
//             l.release()
//
//     if __name__ == '__main__':
//         lock = Lock()
//
//         for num in range(10):
//             Process(target=f, args=(lock, num)).start()
import { Lock, Process } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function f(l: Lock, i: number): void {
  l.acquireSync();
  try {
    print("hello world", i);
  } finally {
    l.release();
  }
}

if (import.meta.main) {
  const lock = new Lock();

  for (let num = 0; num < 10; num++) {
    new Process({ target: f, args: [lock, num] }).start();
  }
}
