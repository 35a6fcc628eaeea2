// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Connection Objects" /
// multiprocessing.connection.wait (readers from four processes)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_connection_wait.ts
// Adapted: tuples are arrays in JavaScript, so each message prints with
// brackets: [0, 'Process-1'] for Python's (0, 'Process-1').
//
// The Python original:
//
//     from multiprocessing import Process, Pipe, current_process
//     from multiprocessing.connection import wait
//
//     def foo(w):
//         for i in range(10):
//             w.send((i, current_process().name))
//         w.close()
//
//     if __name__ == '__main__':
//         readers = []
//
//         for i in range(4):
//             r, w = Pipe(duplex=False)
//             readers.append(r)
//             p = Process(target=foo, args=(w,))
//             p.start()
//             # We close the writable end of the pipe now to be sure that
//             # p is the only process which owns a handle for it.  This
//             # ensures that when p closes its handle for the writable end,
//             # wait() will promptly report the readable end as being ready.
//             w.close()
//
//         while readers:
//             for r in wait(readers):
//                 try:
//                     msg = r.recv()
//                 except EOFError:
//                     readers.remove(r)
//                 else:
//                     print(msg)
import {
  type Connection,
  currentProcess,
  EOFError,
  Pipe,
  Process,
} from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { wait } from "../../multiprocessing/connection/mod.ts"; // jsr:@skein/concurrent/multiprocessing/connection
import { print } from "./_print.ts";

export function foo(w: Connection): void {
  for (let i = 0; i < 10; i++) {
    w.send([i, currentProcess().name]);
  }
  w.close();
}

if (import.meta.main) {
  const readers: Connection[] = [];

  for (let i = 0; i < 4; i++) {
    const [r, w] = Pipe({ duplex: false });
    readers.push(r);
    const p = new Process({ target: foo, args: [w] });
    p.start();
    // We close the writable end of the pipe now to be sure that
    // p is the only process which owns a handle for it.  This
    // ensures that when p closes its handle for the writable end,
    // wait() will promptly report the readable end as being ready.
    w.close();
  }

  while (readers.length > 0) {
    for (const r of await wait(readers) as Connection[]) {
      let msg;
      try {
        msg = await r.recv();
      } catch (error) {
        if (!(error instanceof EOFError)) throw error;
        readers.splice(readers.indexOf(r), 1);
        continue;
      }
      print(msg);
    }
  }
}
