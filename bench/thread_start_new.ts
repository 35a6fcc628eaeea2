// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread start -> first result on a new worker (issue 22, part 3), the
// three kinds interleaved in one process so that the machine's load weighs
// on each alike: `deno run -A bench/thread_start_new.ts [rounds]` prints the
// median of each and its ratio to the raw node:worker_threads Worker. Each
// worker is ended after it is timed, and the next is timed only after a
// pause: a worker started while another is being torn down starts 10-20 ms
// later, whichever kind it is. (bench/thread_start_bench.ts has the same
// rows for `deno bench`, one kind after the other.)
import { Worker as NodeWorker } from "node:worker_threads";
import { ThreadPoolExecutor } from "@skein/concurrent/futures";
import { registerModule, Thread } from "@skein/concurrent/threading";
import { closeIdleWorkers } from "../_internal/worker_pool.ts";
import { noop } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const ECHO = new URL("./fixtures/echo_worker.ts", import.meta.url);
const ROUNDS = Number(Deno.args[0] ?? 40);
const PAUSE_MS = 30;

// Each returns the milliseconds from new to first result, then ends its
// worker.
const KINDS: Record<string, () => Promise<number>> = {
  "raw node:worker_threads Worker, new -> first message": async () => {
    const start = performance.now();
    const worker = new NodeWorker(ECHO);
    await new Promise((resolve) => worker.once("message", resolve));
    const took = performance.now() - start;
    await worker.terminate();
    return took;
  },
  "new ThreadPoolExecutor({maxWorkers: 1}) -> submit(noop) result":
    async () => {
      const start = performance.now();
      const executor = new ThreadPoolExecutor({ maxWorkers: 1 });
      await executor.submit(noop);
      const took = performance.now() - start;
      await executor.shutdown();
      await closeIdleWorkers();
      return took;
    },
  "new Thread({target: noop}): start() -> join()": async () => {
    const start = performance.now();
    const thread = new Thread({ target: noop });
    thread.start();
    await thread.join();
    const took = performance.now() - start;
    await closeIdleWorkers();
    return took;
  },
};

const times = new Map<string, number[]>();
for (let round = -3; round < ROUNDS; round++) { // 3 rounds of warm-up
  for (const [name, once] of Object.entries(KINDS)) {
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const took = await once();
    if (round >= 0) times.set(name, [...times.get(name) ?? [], took]);
  }
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const [base] = [...times.values()].map(median);
for (const [name, xs] of times) {
  const m = median(xs);
  console.log(
    `${name.padEnd(64)} median ${m.toFixed(1).padStart(6)} ms ` +
      `(${(m / base!).toFixed(2)}x raw) over ${ROUNDS} rounds`,
  );
}
