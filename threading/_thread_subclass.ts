// Copyright 2026 the @skein/concurrent authors. MIT license.
// The worker side of a Thread subclass that overrides run(): its class is
// imported from the module that exports it, and an instance made with the
// fields the starting thread's object had (see _thread_main.ts).
import { RuntimeError } from "../errors.ts";
import { decode, type Encoded } from "../_internal/codec.ts";
import { findExport, type FunctionRef } from "../_internal/ship.ts";
import { Thread } from "./thread.ts";

/**
 * The instance of the subclass `cls` to run in this worker, named `name`,
 * with the encoded own `fields`.
 *
 * @throws {RuntimeError} If no module exports the class here.
 */
export async function buildSubclass(
  name: string,
  daemon: boolean,
  subclass: { readonly cls: FunctionRef; readonly fields: Encoded },
): Promise<Thread> {
  const cls = await findExport(subclass.cls);
  if (typeof cls !== "function" || !(cls.prototype instanceof Thread)) {
    throw new RuntimeError(
      `Cannot run Thread subclass '${subclass.cls.name}' in a worker as it is not exported from ${
        subclass.cls.modules.join(" or ")
      }: export the class (and call registerModule(import.meta.url) in modules other than the main one)`,
    );
  }
  const thread = Reflect.construct(Thread, [{ name, daemon }], cls) as Thread;
  Object.assign(thread, await decode(subclass.fields));
  return thread;
}
