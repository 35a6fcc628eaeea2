// Copyright 2026 the @skein/concurrent authors. MIT license.
// Running one task in a worker thread: the shipped function and encoded
// arguments of a TaskMessage, sync or async; the result or the exception is
// reported through the wire codec. worker_main.ts loads this module.
import type { MessagePort } from "node:worker_threads";
import { callShipped } from "./call_shipped.ts";
import { setProgramMainModule } from "./ship.ts";
import { enterThread } from "./ident.ts";
import type { TaskMessage, TaskReply } from "./worker_protocol.ts";

/** Runs the task `message` and posts its reply on `port`. */
export function runTask(port: MessagePort, message: TaskMessage): void {
  setProgramMainModule(message.mainModule);
  enterThread(message.counters, message.ident);
  callShipped(message.fn, message.args).then((outcome) =>
    port.postMessage({ id: message.id, ...outcome } satisfies TaskReply)
  );
}
