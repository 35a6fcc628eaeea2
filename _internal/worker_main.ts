// Copyright 2026 the @skein/concurrent authors. MIT license.
// The entry point of every worker thread: it receives tasks (a shipped
// function and encoded arguments), runs them, sync or async, and reports the
// result or the exception through the wire codec. Threads and the thread
// pool both run their work through it.
import { parentPort } from "node:worker_threads";
import { decode, encode, type Encoded } from "./codec.ts";
import { resolveFunction, setProgramMainModule } from "./ship.ts";
import { enterThread } from "./ident.ts";
import type { TaskMessage, TaskReply } from "./worker_protocol.ts";

const port = parentPort!;

async function run(message: TaskMessage): Promise<TaskReply> {
  try {
    const fn = await resolveFunction(message.fn);
    const args = await decode(message.args) as unknown[];
    let result = fn(...args);
    if (result instanceof Promise) result = await result;
    return { id: message.id, ok: true, value: encode(result, "result") };
  } catch (error) {
    let value: Encoded;
    try {
      value = encode(error, "error");
    } catch (encodeError) {
      value = encode(encodeError, "error");
    }
    return { id: message.id, ok: false, value };
  }
}

port.on("message", (message: TaskMessage) => {
  setProgramMainModule(message.mainModule);
  enterThread(message.counters, message.ident);
  run(message).then((reply) => port.postMessage(reply));
});
