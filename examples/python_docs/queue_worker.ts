// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: queue -- "Queue Objects" (a worker thread with task_done()
// and join())
// deno run --allow-read --allow-env examples/python_docs/queue_worker.ts
// Adapted: module globals are per thread (each thread imports the module
// anew), so the queue is passed to the worker as an argument instead of
// being the global q.
//
// The Python original:
//
//     import threading
//     import queue
//
//     q = queue.Queue()
//
//     def worker():
//         while True:
//             item = q.get()
//             print(f'Working on {item}')
//             print(f'Finished {item}')
//             q.task_done()
//
//     # Turn-on the worker thread.
//     threading.Thread(target=worker, daemon=True).start()
//
//     # Send thirty task requests to the worker.
//     for item in range(30):
//         q.put(item)
//
//     # Block until all tasks are done.
//     q.join()
//     print('All work completed')
import { Queue } from "../../queue/mod.ts"; // jsr:@skein/concurrent/queue
import { Thread } from "../../threading/mod.ts"; // jsr:@skein/concurrent/threading
import { print } from "./_print.ts";

export function worker(q: Queue<number>): void {
  while (true) {
    const item = q.getSync();
    print(`Working on ${item}`);
    print(`Finished ${item}`);
    q.taskDone();
  }
}

if (import.meta.main) {
  const q = new Queue<number>();

  // Turn-on the worker thread.
  new Thread({ target: worker, args: [q], daemon: true }).start();

  // Send thirty task requests to the worker.
  for (let item = 0; item < 30; item++) {
    await q.put(item);
  }

  // Block until all tasks are done.
  await q.join();
  print("All work completed");
}
