// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: threading -- "Semaphore Example" (a BoundedSemaphore
// limiting connections)
// deno run --allow-read --allow-env examples/python_docs/threading_bounded_semaphore.ts
// Adapted: module globals are per thread (each thread imports the module
// anew), so the semaphore and the connection counts (an Int32Array over a
// SharedArrayBuffer, as Python's globals under a lock) are passed to each
// thread; time.sleep is Atomics.wait. The docs leave connectdb undefined;
// here (as in the Python original below) it opens a counted connection.
//
// The Python original:
//
//     # The docs show the two halves of the example (make the semaphore; use it
//     # around a connection) and leave connectdb undefined; here it opens a
//     # counted connection, and twenty threads connect at once (whether five are
//     # ever open together depends on timing, so only the bound is printed).
//     import threading
//     import time
//     from threading import BoundedSemaphore
//
//     maxconnections = 5
//     # ...
//     pool_sema = BoundedSemaphore(value=maxconnections)
//
//     lock = threading.Lock()
//     open_now = 0
//     most_open = 0
//
//     class Connection:
//         def close(self):
//             global open_now
//             with lock:
//                 open_now -= 1
//
//     def connectdb():
//         global open_now, most_open
//         with lock:
//             open_now += 1
//             most_open = max(most_open, open_now)
//         return Connection()
//
//     def worker():
//         with pool_sema:
//             conn = connectdb()
//             try:
//                 # ... use connection ...
//                 time.sleep(0.05)
//             finally:
//                 conn.close()
//
//     threads = [threading.Thread(target=worker) for i in range(20)]
//     for t in threads:
//         t.start()
//     for t in threads:
//         t.join()
//     print('never more than', maxconnections, 'connections open:', most_open <= maxconnections)
import { BoundedSemaphore, Thread } from "../../threading/mod.ts"; // jsr:@skein/concurrent/threading
import { print, str } from "./_print.ts";

const maxconnections = 5;
// ...

const OPEN_NOW = 0;
const MOST_OPEN = 1;

class Connection {
  #counts: Int32Array;
  constructor(counts: Int32Array) {
    this.#counts = counts;
  }
  close(): void {
    Atomics.sub(this.#counts, OPEN_NOW, 1);
  }
}

function connectdb(counts: Int32Array): Connection {
  const openNow = Atomics.add(counts, OPEN_NOW, 1) + 1;
  let most = Atomics.load(counts, MOST_OPEN);
  while (openNow > most) {
    const seen = Atomics.compareExchange(counts, MOST_OPEN, most, openNow);
    if (seen === most) break;
    most = seen;
  }
  return new Connection(counts);
}

export function worker(poolSema: BoundedSemaphore, counts: Int32Array): void {
  using _ = poolSema.enterSync();
  const conn = connectdb(counts);
  try {
    // ... use connection ...
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  } finally {
    conn.close();
  }
}

if (import.meta.main) {
  const poolSema = new BoundedSemaphore({ value: maxconnections });
  const counts = new Int32Array(new SharedArrayBuffer(8));

  const threads = [...Array(20).keys()].map(() =>
    new Thread({ target: worker, args: [poolSema, counts] })
  );
  for (const t of threads) {
    t.start();
  }
  for (const t of threads) {
    await t.join();
  }
  print(
    "never more than",
    maxconnections,
    "connections open:",
    str(counts[MOST_OPEN]! <= maxconnections),
  );
}
