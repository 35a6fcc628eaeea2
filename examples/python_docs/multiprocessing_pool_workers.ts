// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Using a pool of workers"
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_pool_workers.ts
// Adapted: os.getpid and time.sleep are not functions in JavaScript
// (Deno.pid is a property, and there is no blocking sleep), so the port
// exports a getpid() and a sleep() that blocks as time.sleep does.
//
// The Python original:
//
//     from multiprocessing import Pool, TimeoutError
//     import time
//     import os
//
//     def f(x):
//         return x*x
//
//     if __name__ == '__main__':
//         # start 4 worker processes
//         with Pool(processes=4) as pool:
//
//             # print "[0, 1, 4,..., 81]"
//             print(pool.map(f, range(10)))
//
//             # print same numbers in arbitrary order
//             for i in pool.imap_unordered(f, range(10)):
//                 print(i)
//
//             # evaluate "f(20)" asynchronously
//             res = pool.apply_async(f, (20,))      # runs in *only* one process
//             print(res.get(timeout=1))             # prints "400"
//
//             # evaluate "os.getpid()" asynchronously
//             res = pool.apply_async(os.getpid, ()) # runs in *only* one process
//             print(res.get(timeout=1))             # prints the PID of that process
//
//             # launching multiple evaluations asynchronously *may* use more processes
//             multiple_results = [pool.apply_async(os.getpid, ()) for i in range(4)]
//             print([res.get(timeout=1) for res in multiple_results])
//
//             # make a single worker sleep for 10 seconds
//             res = pool.apply_async(time.sleep, (10,))
//             try:
//                 print(res.get(timeout=1))
//             except TimeoutError:
//                 print("We lacked patience and got a multiprocessing.TimeoutError")
//
//             print("For the moment, the pool remains available for more work")
//
//         # exiting the 'with'-block has stopped the pool
//         print("Now the pool is closed and no longer available")
import { Pool, TimeoutError } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function f(x: number): number {
  return x * x;
}

export function getpid(): number {
  return Deno.pid;
}

export function sleep(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

const range = (n: number): number[] => [...Array(n).keys()];

if (import.meta.main) {
  // start 4 worker processes
  {
    await using pool = new Pool({ processes: 4 });

    // print "[0, 1, 4,..., 81]"
    print(await pool.map(f, range(10)));

    // print same numbers in arbitrary order
    for await (const i of pool.imapUnordered(f, range(10))) {
      print(i);
    }

    // evaluate "f(20)" asynchronously
    let res = pool.applyAsync(f, [20]); // runs in *only* one process
    print(await res.get({ timeout: 1 })); // prints "400"

    // evaluate "os.getpid()" asynchronously
    res = pool.applyAsync(getpid, []); // runs in *only* one process
    print(await res.get({ timeout: 1 })); // prints the PID of that process

    // launching multiple evaluations asynchronously *may* use more processes
    const multipleResults = range(4).map(() => pool.applyAsync(getpid, []));
    print(
      await Promise.all(multipleResults.map((res) => res.get({ timeout: 1 }))),
    );

    // make a single worker sleep for 10 seconds
    const slow = pool.applyAsync(sleep, [10]);
    try {
      print(await slow.get({ timeout: 1 }));
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      print("We lacked patience and got a multiprocessing.TimeoutError");
    }

    print("For the moment, the pool remains available for more work");
  }

  // exiting the 'with'-block has stopped the pool
  print("Now the pool is closed and no longer available");
}
