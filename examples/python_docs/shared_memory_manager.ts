// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing.shared_memory -- SharedMemoryManager (start,
// ShareableList, SharedMemory, shutdown)
// deno run --allow-read --allow-env --allow-run --allow-ffi --allow-net=127.0.0.1 examples/python_docs/shared_memory_manager.ts
// Adapted: a string is not a list of characters in JavaScript, so
// ShareableList('alpha') is ShareableList([..."alpha"]); Python's
// keyword-only SharedMemory(size=128) takes its size positionally.
//
// The Python original:
//
//     from multiprocessing.managers import SharedMemoryManager
//
//     if __name__ == '__main__':
//         smm = SharedMemoryManager()
//         smm.start()  # Start the process that manages the shared memory blocks
//         sl = smm.ShareableList(range(4))
//         print(sl)
//         raw_shm = smm.SharedMemory(size=128)
//         another_sl = smm.ShareableList('alpha')
//         print(another_sl)
//         smm.shutdown()  # Calls unlink() on sl, raw_shm, and another_sl
import { SharedMemoryManager } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

if (import.meta.main) {
  const smm = new SharedMemoryManager();
  await smm.start(); // Start the process that manages the shared memory blocks
  const sl = await smm.ShareableList([0, 1, 2, 3]);
  print(sl);
  const _rawShm = await smm.SharedMemory(128);
  const anotherSl = await smm.ShareableList([..."alpha"]);
  print(anotherSl);
  await smm.shutdown(); // Calls unlink() on sl, raw_shm, and another_sl
}
