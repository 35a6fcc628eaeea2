// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: threading -- "Condition Objects" (the producer-consumer
// sketch: consume with a while loop, then with wait_for; produce and
// notify)
// deno run --allow-read --allow-env examples/python_docs/threading_condition.ts
// Adapted: module globals are per thread (each thread imports the module
// anew), so a line-by-line port would have the consumer wait on its own
// empty `items` forever. The condition and the items are passed to the
// thread instead; the list is an Int32Array over a SharedArrayBuffer
// (where the next item to take and the next free slot are kept, then the
// items), guarded by the condition's lock as Python's list is. The docs
// leave the list and its helpers undefined; they are defined here, as in
// the Python original below.
//
// The Python original:
//
//     # The docs show the consumer and producer halves (with a while loop, then
//     # with wait_for) and leave the list and its helpers undefined; here one
//     # thread consumes six items, three each way, that the main thread produces.
//     import threading
//
//     cv = threading.Condition()
//     items = []
//
//     def an_item_is_available():
//         return len(items) > 0
//
//     def get_an_available_item():
//         return items.pop(0)
//
//     def make_an_item_available(item):
//         items.append(item)
//
//     def consumer():
//         for _ in range(3):
//             # Consume one item
//             with cv:
//                 while not an_item_is_available():
//                     cv.wait()
//                 item = get_an_available_item()
//             print('consumed', item)
//         for _ in range(3):
//             # Consume an item
//             with cv:
//                 cv.wait_for(an_item_is_available)
//                 item = get_an_available_item()
//             print('consumed', item)
//
//     t = threading.Thread(target=consumer)
//     t.start()
//     for item in range(6):
//         # Produce one item
//         with cv:
//             make_an_item_available(item)
//             cv.notify()
//     t.join()
//     print('done')
import { Condition, Thread } from "../../threading/mod.ts"; // jsr:@skein/concurrent/threading
import { print } from "./_print.ts";

// items[HEAD] is the next item to take, items[TAIL] the next free slot.
const HEAD = 0;
const TAIL = 1;
const FIRST = 2;

export function anItemIsAvailable(items: Int32Array): boolean {
  return items[TAIL]! > items[HEAD]!;
}

export function getAnAvailableItem(items: Int32Array): number {
  return items[FIRST + items[HEAD]!++]!;
}

export function makeAnItemAvailable(items: Int32Array, item: number): void {
  items[FIRST + items[TAIL]!++] = item;
}

export function consumer(cv: Condition, items: Int32Array): void {
  for (let i = 0; i < 3; i++) {
    let item: number;
    // Consume one item
    {
      using _ = cv.enterSync();
      while (!anItemIsAvailable(items)) {
        cv.waitSync();
      }
      item = getAnAvailableItem(items);
    }
    print("consumed", item);
  }
  for (let i = 0; i < 3; i++) {
    let item: number;
    // Consume an item
    {
      using _ = cv.enterSync();
      cv.waitForSync(() => anItemIsAvailable(items));
      item = getAnAvailableItem(items);
    }
    print("consumed", item);
  }
}

if (import.meta.main) {
  const cv = new Condition();
  const items = new Int32Array(new SharedArrayBuffer(4 * (FIRST + 6)));

  const t = new Thread({ target: consumer, args: [cv, items] });
  t.start();
  for (let item = 0; item < 6; item++) {
    // Produce one item
    using _ = await cv.enter();
    makeAnItemAvailable(items, item);
    cv.notify();
  }
  await t.join();
  print("done");
}
