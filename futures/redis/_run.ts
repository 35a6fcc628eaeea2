// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a worker's local pool runs for each job: decode the call from its
// wire-codec records, run it, encode the outcome. It runs on the pool's
// thread or child process, so the worker's own process never imports the
// tasks' modules.
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import {
  findExport,
  type FunctionRef,
  isErrorClassRef,
} from "../../_internal/ship.ts";
import { fromBase64, toBase64 } from "./_protocol.ts";
import { TaskImportError, TaskRefusedError } from "./errors.ts";

/**
 * Runs the call whose function and arguments are the base64 records `f`
 * and `a` (`chunk`: `a` is a list of argument lists, and the result the
 * list of their results). With `exportsOnly`, a function that no module
 * exports is refused instead of rebuilt from its source text. Returns
 * whether it returned, and its result or exception as a base64 record.
 */
export async function runCall(
  f: string,
  a: string,
  chunk: boolean,
  exportsOnly: boolean,
): Promise<[boolean, string]> {
  try {
    const fn = await decodeRecord(fromBase64(f), exportsOnly) as (
      ...args: unknown[]
    ) => unknown;
    const args = await decodeRecord(fromBase64(a), exportsOnly) as unknown[];
    let result: unknown;
    if (chunk) {
      const results: unknown[] = [];
      for (const one of args as unknown[][]) results.push(await fn(...one));
      result = results;
    } else {
      result = await fn(...args);
    }
    return [true, toBase64(encodeBytes(result, "result", true))];
  } catch (error) {
    try {
      return [false, toBase64(encodeBytes(error, "exception", true))];
    } catch (encodeError) {
      return [false, toBase64(encodeBytes(encodeError, "exception", true))];
    }
  }
}

async function decodeRecord(
  bytes: Uint8Array,
  exportsOnly: boolean,
): Promise<unknown> {
  const needs = readNeeds(bytes);
  if (needs !== undefined) {
    if (exportsOnly) {
      for (const ref of needs.fns) await requireExport(ref);
    }
    try {
      await load(needs);
    } catch (error) {
      throw await importError(needs.fns, needs.shared, error);
    }
  }
  return decodeBytes(bytes);
}

async function requireExport(ref: FunctionRef): Promise<void> {
  if (isErrorClassRef(ref) || (ref.source === "" && ref.modules.length === 0)) {
    return;
  }
  let found;
  try {
    found = await findExport(ref);
  } catch (error) {
    throw await importError([ref], [], error);
  }
  if (found === undefined) {
    throw new TaskRefusedError(
      `Cannot run '${
        ref.name || "anonymous function"
      }' on a worker with allowModules: no module exports it (${
        ref.modules.join(", ")
      }), and such a worker does not rebuild functions from source text`,
    );
  }
}

// Names the module that failed to import; the other errors stay as they
// are (a function missing from its module, say).
async function importError(
  refs: readonly FunctionRef[],
  shared: readonly { module: string }[],
  error: unknown,
): Promise<unknown> {
  const urls = [
    ...refs.flatMap((ref) => ref.modules),
    ...shared.map((item) => item.module),
  ];
  for (const url of urls) {
    try {
      await import(url);
    } catch (cause) {
      return new TaskImportError(url, { cause });
    }
  }
  return error;
}
