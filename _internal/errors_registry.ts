// Copyright 2026 the @skein/concurrent authors. MIT license.
// Error classes by name, so an error that crosses to another thread comes
// back as the same class. JavaScript's and Deno's built-in errors are known
// here; this package's classes register themselves when their module loads.
import { threadState } from "./thread_state.ts";

type ErrorClass = abstract new (...args: never[]) => Error;

const classes = threadState("errors", () => new Map<string, ErrorClass>());

/** Makes `cls` rebuildable by its `name` on any thread that loaded it. */
export function registerErrorClass(cls: ErrorClass, name = cls.name): void {
  classes.set(name, cls);
}

/** The registered class for an error name, if any. */
export function errorClass(name: string): ErrorClass | undefined {
  return classes.get(name);
}

for (
  const cls of [
    Error,
    TypeError,
    RangeError,
    SyntaxError,
    ReferenceError,
    EvalError,
    URIError,
    AggregateError,
  ]
) registerErrorClass(cls);
for (const [name, cls] of Object.entries(Deno.errors)) {
  registerErrorClass(cls as ErrorClass, name);
}
