// Copyright 2026 the @skein/concurrent authors. MIT license.
import type { Thread } from "./thread.ts";
import { hooks } from "./_thread_state.ts";

/** What {@linkcode excepthook} receives, as Python's `ExceptHookArgs`. */
export interface ExceptHookArgs {
  /** The class of the exception (its constructor), if it is an object. */
  readonly excType: (abstract new (...args: never[]) => unknown) | undefined;
  /** The exception. */
  readonly excValue: unknown;
  /** Its stack trace, as text, when it has one. */
  readonly excTraceback: string | undefined;
  /** The thread that raised it. */
  readonly thread: Thread | undefined;
}

/** A function that handles exceptions raised by threads. */
export type ExceptHook = (args: ExceptHookArgs) => unknown;

/**
 * The default handler of an exception raised by a thread's `run()`, as
 * Python's `threading.__excepthook__`: prints `Exception in thread NAME:`
 * and the stack to stderr. It runs on the thread that started the failed
 * thread (where the {@linkcode Thread} object lives), when the failure is
 * reported there. Replace it with {@linkcode setExcepthook}.
 *
 * @param args The exception, its class and stack, and the thread.
 *
 * @example Printing a thread's exception
 * ```ts
 * import { excepthook } from "@skein/concurrent/threading";
 *
 * excepthook({
 *   excType: RangeError,
 *   excValue: new RangeError("bad value"),
 *   excTraceback: undefined,
 *   thread: undefined,
 * });
 * ```
 */
export function excepthook(args: ExceptHookArgs): void {
  const { excValue, excTraceback, thread } = args;
  const name = thread?.name ?? "unknown thread";
  const text = excTraceback ?? String(excValue);
  console.error(`Exception in thread ${name}:\n${text}`);
}

/**
 * Replaces the handler of exceptions raised by threads started from this
 * thread (Python assigns `threading.excepthook`); `undefined` restores
 * {@linkcode excepthook}.
 *
 * @param hook The new handler. It may return a promise; `join()` resolves
 * after it settles.
 * @returns The handler it replaced.
 *
 * @example Collecting a thread's exception
 * ```ts
 * import {
 *   type ExceptHookArgs,
 *   setExcepthook,
 *   Thread,
 * } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const seen: ExceptHookArgs[] = [];
 * const previous = setExcepthook((args) => seen.push(args));
 * try {
 *   const thread = new Thread({
 *     target: () => {
 *       throw new RangeError("boom");
 *     },
 *   });
 *   thread.start();
 *   await thread.join();
 *   assert.equal(seen.length, 1);
 *   assert.ok(seen[0]!.excValue instanceof RangeError);
 *   assert.equal(seen[0]!.excType, RangeError);
 *   assert.equal(seen[0]!.thread, thread);
 * } finally {
 *   setExcepthook(previous);
 * }
 * ```
 */
export function setExcepthook(hook: ExceptHook | undefined): ExceptHook {
  if (hook !== undefined && typeof hook !== "function") {
    throw new TypeError(
      `Cannot set excepthook as 'hook' must be a function: received ${typeof hook}`,
    );
  }
  const previous = (hooks.excepthook as ExceptHook | undefined) ?? excepthook;
  hooks.excepthook = hook === excepthook ? undefined : hook;
  return previous;
}
