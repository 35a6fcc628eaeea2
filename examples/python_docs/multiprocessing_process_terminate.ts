// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Process and exceptions" / Process
// (the terminate() example with is_alive() and exitcode)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_process_terminate.ts
// Adapted: time.sleep is not a JavaScript function, so the port exports a
// blocking sleep() as the target; and where the docs sleep 0.1 s hoping
// the child has died, the port joins it (join is what the sleep stands
// for; a test cannot hope).
//
// The Python original:
//
//     import multiprocessing, time, signal
//
//     if __name__ == '__main__':
//         mp_context = multiprocessing.get_context('spawn')
//         p = mp_context.Process(target=time.sleep, args=(1000,))
//         print(p, p.is_alive())
//         p.start()
//         print(p, p.is_alive())
//         p.terminate()
//         time.sleep(0.1)
//         print(p, p.is_alive())
//         print(p.exitcode == -signal.SIGTERM)
import * as multiprocessing from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function sleep(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

if (import.meta.main) {
  const mpContext = multiprocessing.getContext("spawn");
  const p = new mpContext.Process({ target: sleep, args: [1000] });
  print(p, p.isAlive());
  p.start();
  print(p, p.isAlive());
  p.terminate();
  await p.join();
  print(p, p.isAlive());
  print(p.exitcode === -15); // -signal.SIGTERM
}
