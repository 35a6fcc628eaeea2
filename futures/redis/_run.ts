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

// This folder is always allowed: it is the worker's own code.
const OWN = new URL("./", import.meta.url).href;

type Fn = (...args: unknown[]) => unknown;

// The functions decoded here, by their record: a function's record is the
// same for each of its calls.
const functions = new Map<string, Fn>();

/**
 * Runs the call whose function and arguments are the base64 records `f`
 * and `a` (`chunk`: `a` is a list of argument lists, and the result the
 * list of their results). With `allow` (URL prefixes), modules outside it
 * are neither searched nor imported, and a function that no allowed module
 * exports is refused instead of rebuilt from its source text. Returns
 * whether it returned, and its result or exception as a base64 record.
 */
export async function runCall(
  f: string,
  a: string,
  chunk: boolean,
  allow: readonly string[] | null,
): Promise<[boolean, string]> {
  try {
    const key = allow === null ? f : `${allow.join("\n")}\n${f}`;
    let fn = functions.get(key);
    if (fn === undefined) {
      fn = await decodeRecord(fromBase64(f), allow) as Fn;
      if (functions.size > 1000) functions.clear();
      functions.set(key, fn);
    }
    const args = await decodeRecord(fromBase64(a), allow) as unknown[];
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
    return [false, encodeFailure(error)];
  }
}

/**
 * The base64 record of a call's exception; of the reason it cannot be
 * encoded, when it cannot.
 */
export function encodeFailure(error: unknown): string {
  try {
    return toBase64(encodeBytes(error, "exception", true));
  } catch (encodeError) {
    return toBase64(encodeBytes(encodeError, "exception", true));
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
  allow: readonly string[] | null,
): Promise<(string | boolean)[]> {
  const out: (string | boolean)[] = [];
  for (let i = 0; i < calls.length; i += 3) {
    out.push(
      ...await runCall(
        calls[i] as string,
        calls[i + 1] as string,
        calls[i + 2] as boolean,
        allow,
      ),
    );
  }
  return out;
}

async function decodeRecord(
  bytes: Uint8Array,
  allow: readonly string[] | null,
): Promise<unknown> {
  const read = readNeeds(bytes);
  if (read !== undefined) {
    const fns = await Promise.all(read.fns.map((ref) => pruned(ref, allow)));
    const needs = { ...read, fns };
    if (allow !== null) {
      for (const { module } of needs.shared) {
        if (!allowed(module, allow)) throw refused(module, allow);
      }
      for (const ref of fns) await requireExport(ref, allow);
    }
    try {
      await load(needs);
    } catch (error) {
      throw await importError(needs.fns, needs.shared, error);
    }
  }
  return decodeBytes(bytes);
}

function allowed(url: string, allow: readonly string[]): boolean {
  return url.startsWith(OWN) || allow.some((prefix) => url.startsWith(prefix));
}

function refused(url: string, allow: readonly string[]): TaskRefusedError {
  return new TaskRefusedError(
    `Worker refused a task: module '${url}' is not in its allowModules (${
      allow.join(", ")
    })`,
  );
}

// The modules a function is looked for in, as this worker sees them: the
// sender's main module is just a module here, imported only when its source
// may export the function (importing runs its top level, which would start
// workers without end if it is not guarded by `import.meta.main`); with
// `allow`, only allowed modules. The first of them names a refusal.
function pruned(
  ref: FunctionRef,
  allow: readonly string[] | null,
): Promise<FunctionRef & { refused?: string }> {
  if (isErrorClassRef(ref) || ref.modules.length === 0) {
    return Promise.resolve(ref);
  }
  const key = `${ref.id}\n${allow?.join("\n")}`;
  let found = prunedRefs.get(key);
  if (found === undefined) {
    if (prunedRefs.size > 1000) prunedRefs.clear();
    found = prune(ref, allow);
    prunedRefs.set(key, found);
  }
  return found;
}

const prunedRefs = new Map<
  string,
  Promise<FunctionRef & { refused?: string }>
>();

async function prune(
  ref: FunctionRef,
  allow: readonly string[] | null,
): Promise<FunctionRef & { refused?: string }> {
  const candidates = allow === null
    ? ref.modules
    : ref.modules.filter((url) => allow.some((p) => url.startsWith(p)));
  const keep = await Promise.all(
    candidates.map((url) => mayExport(url, ref.name)),
  );
  const modules = candidates.filter((_, i) => keep[i]);
  const refused = candidates.length === 0
    ? ref.modules.find((url) => !url.startsWith(OWN)) ?? ref.modules[0]
    : undefined;
  return { ...ref, modules, ...(refused === undefined ? {} : { refused }) };
}

async function requireExport(
  ref: FunctionRef & { refused?: string },
  allow: readonly string[],
): Promise<void> {
  if (isErrorClassRef(ref) || (ref.source === "" && ref.modules.length === 0)) {
    return;
  }
  if (ref.refused !== undefined) throw refused(ref.refused, allow);
  let found;
  try {
    found = await findExport(ref);
  } catch (error) {
    throw await importError([ref], [], error);
  }
  if (found === undefined) {
    throw new TaskRefusedError(
      `Worker refused '${
        ref.name || "anonymous function"
      }': no module in its allowModules exports it, and such a worker does not rebuild functions from source text`,
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
