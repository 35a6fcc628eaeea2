// Copyright 2026 the @skein/concurrent authors. MIT license.
// Shared by the threading tests: start threads on registered targets and
// wait for them.
import { registerModule, Thread } from "@skein/concurrent/threading";

registerModule(new URL("./fixtures/sync_targets.ts", import.meta.url));
registerModule(new URL("./fixtures/thread_targets.ts", import.meta.url));

export function cells(length = 4): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

/** Starts one thread per argument list on `target`. */
export function startThreads<A extends unknown[]>(
  target: (...args: A) => unknown,
  argLists: A[],
): Thread<A>[] {
  return argLists.map((args) => {
    const thread = new Thread({ target, args });
    thread.start();
    return thread;
  });
}

export async function joinAll(threads: Thread<never[]>[]): Promise<void> {
  for (const thread of threads) await thread.join();
}

/** Waits (async) until `cell[index]` reaches `value`. */
export async function until(
  cell: Int32Array,
  index: number,
  value: number,
): Promise<void> {
  while (Atomics.load(cell, index) < value) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
