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
  mayExport,
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

/**
 * Runs several calls one after the other (see {@linkcode runCall}): a
 * worker sends the calls that wait for its pool together, so a busy pool
 * pays one message per batch rather than one per call. `calls` is flat:
 * `[f, a, chunk, ...]`; so is the result, `[ok, record, ...]`.
 */
export async function runCalls(
  calls: (string | boolean)[],
  exportsOnly: boolean,
): Promise<(string | boolean)[]> {
  const out: (string | boolean)[] = [];
  for (let i = 0; i < calls.length; i += 3) {
    out.push(
      ...await runCall(
        calls[i] as string,
        calls[i + 1] as string,
        calls[i + 2] as boolean,
        exportsOnly,
      ),
    );
  }
  return out;
}

async function decodeRecord(
  bytes: Uint8Array,
  exportsOnly: boolean,
): Promise<unknown> {
  const read = readNeeds(bytes);
  if (read !== undefined) {
    const needs = { ...read, fns: await Promise.all(read.fns.map(pruned)) };
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

// The sender's main module is one of the modules a function is looked for
// in; here it is just a module, so it is imported only when its source may
// export the function (importing runs its top level, as it would start
// workers without end if it is not guarded by `import.meta.main`).
function pruned(ref: FunctionRef): Promise<FunctionRef> {
  if (isErrorClassRef(ref) || ref.modules.length === 0) {
    return Promise.resolve(ref);
  }
  let found = prunedRefs.get(ref.id);
  if (found === undefined) {
    if (prunedRefs.size > 1000) prunedRefs.clear();
    found = prune(ref);
    prunedRefs.set(ref.id, found);
  }
  return found;
}

const prunedRefs = new Map<string, Promise<FunctionRef>>();

async function prune(ref: FunctionRef): Promise<FunctionRef> {
  const keep = await Promise.all(
    ref.modules.map((url) => mayExport(url, ref.name)),
  );
  return { ...ref, modules: ref.modules.filter((_, i) => keep[i]) };
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
