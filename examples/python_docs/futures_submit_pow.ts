// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: concurrent.futures -- "Executor Objects" / submit
// (pow(323, 1235) on a ThreadPoolExecutor)
// deno run --allow-read --allow-env examples/python_docs/futures_submit_pow.ts
// Adapted: Python's ints are unbounded and pow is a function; JavaScript's
// Math.pow(323, 1235) is Infinity, so the port submits an exported pow of
// two BigInts.
//
// The Python original:
//
//     from concurrent.futures import ThreadPoolExecutor
//
//     with ThreadPoolExecutor(max_workers=1) as executor:
//         future = executor.submit(pow, 323, 1235)
//         print(future.result())
import { ThreadPoolExecutor } from "../../futures/mod.ts"; // jsr:@skein/concurrent/futures
import { print } from "./_print.ts";

export function pow(base: bigint, exp: bigint): bigint {
  return base ** exp;
}

if (import.meta.main) {
  await using executor = new ThreadPoolExecutor({ maxWorkers: 1 });
  const future = executor.submit(pow, 323n, 1235n);
  print(await future.result());
}
