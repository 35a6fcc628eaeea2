// Copyright 2026 the @skein/concurrent authors. MIT license.
// Calling a shipped function on the receiving side: resolve it, decode the
// arguments, await a promise it returns, and encode the outcome.
import { decode, encode, type Encoded } from "./codec.ts";
import { type FunctionRef, resolveFunction } from "./ship.ts";
import { callForHeapLimit } from "./heap_limit.ts";

/** A call's outcome: its encoded result, or its encoded exception. */
export interface CallOutcome {
  readonly ok: boolean;
  readonly value: Encoded;
}

/** Calls `ref` with the encoded `args`; never throws. */
export async function callShipped(
  ref: FunctionRef,
  args: Encoded,
): Promise<CallOutcome> {
  try {
    const fn = await resolveFunction(ref);
    const decoded = await decode(args) as unknown[];
    let result = callForHeapLimit(() => fn(...decoded));
    if (result instanceof Promise) result = await result;
    return { ok: true, value: encode(result, "result") };
  } catch (error) {
    try {
      return { ok: false, value: encode(error, "exception") };
    } catch (encodeError) {
      // An exception that cannot cross is reported by why it cannot.
      return { ok: false, value: encode(encodeError, "exception") };
    }
  }
}
