// Copyright 2026 the @skein/concurrent authors. MIT license.
// The entry point of every worker thread: it receives tasks (a shipped
// function and encoded arguments), runs them, sync or async, and reports the
// result or the exception through the wire codec. Threads and the thread
// pool both run their work through it.
import { parentPort } from "node:worker_threads";
import { callShipped } from "./call_shipped.ts";
import { setProgramMainModule } from "./ship.ts";
import { enterThread } from "./ident.ts";
import type { TaskMessage, TaskReply } from "./worker_protocol.ts";

const port = parentPort!;

port.on("message", (message: TaskMessage) => {
  setProgramMainModule(message.mainModule);
  enterThread(message.counters, message.ident);
  callShipped(message.fn, message.args).then((outcome) =>
    port.postMessage({ id: message.id, ...outcome } satisfies TaskReply)
  );
});
