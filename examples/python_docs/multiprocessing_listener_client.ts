// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Listeners and Clients" (the server and
// the client of the example, in one program)
// deno run --allow-read --allow-env --allow-net=127.0.0.1 examples/python_docs/multiprocessing_listener_client.ts
// Adapted: the server and the client run as two async functions of one
// program, on a free port (the docs run two programs on ('localhost',
// 6000); the Python original here runs the server in a thread); the class
// float crosses as JavaScript's Number, printed <class 'Number'> where
// Python prints <class 'float'>; the address tuple is an array.
//
// The Python original:
//
//     # The docs' server and client, in one program: the server runs in a
//     # thread on a free port (the docs use ('localhost', 6000)).
//     from multiprocessing.connection import Listener, Client
//     from array import array
//     import threading
//
//     def server(listener):
//         with listener:
//             with listener.accept() as conn:
//                 print('connection accepted from', listener.last_accepted)
//
//                 conn.send([2.25, None, 'junk', float])
//
//                 conn.send_bytes(b'hello')
//
//                 conn.send_bytes(array('i', [42, 1729]))
//
//     def client(address):
//         with Client(address, authkey=b'secret password') as conn:
//             print(conn.recv())                  # => [2.25, None, 'junk', float]
//
//             print(conn.recv_bytes())            # => 'hello'
//
//             arr = array('i', [0, 0, 0, 0, 0])
//             print(conn.recv_bytes_into(arr))    # => 8
//             print(arr)                          # => array('i', [42, 1729, 0, 0, 0])
//
//     if __name__ == '__main__':
//         listener = Listener(('127.0.0.1', 0), authkey=b'secret password')
//         t = threading.Thread(target=server, args=(listener,))
//         t.start()
//         client(listener.address)
//         t.join()
import { Client, Listener } from "../../multiprocessing/connection/mod.ts"; // jsr:@skein/concurrent/multiprocessing/connection
import { print } from "./_print.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

export async function server(listener: Any): Promise<void> {
  using _listener = listener;
  using conn = await listener.accept();
  print("connection accepted from", listener.lastAccepted);

  conn.send([2.25, null, "junk", Number]);

  conn.sendBytes(new TextEncoder().encode("hello"));

  conn.sendBytes(new Int32Array([42, 1729]));
}

export async function client(address: Any): Promise<void> {
  using conn = await Client(address, {
    authkey: new TextEncoder().encode("secret password"),
  });
  print(await conn.recv()); // => [2.25, None, 'junk', float]

  print(await conn.recvBytes()); // => 'hello'

  const arr = new Int32Array([0, 0, 0, 0, 0]);
  print(await conn.recvBytesInto(arr)); // => 8
  print(arr); // => array('i', [42, 1729, 0, 0, 0])
}

if (import.meta.main) {
  const listener = new Listener(["127.0.0.1", 0], {
    authkey: new TextEncoder().encode("secret password"),
  });
  const served = server(listener);
  await client(listener.address);
  await served;
}
