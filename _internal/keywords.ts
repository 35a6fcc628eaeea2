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
 * `first` as the options, whose keys must be among `known` (by default
 * `name` alone). Returns the parameter (`undefined` when neither gives it:
 * the caller's default) and the options.
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
  known: readonly string[] = [name],
): { value: unknown; options: Partial<O> } {
  if (isPlainObject(first)) {
    checkOptionKeys(what, first, known);
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

/**
 * Reads Python's parameters `names` of `what` (e.g. "wait on Event") from
 * the optional arguments `args` of a call, where each may come by position,
 * as Python's, or by name in a trailing options object: `wait(5)` and
 * `wait({ timeout: 5 })`; `acquire(false)`, `acquire(true, 0.1)` and
 * `acquire({ blocking: true, timeout: 0.1 })`. A plain object ends the
 * positional ones and gives the rest by name. Trailing `undefined`s count
 * as absent. A plain object in the place of a parameter named `kwargs`
 * is that parameter (Python's `Timer(1, f, args, kwargs)`). Returns the
 * options, or `undefined` when none was given (so a call without
 * arguments allocates nothing).
 *
 * @throws {TypeError} When a parameter is given both ways, or more come
 * than `names` plus an options object, or the options object has a key
 * not in `known` (by default `names`).
 */
export function positionalOptions<O extends object>(
  what: string,
  names: readonly (keyof O & string)[],
  args: readonly unknown[],
  known: readonly (keyof O & string)[] = names,
): Partial<O> | undefined {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  if (count === 0) return undefined;
  const last = args[count - 1];
  const named = isPlainObject(last) &&
    !(count === names.length && names[count - 1] === "kwargs");
  const positional = named ? count - 1 : count;
  if (named) checkOptionKeys(what, last, known);
  if (named && positional === 0) return last as Partial<O>;
  if (positional > names.length || (named && count > names.length + 1)) {
    throw new TypeError(
      `Cannot ${what} as it takes at most ${names.length} positional argument${
        names.length === 1 ? "" : "s"
      } (${names.join(", ")}) and an options object: received ${count}`,
    );
  }
  if (!named && positional === 1) {
    return { [names[0]!]: last } as Partial<O>;
  }
  const options: Record<string, unknown> = named ? { ...last } : {};
  for (let i = 0; i < positional; i++) {
    const name = names[i]!;
    if (args[i] === undefined) continue;
    if (options[name] !== undefined) {
      throw new TypeError(
        `Cannot ${what} as '${name}' is given twice: by position (${
          String(args[i])
        }) and in the options (${String(options[name])})`,
      );
    }
    options[name] = args[i];
  }
  return options as Partial<O>;
}

/**
 * The options of a call whose one optional parameter Python calls
 * `timeout`, which may come by position: `wait(5)` is `wait({ timeout: 5 })`.
 *
 * @throws {TypeError} As {@linkcode positionalOptions}.
 */
export function timeoutOptions<O extends { timeout?: number | null }>(
  what: string,
  options: number | null | O | undefined,
  known: readonly (keyof O & string)[] = ["timeout"],
): Partial<O> {
  return positionalOptions<O>(what, ["timeout"], [options], known) ?? {};
}

const NO_OPTIONS = Object.freeze({});
const BLOCK_NAMES = ["block", "timeout"] as const;
const BLOCK_KEYS = ["block", "timeout", "signal"] as const;

/**
 * The options of a queue's `put(item, block, timeout)` or
 * `get(block, timeout)`, by position as Python's or in an options object;
 * a call without them allocates nothing.
 *
 * @throws {TypeError} As {@linkcode positionalOptions}.
 */
export function blockOptions<O extends { block?: boolean; timeout?: unknown }>(
  what: string,
  block: boolean | O | undefined,
  timeout: number | null | undefined,
): O {
  if (timeout === undefined && block === undefined) return NO_OPTIONS as O;
  return (positionalOptions<O>(
    what,
    BLOCK_NAMES as readonly (keyof O & string)[],
    [block, timeout],
    BLOCK_KEYS as readonly (keyof O & string)[],
  ) ?? NO_OPTIONS) as O;
}

/**
 * Checks that `options` has only keys of `known`: a key it does not know,
 * such as Python's snake_case name (`capture_output`) or another class's
 * (`blocking` for a queue's `block`), is a `TypeError` rather than ignored.
 *
 * @throws {TypeError} Naming the first unknown key, and the known ones.
 */
export function checkOptionKeys(
  what: string,
  options: object,
  known: readonly string[],
): void {
  for (const key in options) {
    if (known.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const hint = camel !== key && known.includes(camel)
      ? ` (Python's '${key}' is '${camel}' here)`
      : "";
    throw new TypeError(
      `Cannot ${what} as '${key}' is not one of its options${hint}: ${
        known.map((name) => `'${name}'`).join(", ")
      }`,
    );
  }
}
