// Copyright 2026 the @skein/concurrent authors. MIT license.
// The process's first worker thread (issue 22, part 3, cold): `deno run -A
// bench/thread_start_first.ts [raw|pool|thread]` prints the milliseconds
// from new to first result, nothing cached in the process. The summary
// runs each kind in turn in fresh processes: `... thread_start_first.ts`.
import { Worker as NodeWorker } from "node:worker_threads";
import { ThreadPoolExecutor } from "@skein/concurrent/futures";
import { registerModule, Thread } from "@skein/concurrent/threading";
import { noop } from "./fixtures/targets.ts";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));
const ECHO = new URL("./fixtures/echo_worker.ts", import.meta.url);
const KINDS = ["raw", "pool", "thread"] as const;
const RUNS = 15;

async function once(kind: string): Promise<number> {
  const start = performance.now();
  if (kind === "raw") {
    const worker = new NodeWorker(ECHO);
    await new Promise((resolve) => worker.once("message", resolve));
    const took = performance.now() - start;
    await worker.terminate();
    return took;
  } else if (kind === "pool") {
    const executor = new ThreadPoolExecutor({ maxWorkers: 1 });
    await executor.submit(noop);
    const took = performance.now() - start;
    await executor.shutdown();
    return took;
  }
  const thread = new Thread({ target: noop });
  thread.start();
  await thread.join();
  return performance.now() - start;
}

const kind = Deno.args[0];
if (kind !== undefined) {
  console.log((await once(kind)).toFixed(2));
  Deno.exit(0); // the cached worker would keep nothing alive; be quick
}
const times: Record<string, number[]> = { raw: [], pool: [], thread: [] };
for (let i = 0; i < RUNS; i++) {
  for (const k of KINDS) {
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", import.meta.filename!, k],
    }).output();
    times[k]!.push(Number(new TextDecoder().decode(stdout)));
  }
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const base = median(times.raw!);
for (const k of KINDS) {
  const m = median(times[k]!);
  console.log(
    `${k.padEnd(6)} first result: median ${m.toFixed(1)} ms ` +
      `(${(m / base).toFixed(2)}x raw) over ${RUNS} fresh processes`,
  );
}
