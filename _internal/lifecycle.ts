// Copyright 2026 the @skein/concurrent authors. MIT license.
// What Thread and Process share, as Python's threading.Thread and
// multiprocessing.Process do: the constructor's keywords (target, args,
// kwargs, name, daemon, and here limits) and their checks, the `name` and
// `daemon` properties, the call the default run() makes, and the life
// cycle: start() once, join() only after it, `daemon` fixed from then on.
// Each class keeps what differs: where its target runs, how it is joined,
// its messages (Python's, which differ between the two).
import { describe } from "./describe.ts";
import { type FunctionRef, functionRef, mayExportSync } from "./ship.ts";
import { withoutNone } from "./none.ts";
import {
  checkLimits,
  type ResourceLimitKind,
  type ResourceLimits,
} from "./limits.ts";

/**
 * The keywords `Thread` and `Process` take alike, as Python's
 * `threading.Thread` and `multiprocessing.Process` do. Where Python's
 * default is None (`target`, `kwargs`, `name`, `daemon`), `null` is the
 * same as leaving the option out.
 *
 * @typeParam A The argument types of `target`.
 */
export interface TargetOptions<A extends unknown[] = unknown[]> {
  /**
   * The function `run()` calls: in the thread's own worker, or in the
   * child process. It crosses there as Python pickles a function: when it
   * is exported from the main module (or from a module given to
   * `registerModule`), the other side imports it from there (as Python's
   * spawn imports `__main__`); otherwise its source text is sent, and it
   * must not use variables from outside its body.
   */
  target?: ((...args: A) => unknown) | null;
  /**
   * The arguments for `target`, sent through the wire codec: plain data is
   * copied, the shareable primitives of this package arrive as the same
   * object.
   *
   * @default {[]}
   */
  args?: A;
  /**
   * Keyword arguments: when given, passed to `target` as one last argument.
   */
  kwargs?: Record<string, unknown> | null;
  /**
   * The name, for identification and messages; several may share one.
   *
   * @default {"Thread-N (target)", or "Process-N" ("Process-N:M" in a child)}
   */
  name?: string | null;
  /**
   * Whether it is a daemon. A process exits when only daemon threads are
   * left, ending them; it terminates its daemon children when it exits,
   * instead of waiting for them.
   *
   * @default {the current thread's or process's daemon flag}
   */
  daemon?: boolean | null;
}

/** What the Lifecycle checks: TargetOptions of any target, and `limits`. */
interface LifecycleOptions {
  readonly target?: ((...args: never[]) => unknown) | null | undefined;
  readonly args?: readonly unknown[] | undefined;
  readonly kwargs?: Record<string, unknown> | null | undefined;
  readonly name?: string | null | undefined;
  readonly daemon?: boolean | null | undefined;
  readonly limits?: ResourceLimits | null | undefined;
}

/** What differs between a Thread's and a Process's life cycle. */
export interface LifecycleKind {
  /** The class, in messages: "Thread", "Process". */
  readonly noun: string;
  /** Python's messages for start() twice, join() before start(), and
   * `daemon` set once started. */
  readonly startedTwice: string;
  readonly notStarted: string;
  readonly daemonOfStarted: string;
  /** Who imports a subclass to call its run(): "a worker", "the child". */
  readonly importer: string;
  /** The limits it can enforce, and what it is in that message. */
  readonly limitKinds: readonly ResourceLimitKind[];
  readonly limitPlace: string;
  /** The public error classes (`_internal/` does not import them). */
  readonly RuntimeError: new (message: string) => Error;
  readonly ValueError: new (message: string) => Error;
}

/** The defaults that depend on the instance. */
export interface LifecycleDefaults {
  /** The name when none is given. */
  readonly name: (target: unknown) => string;
  /** The daemon flag when none is given: the current one's. */
  readonly daemon: boolean;
}

/** The state of one Thread or Process, checked once. */
export class Lifecycle {
  /** The function run() calls, if any. */
  readonly target: ((...args: unknown[]) => unknown) | undefined;
  /** Its arguments. */
  readonly args: unknown[];
  /** Its keyword arguments: one more, last argument when given. */
  readonly kwargs: Record<string, unknown> | undefined;
  /** Its limits, checked. */
  readonly limits: ResourceLimits | undefined;
  readonly #kind: LifecycleKind;
  #name: string;
  #daemon: boolean;
  #started = false;

  /**
   * Checks `options` (a TypeError or ValueError names the first that is
   * wrong), before anything else happens.
   */
  constructor(
    kind: LifecycleKind,
    options: LifecycleOptions,
    defaults: LifecycleDefaults,
  ) {
    this.#kind = kind;
    if (typeof options !== "object" || options === null) {
      // Python's Thread(group, target, ...) by position: here its keywords
      // come in one object.
      throw new TypeError(
        `Cannot create ${kind.noun} as its arguments must be one object of Python's keywords ({ target, args, kwargs, name, daemon }): received ${
          describe(options)
        }`,
      );
    }
    const { target, args = [], kwargs, name, daemon } = withoutNone(
      options,
      ["target", "kwargs", "name", "daemon"],
    );
    if (target !== undefined && typeof target !== "function") {
      throw this.optionError("target", "a function", target);
    }
    if (!Array.isArray(args)) throw this.optionError("args", "an array", args);
    if (
      kwargs !== undefined && (typeof kwargs !== "object" || kwargs === null)
    ) throw this.optionError("kwargs", "an object", kwargs);
    if (name !== undefined) this.#checkName(name);
    if (daemon !== undefined) this.#checkDaemon(daemon);
    this.limits = checkLimits(
      `create ${kind.noun}`,
      options.limits,
      kind.limitKinds,
      kind.limitPlace,
      kind.ValueError,
    );
    this.target = target as ((...args: unknown[]) => unknown) | undefined;
    this.args = args as unknown[];
    this.kwargs = kwargs;
    this.#name = name ?? defaults.name(target);
    this.#daemon = daemon ?? defaults.daemon;
  }

  /** The name: any string. */
  get name(): string {
    return this.#name;
  }

  set name(name: string) {
    this.#checkName(name);
    this.#name = name;
  }

  /** The daemon flag, which start() fixes. */
  get daemon(): boolean {
    return this.#daemon;
  }

  set daemon(daemon: boolean) {
    this.#checkDaemon(daemon);
    if (this.#started) {
      throw new this.#kind.RuntimeError(this.#kind.daemonOfStarted);
    }
    this.#daemon = daemon;
  }

  /** Whether start() has succeeded. */
  get started(): boolean {
    return this.#started;
  }

  /** Throws Python's RuntimeError when it was started before. */
  checkNotStarted(): void {
    if (this.#started) {
      throw new this.#kind.RuntimeError(this.#kind.startedTwice);
    }
  }

  /** Records that start() succeeded. */
  markStarted(): void {
    this.checkNotStarted();
    this.#started = true;
  }

  /** Throws Python's RuntimeError when it was not started (join). */
  checkStarted(): void {
    if (!this.#started) {
      throw new this.#kind.RuntimeError(this.#kind.notStarted);
    }
  }

  /** The arguments of the default run(): `args`, then `kwargs` if given. */
  callArgs(): unknown[] {
    return this.kwargs === undefined ? this.args : [...this.args, this.kwargs];
  }

  /** What the default run() does: `target(...args, kwargs?)`. */
  run(): unknown {
    return this.target?.(...this.callArgs());
  }

  /**
   * How the other side finds `cls`, a subclass that overrides run(): by its
   * module and export name. A class no module exports cannot be found
   * there: a RuntimeError saying what to do.
   */
  subclassRef(cls: abstract new (...args: never[]) => unknown): FunctionRef {
    const { noun, importer, RuntimeError } = this.#kind;
    const ref = functionRef(
      cls as unknown as () => unknown,
      `the class of ${noun.toLowerCase()} '${this.#name}'`,
    );
    if (!ref.modules.some((url) => mayExportSync(url, ref.name))) {
      throw new RuntimeError(
        `Cannot start ${noun} subclass '${ref.name}' as no module exports it, and ${importer} must import it to call its run(): export the class from ${
          ref.modules.join(" or ")
        } (modules other than the main one also call registerModule(import.meta.url)), or pass a target instead`,
      );
    }
    return ref;
  }

  #checkName(name: unknown): asserts name is string {
    if (typeof name !== "string") {
      throw this.optionError("name", "a string", name);
    }
  }

  #checkDaemon(daemon: unknown): asserts daemon is boolean {
    if (typeof daemon !== "boolean") {
      throw this.optionError("daemon", "a boolean", daemon);
    }
  }

  /** "Cannot create Thread as 'name' must be a string: received number". */
  optionError(name: string, expected: string, value: unknown): TypeError {
    return new TypeError(
      `Cannot create ${this.#kind.noun} as '${name}' must be ${expected}: received ${
        describe(value)
      }`,
    );
  }
}
