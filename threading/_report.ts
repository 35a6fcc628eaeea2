// Copyright 2026 the @skein/concurrent authors. MIT license.
// Hands an exception raised by a thread (or a Timer's function) to the
// excepthook in force.
import {
  type ExceptHook,
  excepthook,
  type ExceptHookArgs,
} from "./excepthook.ts";
import type { Thread } from "./thread.ts";
import { hooks } from "./_thread_state.ts";

/** Calls the excepthook for `error`; a failing hook is printed instead. */
export async function callExcepthook(
  error: unknown,
  thread: Thread | undefined,
): Promise<void> {
  const hook = (hooks.excepthook as ExceptHook | undefined) ?? excepthook;
  const isObject = typeof error === "object" && error !== null;
  try {
    await hook({
      excType: isObject
        ? error.constructor as ExceptHookArgs["excType"]
        : undefined,
      excValue: error,
      excTraceback: error instanceof Error ? error.stack : undefined,
      thread,
    });
  } catch (hookError) {
    // Python prints a failing excepthook's own exception the same way.
    excepthook({
      excType: undefined,
      excValue: hookError,
      excTraceback: hookError instanceof Error ? hookError.stack : undefined,
      thread,
    });
  }
}
