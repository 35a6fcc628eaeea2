// Copyright 2026 the @skein/concurrent authors. MIT license.
// The entry point of every worker thread; Threads and thread pools run
// their tasks through it (see worker_run.ts). It is lean so that a new
// worker loads all its modules in one round, while its first task is on the
// way: the task runner, and the modules its creator says the first task
// will import (`workerData.preload`, the package's own modules), rather
// than the runner first and then, on the first task, those modules.
import { parentPort, workerData } from "node:worker_threads";
import type { TaskMessage } from "./worker_protocol.ts";
import type { runTask as RunTask } from "./worker_run.ts";

const port = parentPort!;
const preload = (workerData as { preload?: unknown } | null)?.preload;
const loading = import("./worker_run.ts");
if (Array.isArray(preload)) {
  // A failure shows again, reported, when the task imports the module.
  for (const url of preload) import(String(url)).catch(() => {});
}
let run: typeof RunTask | undefined;

// Tasks that arrive while the runner loads wait for it, in their order.
port.on("message", (message: TaskMessage) => {
  if (run !== undefined) run(port, message);
  else {
    loading.then((loaded) => {
      run = loaded.runTask;
      run(port, message);
    });
  }
});
