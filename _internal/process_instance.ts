// Copyright 2026 the @skein/concurrent authors. MIT license.
// A Process subclass that overrides run() crosses as its class (by module
// and name) and its own fields; the child rebuilds the instance with the
// static method the base class defines under this symbol, then calls run().

/** The static method that rebuilds an instance in the child. */
export const rebuildInstance: unique symbol = Symbol.for(
  "@skein/concurrent.rebuildInstance",
);

/** What the child gets in place of a target for such a subclass. */
export interface InstanceCall {
  readonly instanceOf: new (...args: never[]) => { run(): unknown };
  readonly fields: Record<string, unknown>;
  readonly options: Record<string, unknown>;
}

/** Whether the decoded target is an instance call. */
export function isInstanceCall(value: unknown): value is InstanceCall {
  return typeof value === "object" && value !== null &&
    "instanceOf" in value;
}
