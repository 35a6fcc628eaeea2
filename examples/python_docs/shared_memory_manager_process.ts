// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing.shared_memory -- SharedMemoryManager with
// two Processes sharing a ShareableList
// deno run --allow-read --allow-env --allow-run --allow-ffi --allow-net=127.0.0.1 examples/python_docs/shared_memory_manager_process.ts
// A direct port (the docs leave do_work undefined; here, as in the Python
// original run for the expected output, it squares its range's items, and
// the total is printed).
//
// The Python original:
//
//     # The docs leave do_work undefined; here it squares the items of its range.
//     from multiprocessing import Process
//     from multiprocessing.managers import SharedMemoryManager
//
//     def do_work(sl, start, stop):
//         for i in range(start, stop):
//             sl[i] = i * i
//
//     if __name__ == '__main__':
//         with SharedMemoryManager() as smm:
//             sl = smm.ShareableList(range(2000))
//             # Divide the work among two processes, storing partial results in sl
//             p1 = Process(target=do_work, args=(sl, 0, 1000))
//             p2 = Process(target=do_work, args=(sl, 1000, 2000))
//             p1.start()
//             p2.start()  # A multiprocessing.Pool might be more efficient
//             p1.join()
//             p2.join()   # Wait for all work to complete in both processes
//             total_result = sum(sl)  # Consolidate the partial results now in sl
//             print(total_result)
import { Process, SharedMemoryManager } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import type { ShareableList } from "../../multiprocessing/shared_memory/mod.ts"; // jsr:@skein/concurrent/multiprocessing/shared_memory
import { print } from "./_print.ts";

export function doWork(sl: ShareableList, start: number, stop: number): void {
  for (let i = start; i < stop; i++) {
    sl.set(i, i * i);
  }
}

if (import.meta.main) {
  await using smm = new SharedMemoryManager();
  await smm.start();
  const sl = await smm.ShareableList([...Array(2000).keys()]);
  // Divide the work among two processes, storing partial results in sl
  const p1 = new Process({ target: doWork, args: [sl, 0, 1000] });
  const p2 = new Process({ target: doWork, args: [sl, 1000, 2000] });
  p1.start();
  p2.start(); // A multiprocessing.Pool might be more efficient
  await p1.join();
  await p2.join(); // Wait for all work to complete in both processes
  // Consolidate the partial results now in sl
  const totalResult = [...sl].reduce<number>((sum, x) => sum + Number(x), 0);
  print(totalResult);
}
