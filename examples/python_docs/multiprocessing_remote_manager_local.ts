// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Managers" / Using a remote manager
// (local processes can also access the served queue: a Worker subclass)
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_remote_manager_local.ts
// Adapted: the docs' server session and a remote client become one program
// that starts the server as its own deno process on a free 127.0.0.1 port
// (the Python original here does the same); q.get()'s value prints as the
// session echoes it, its repr. m.get_queue() is m.create("get_queue").
//
// The Python original:
//
//     # The docs' "local processes can also access that queue" server (a Worker
//     # process puts 'local hello' on the served queue) and a remote client that
//     # gets it, in one program that starts the server as its own process (the
//     # docs serve at ('', 50000); here a free port on 127.0.0.1).
//     import socket
//     import subprocess
//     import sys
//     from multiprocessing import Process, Queue
//     from multiprocessing.managers import BaseManager
//
//     class Worker(Process):
//         def __init__(self, q):
//             self.q = q
//             super().__init__()
//         def run(self):
//             self.q.put('local hello')
//
//     class QueueManager(BaseManager): pass
//
//     def serve(port):
//         queue = Queue()
//         w = Worker(queue)
//         w.start()
//         QueueManager.register('get_queue', callable=lambda: queue)
//         m = QueueManager(address=('127.0.0.1', port), authkey=b'abracadabra')
//         s = m.get_server()
//         print('ready', flush=True)
//         s.serve_forever()
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
//             {'serve': serve, 'get': get}[sys.argv[1]](int(sys.argv[2]))
//         else:
//             with socket.socket() as sock:
//                 sock.bind(('127.0.0.1', 0))
//                 port = sock.getsockname()[1]
//             server = subprocess.Popen([sys.executable, __file__, 'serve', str(port)],
//                                       stdout=subprocess.PIPE, text=True)
//             assert server.stdout.readline() == 'ready\n'
//             subprocess.run([sys.executable, __file__, 'get', str(port)], check=True)
//             server.terminate()
//             server.wait()
import {
  BaseManager,
  Process,
  Queue,
  type QueueProxy,
} from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { PIPE, Popen, run } from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { print, repr } from "./_print.ts";

export class Worker extends Process {
  q: Queue<string>;
  constructor(q: Queue<string>) {
    super({});
    this.q = q;
  }
  override run(): Promise<void> {
    return this.q.put("local hello");
  }
}

export class QueueManager extends BaseManager {}

const authkey = new TextEncoder().encode("abracadabra");

async function serve(port: number): Promise<void> {
  const queue = new Queue<string>();
  const w = new Worker(queue);
  w.start();
  QueueManager.register("get_queue", () => queue);
  const m = new QueueManager({ address: ["127.0.0.1", port], authkey });
  const s = m.getServer();
  print("ready");
  await s.serveForever();
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
    await { serve, get }[role as "serve" | "get"](Number(port));
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
    await run([...deno, "get", port], { check: true });
    server.terminate();
    await server.wait();
    reader.releaseLock();
  }
}
