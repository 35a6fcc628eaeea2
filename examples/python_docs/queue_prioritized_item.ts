// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: queue -- "PriorityQueue" (a dataclass with a field that is
// not compared)
// deno run --allow-read --allow-env examples/python_docs/queue_prioritized_item.ts
// Adapted: the docs define the class only; the port adds what uses it (the
// lines after the class), items put here and taken in a thread. The
// dataclass's order=True is an [orderKey]() method returning the compared
// fields; the class is exported, as every class whose instances cross.
// The queue is passed to the thread as an argument: module globals are per
// thread (each thread imports the module anew), so a global `q` would be
// another, empty queue there.
//
// The Python original:
//
//     from dataclasses import dataclass, field
//     from typing import Any
//
//     @dataclass(order=True)
//     class PrioritizedItem:
//         priority: int
//         item: Any=field(compare=False)
//
//     # What uses it (not in the docs):
//     import queue, threading
//
//     def worker(q):
//         while not q.empty():
//             entry = q.get()
//             print(entry.priority, entry.item)
//
//     if __name__ == "__main__":
//         q = queue.PriorityQueue()
//         q.put(PrioritizedItem(3, {"task": "test"}))
//         q.put(PrioritizedItem(1, {"task": "write"}))
//         q.put(PrioritizedItem(2, {"task": "review"}))
//         q.put(PrioritizedItem(1, {"task": "plan"}))
//         t = threading.Thread(target=worker, args=(q,))
//         t.start()
//         t.join()
import { orderKey, PriorityQueue } from "../../queue/mod.ts"; // jsr:@skein/concurrent/queue
import { Thread } from "../../threading/mod.ts"; // jsr:@skein/concurrent/threading
import { print } from "./_print.ts";

export class PrioritizedItem {
  constructor(public priority: number, public item: unknown) {}
  [orderKey](): number { // order=True over the compared field
    return this.priority;
  }
}

export function worker(q: PriorityQueue<PrioritizedItem>): void {
  while (!q.empty()) {
    const entry = q.getSync();
    print(entry.priority, entry.item);
  }
}

if (import.meta.main) {
  const q = new PriorityQueue<PrioritizedItem>();
  await q.put(new PrioritizedItem(3, { task: "test" }));
  await q.put(new PrioritizedItem(1, { task: "write" }));
  await q.put(new PrioritizedItem(2, { task: "review" }));
  await q.put(new PrioritizedItem(1, { task: "plan" }));
  const t = new Thread({ target: worker, args: [q] });
  t.start();
  await t.join();
}
