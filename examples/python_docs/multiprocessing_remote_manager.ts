// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Managers" / Using a remote manager (the
// server, the client that puts 'hello' and the one that gets it)
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_remote_manager.ts
// Adapted: the docs' three interactive sessions on separate machines at
// ('', 50000) become one program that starts each as its own deno process
// on a free 127.0.0.1 port (the Python original here does the same with
// its own interpreter); q.get()'s value prints as the session echoes it,
// its repr. m.get_queue() is m.create("get_queue") (the README's mapping).
//
// The Python original:
//
//     # The docs' server, "put" client and "get" client, in one program that
//     # starts each as its own process (the docs run them on separate machines
//     # at ('', 50000); here a free port on 127.0.0.1).
//     import socket
//     import subprocess
//     import sys
//     from multiprocessing.managers import BaseManager
//
//     class QueueManager(BaseManager): pass
//
//     def serve(port):
//         from queue import Queue
//         queue = Queue()
//         QueueManager.register('get_queue', callable=lambda:queue)
//         m = QueueManager(address=('127.0.0.1', port), authkey=b'abracadabra')
//         s = m.get_server()
//         print('ready', flush=True)
//         s.serve_forever()
//
//     def put(port):
//         QueueManager.register('get_queue')
//         m = QueueManager(address=('127.0.0.1', port), authkey=b'abracadabra')
//         m.connect()
//         queue = m.get_queue()
//         queue.put('hello')
//
//     def get(port):
//         QueueManager.register('get_queue')
//         m = QueueManager(address=('127.0.0.1', port), authkey=b'abracadabra')
//         m.connect()
//         queue = m.get_queue()
//         print(repr(queue.get()))
//
//     if __name__ == '__main__':
//         if len(sys.argv) == 3:
//             {'serve': serve, 'put': put, 'get': get}[sys.argv[1]](int(sys.argv[2]))
//         else:
//             with socket.socket() as sock:
//                 sock.bind(('127.0.0.1', 0))
//                 port = sock.getsockname()[1]
//             server = subprocess.Popen([sys.executable, __file__, 'serve', str(port)],
//                                       stdout=subprocess.PIPE, text=True)
//             assert server.stdout.readline() == 'ready\n'
//             subprocess.run([sys.executable, __file__, 'put', str(port)], check=True)
//             subprocess.run([sys.executable, __file__, 'get', str(port)], check=True)
//             server.terminate()
//             server.wait()
import { BaseManager, type QueueProxy } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { Queue } from "../../queue/mod.ts"; // jsr:@skein/concurrent/queue
import { PIPE, Popen, run } from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { print, repr } from "./_print.ts";

export class QueueManager extends BaseManager {}

const authkey = new TextEncoder().encode("abracadabra");

async function serve(port: number): Promise<void> {
  const queue = new Queue<string>();
  QueueManager.register("get_queue", () => queue);
  const m = new QueueManager({ address: ["127.0.0.1", port], authkey });
  const s = m.getServer();
  print("ready");
  await s.serveForever();
}

async function put(port: number): Promise<void> {
  QueueManager.register("get_queue");
  const m = new QueueManager({ address: ["127.0.0.1", port], authkey });
  await m.connect();
  const queue = await m.create("get_queue") as unknown as QueueProxy<string>;
  await queue.put("hello");
}

async function get(port: number): Promise<void> {
  QueueManager.register("get_queue");
  const m = new QueueManager({ address: ["127.0.0.1", port], authkey });
  await m.connect();
  const queue = await m.create("get_queue") as unknown as QueueProxy<string>;
  print(repr(await queue.get()));
}

if (import.meta.main) {
  const [role, port] = Deno.args;
  if (role !== undefined && port !== undefined) {
    await { serve, put, get }[role as "serve" | "put" | "get"](Number(port));
  } else {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = String(listener.addr.port);
    listener.close();
    const deno = [
      Deno.execPath(),
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      "--allow-net=127.0.0.1",
      import.meta.filename!,
    ];
    await using server = new Popen([...deno, "serve", port], {
      stdout: PIPE,
      text: true,
    });
    const reader = server.stdout!.pipeThrough(new TextDecoderStream())
      .getReader();
    const { value } = await reader.read();
    if (value !== "ready\n") throw new Error(`server said ${value}`);
    await run([...deno, "put", port], { check: true });
    await run([...deno, "get", port], { check: true });
    server.terminate();
    await server.wait();
    reader.releaseLock();
  }
}
