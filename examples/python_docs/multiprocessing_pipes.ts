// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Exchanging objects between processes" /
// Pipes
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_pipes.ts
// A direct port.
//
// The Python original:
//
//     from multiprocessing import Process, Pipe
//
//     def f(conn):
//         conn.send([42, None, 'hello'])
//         conn.close()
//
//     if __name__ == '__main__':
//         parent_conn, child_conn = Pipe()
//         p = Process(target=f, args=(child_conn,))
//         p.start()
//         print(parent_conn.recv())   # prints "[42, None, 'hello']"
//         p.join()
import { type Connection, Pipe, Process } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function f(conn: Connection): void {
  conn.send([42, null, "hello"]);
  conn.close();
}

if (import.meta.main) {
  const [parentConn, childConn] = Pipe();
  const p = new Process({ target: f, args: [childConn] });
  p.start();
  print(await parentConn.recv()); // prints "[42, None, 'hello']"
  await p.join();
}
