// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's positional-or-keyword parameters: `Semaphore(5)` and
// `Semaphore(value=5)` are one call, here `new Semaphore(5)` and
// `new Semaphore({ value: 5 })`. The first slot takes the parameter or the
// options object that names it; both mean the same parameter, so the slot
// is never ambiguous.

/** Whether `value` is a plain object (`{...}`), the options form. */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads Python's positional-or-keyword parameter `name` of `what` (e.g.
 * "create Barrier") from a call's `first` argument and its `options`:
 * `first` itself, or, when `first` is a plain object, `first[name]` with
 * `first` as the options. Returns the parameter (`undefined` when neither
 * gives it: the caller's default) and the options.
 *
 * @throws {TypeError} When the parameter is given both as `first` and in
 * `options`, as Python's "got multiple values for argument", or when an
 * options object comes first and another after it.
 */
export function positionalOrKeyword<O extends object>(
  what: string,
  name: string,
  first: unknown,
  options: O | undefined,
): { value: unknown; options: Partial<O> } {
  if (isPlainObject(first)) {
    if (options !== undefined) {
      throw new TypeError(
        `Cannot ${what} as '${name}' is in the first argument, an options object, so no options may follow: received two objects`,
      );
    }
    return { value: first[name], options: first as Partial<O> };
  }
  const rest = (options ?? {}) as Partial<O> & Record<string, unknown>;
  if (first !== undefined && rest[name] !== undefined) {
    throw new TypeError(
      `Cannot ${what} as '${name}' is given twice: as the first argument (${
        String(first)
      }) and in the options (${String(rest[name])})`,
    );
  }
  return { value: first === undefined ? rest[name] : first, options: rest };
}
