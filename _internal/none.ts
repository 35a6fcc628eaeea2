// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's None as `null`: for an option whose Python default is None,
// `null` means the same as leaving it out. Dropping those `null`s where the
// options come in leaves the rest of the code to see only omitted options.

/** `T` with `null` taken out of the types of its `keys`. */
export type WithoutNone<T, K extends PropertyKey> = {
  [P in keyof T]: P extends K ? Exclude<T[P], null> : T[P];
};

/**
 * A copy of `options` without the `keys` whose value is `null` (Python's
 * None, where None is the parameter's default).
 */
export function withoutNone<T extends object, K extends PropertyKey>(
  options: T,
  keys: readonly K[],
): WithoutNone<T, K> {
  const copy = { ...options } as Record<PropertyKey, unknown>;
  for (const key of keys) {
    if (copy[key] === null) delete copy[key];
  }
  return copy as WithoutNone<T, K>;
}
