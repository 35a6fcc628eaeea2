// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import {
  customInspect,
  objectId,
  qualifiedName,
  setQualifiedName,
} from "../_internal/py_repr.ts";
import {
  positionalOptions,
  positionalOrKeyword,
  timeoutOptions,
} from "../_internal/keywords.ts";
import { registerErrorClass } from "../_internal/errors_registry.ts";
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { BARRIER_WORDS, BarrierCore } from "../_internal/barrier_core.ts";
import type { SharedWords } from "../_internal/shared_words.ts";
import { type WordsHome, wordsHome } from "../_internal/words_hooks.ts";
import { checkWaitTimeout } from "./_acquire_options.ts";
import { registerWords, THREAD_HOME, wordsState } from "./_thread_words.ts";

const TAG = "threading.Barrier";

/**
 * Raised by {@linkcode Barrier.prototype.wait} when the barrier is broken
 * or reset while a thread waits, as Python's `threading.BrokenBarrierError`
 * (a `RuntimeError`).
 *
 * @example Usage
 * ```ts
 * import { BrokenBarrierError, RuntimeError } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new BrokenBarrierError() instanceof RuntimeError);
 * ```
 */
export class BrokenBarrierError extends RuntimeError {
  /**
   * Constructs a new instance.
   *
   * @param message The error message.
   * @param options The error options, such as the `cause`.
   */
  constructor(message = "the barrier is broken", options?: ErrorOptions) {
    super(message, options);
    this.name = "BrokenBarrierError";
  }
}
registerErrorClass(BrokenBarrierError);

/** Options for {@linkcode Barrier}'s constructor. */
export interface BarrierOptions {
  /**
   * Called by the last thread to arrive, before any is released. If it
   * throws, the barrier breaks. Run by whichever thread arrives last, so in
   * another thread it is the function shipped there (by module and name, or
   * as source text). None when omitted or `null` (Python's None).
   */
  action?: (() => unknown) | null;
  /**
   * The default timeout of `wait()`, in seconds; none when omitted or
   * `null` (Python's None).
   */
  timeout?: number | null;
}

/** Options for {@linkcode Barrier.prototype.wait}. */
export interface BarrierWaitOptions {
  /**
   * Seconds to wait at most; the barrier's default when omitted or `null`
   * (as Python's `wait(timeout=None)`).
   */
  timeout?: number | null;
}

/**
 * A barrier for a fixed number of threads, as Python's `threading.Barrier`:
 * each calls `wait()`, and all are released together when the last one
 * arrives; then the barrier is ready for the next round. A timeout,
 * `abort()`, or an action that throws breaks it: waiters and later callers
 * get {@linkcode BrokenBarrierError} until `reset()`. Its state lives in a
 * SharedArrayBuffer: passed to a thread, it is the same barrier there.
 *
 * @example Two tasks meet
 * ```ts
 * import { Barrier } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const barrier = new Barrier(2);
 * const indexes = await Promise.all([barrier.wait(), barrier.wait()]);
 * assert.deepEqual(indexes.sort(), [0, 1]);
 * assert.equal(barrier.nWaiting, 0);
 * ```
 *
 * @example Python's keywords: `Barrier(parties=2, timeout=None)`
 * ```ts
 * import { Barrier } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const barrier = new Barrier({ parties: 2, timeout: null });
 * assert.equal(barrier.parties, 2);
 * ```
 */
export class Barrier {
  #core: BarrierCore;
  #words: SharedWords;
  #action: (() => unknown) | undefined;
  #timeout: number | undefined;

  /**
   * Makes a barrier, with Python's `parties` by keyword:
   * `new Barrier({ parties: 3, timeout: 5 })` is
   * `new Barrier(3, { timeout: 5 })`.
   *
   * @param options `parties`, the `action` and the default `timeout`.
   * @throws {ValueError} If `parties` is less than 1.
   * @throws {TypeError} If `action` is not a function.
   */
  constructor(options: BarrierOptions & { parties: number });
  /**
   * Makes a barrier for `parties` threads; `action` and `timeout` come by
   * position, as Python's `Barrier(parties, action, timeout)`, or in an
   * options object.
   *
   * @param parties How many threads must call `wait()`.
   * @param action The function one of the threads calls when all have
   * arrived, or the options: the `action` and the default `timeout`.
   * @param timeout The default `timeout` of `wait()`, in seconds.
   * @throws {ValueError} If `parties` is less than 1.
   * @throws {TypeError} If `action` is not a function, or `parties` is also
   * in the options.
   */
  constructor(
    parties: number,
    action?: (() => unknown) | null | BarrierOptions,
    timeout?: number | null,
  );
  constructor(
    first: number | (BarrierOptions & { parties: number }),
    second?: (() => unknown) | null | BarrierOptions,
    third?: number | null,
  ) {
    const rest = positionalOptions<BarrierOptions & { parties?: number }>(
      "create Barrier",
      ["action", "timeout"],
      [second, third],
      // `parties` here is "given twice", which positionalOrKeyword() says.
      ["action", "timeout", "parties"],
    );
    const given = positionalOrKeyword(
      "create Barrier",
      "parties",
      first,
      rest,
      ["parties", "action", "timeout"],
    );
    const parties = given.value as number;
    const { action, timeout } = given.options;
    if (
      action !== undefined && action !== null && typeof action !== "function"
    ) {
      throw new TypeError(
        `Cannot create Barrier as 'action' must be a function: received ${
          describe(action)
        }`,
      );
    }
    this.#timeout = checkWaitTimeout("create Barrier", timeout);
    this.#action = action ?? undefined;
    const home = this[wordsHome]();
    const adopted = home.adopted(BARRIER_WORDS);
    if (
      adopted === undefined && (!Number.isInteger(parties) || parties < 1)
    ) {
      throw new ValueError(
        `Cannot create Barrier as 'parties' must be an integer >= 1: current value is ${parties}`,
      );
    }
    this.#words = adopted ?? home.fresh(BARRIER_WORDS);
    if (adopted === undefined) BarrierCore.init(this.#words, parties);
    this.#core = new BarrierCore(
      this.#words,
      this.#action,
      BrokenBarrierError,
    );
  }

  /** How many threads must call `wait()`. */
  get parties(): number {
    return this.#core.parties;
  }

  /** How many threads wait now. */
  get nWaiting(): number {
    return this.#core.nWaiting;
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return this.#core.broken;
  }

  /**
   * Python's repr: `<threading.Barrier at 0x1: waiters=0/2>`, or
   * `<threading.Barrier at 0x1: broken>`.
   */
  toString(): string {
    const state = this.broken
      ? "broken"
      : `waiters=${this.nWaiting}/${this.parties}`;
    return `<${qualifiedName(this)} at ${objectId(this)}: ${state}>`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }

  /**
   * Waits, without blocking the thread, until all parties have called
   * `wait()`.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options (the barrier's default when omitted); when it passes, the
   * barrier breaks.
   * @returns The arrival index, from 0 to `parties - 1`, different for each
   * thread of a round.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken or is
   * reset while waiting.
   */
  async wait(options?: number | null | BarrierWaitOptions): Promise<number> {
    return await this.#core.wait(this.#waitTimeout(options));
  }

  /**
   * `wait()` that blocks the thread (on the main thread, its event loop).
   *
   * @param options A `timeout` in seconds, by position or in the options.
   * @returns The arrival index.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken or is
   * reset while waiting.
   */
  waitSync(options?: number | null | BarrierWaitOptions): number {
    return this.#core.waitSync(this.#waitTimeout(options));
  }

  /**
   * Returns the barrier to its empty state; threads waiting on it get
   * {@linkcode BrokenBarrierError}.
   */
  reset(): void {
    this.#core.reset();
  }

  /**
   * Breaks the barrier: current and later `wait()` calls throw
   * {@linkcode BrokenBarrierError} until `reset()`.
   */
  abort(): void {
    this.#core.abort();
  }

  /**
   * The shared state that makes the barrier cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return {
      ...wordsState(TAG, this.#words),
      data: { action: this.#action, timeout: this.#timeout },
    };
  }

  /**
   * Where its words live: in a SharedArrayBuffer (`multiprocessing.Barrier`'s:
   * in a shared memory segment).
   *
   * @ignore
   */
  [wordsHome](): WordsHome {
    return THREAD_HOME;
  }

  #waitTimeout(
    options: number | null | BarrierWaitOptions | undefined,
  ): number | undefined {
    const { timeout } = timeoutOptions("wait on Barrier", options);
    return timeout === undefined || timeout === null
      ? this.#timeout
      : checkWaitTimeout("wait on Barrier", timeout);
  }
}

setQualifiedName(Barrier, "threading.Barrier");
registerWords(TAG, import.meta.url, (state) => {
  const { action, timeout } = state.data as BarrierOptions;
  return new Barrier(0, {
    ...(action === undefined ? {} : { action }),
    ...(timeout === undefined ? {} : { timeout }),
  });
});
