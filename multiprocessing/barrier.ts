// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { describe } from "../_internal/describe.ts";
import { positionalOrKeyword } from "../_internal/keywords.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { BARRIER_WORDS, BarrierCore } from "../_internal/barrier_core.ts";
import { SegmentWords } from "../_internal/segment_words.ts";
import { ValueError } from "../errors.ts";
import { BrokenBarrierError } from "../threading/barrier.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";

const TAG = "multiprocessing.Barrier";

/** Options for {@linkcode Barrier}'s constructor. */
export interface ProcessBarrierOptions {
  /**
   * Called by the last process to arrive, before any is released; if it
   * throws, the barrier breaks. In a child it is the function shipped
   * there (by module and name, or as source text). None when omitted or
   * `null` (Python's None).
   */
  action?: (() => unknown) | null;
  /**
   * The default timeout of `wait()`, in seconds; none when omitted or
   * `null` (Python's None).
   */
  timeout?: number | null;
}

/** Options of {@linkcode Barrier.prototype.wait}. */
export interface ProcessBarrierWaitOptions {
  /**
   * Seconds to wait at most; the barrier's default when omitted or `null`
   * (as Python's `wait(timeout=None)`).
   */
  timeout?: number | null;
}

/**
 * A barrier for a fixed number of processes, as Python's
 * `multiprocessing.Barrier`: each calls `wait()`, and all are released
 * together when the last arrives. A timeout, `abort()` or an action that
 * throws breaks it: waiters and later callers get
 * {@linkcode BrokenBarrierError} until `reset()`. Its words live in shared
 * memory and waiting uses Linux's futex, so a child that gets it (as an
 * argument) waits on the same barrier. Needs `--allow-ffi`; Linux only.
 *
 * @example Two waits meet
 * ```ts
 * import { Barrier } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const barrier = new Barrier(2);
 * const indexes = await Promise.all([barrier.wait(), barrier.wait()]);
 * assert.deepEqual(indexes.sort(), [0, 1]);
 * assert.equal(barrier.nWaiting, 0);
 * ```
 */
export class Barrier {
  #place: Place;
  #core: BarrierCore;
  #action: (() => unknown) | undefined;
  #timeout: number | undefined;

  /**
   * Makes a barrier in its own segment, with Python's `parties` by
   * keyword: `new Barrier({ parties: 3, timeout: 5 })` is
   * `new Barrier(3, { timeout: 5 })`.
   *
   * @param options `parties`, the `action` and the default `timeout`.
   * @throws {ValueError} If `parties` is not an integer >= 1.
   * @throws {TypeError} If `action` is not a function.
   */
  constructor(options: ProcessBarrierOptions & { parties: number });
  /**
   * Makes a barrier for `parties` processes (or waits) in its own segment.
   *
   * @param parties How many must call `wait()`.
   * @param options The `action` and the default `timeout`.
   * @throws {ValueError} If `parties` is not an integer >= 1.
   * @throws {TypeError} If `action` is not a function, or `parties` is also
   * in `options`.
   */
  constructor(parties: number, options?: ProcessBarrierOptions);
  constructor(
    first: number | (ProcessBarrierOptions & { parties: number }),
    rest?: ProcessBarrierOptions,
  ) {
    const given = positionalOrKeyword("create Barrier", "parties", first, rest);
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
    this.#timeout = checkWaitSeconds("create Barrier", timeout, ValueError);
    const adopted = adoptedPlace();
    if (adopted === undefined && (!Number.isInteger(parties) || parties < 1)) {
      throw new ValueError(
        `Cannot create Barrier as 'parties' must be an integer >= 1: current value is ${parties}`,
      );
    }
    this.#action = action ?? undefined;
    this.#place = adopted ?? newPlace(BARRIER_WORDS * 4);
    const words = new SegmentWords(cellsAt(this.#place, BARRIER_WORDS).cells);
    if (adopted === undefined) BarrierCore.init(words, parties);
    this.#core = new BarrierCore(words, this.#action, BrokenBarrierError);
  }

  /** How many must call `wait()`. */
  get parties(): number {
    return this.#core.parties;
  }

  /** How many wait now (0 while broken). */
  get nWaiting(): number {
    return this.#core.nWaiting;
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return this.#core.broken;
  }

  /**
   * Waits, without blocking the thread, until all parties have called
   * `wait()`.
   *
   * @param options A `timeout` in seconds (the barrier's default when
   * omitted); when it passes, the barrier breaks.
   * @returns The arrival index, from 0 to `parties - 1`.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken or is
   * reset while waiting.
   */
  async wait(options: ProcessBarrierWaitOptions = {}): Promise<number> {
    return await this.#core.wait(this.#waitTimeout(options));
  }

  /**
   * `wait()` that blocks the thread.
   *
   * @param options A `timeout` in seconds.
   * @returns The arrival index.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken or is
   * reset while waiting.
   */
  waitSync(options: ProcessBarrierWaitOptions = {}): number {
    return this.#core.waitSync(this.#waitTimeout(options));
  }

  /**
   * Returns the barrier to its empty state; those waiting on it get
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
   * What makes it the same barrier in a child process.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return {
      tag: TAG,
      data: { ...this.#place, action: this.#action, timeout: this.#timeout },
    };
  }

  #waitTimeout(options: ProcessBarrierWaitOptions): number | undefined {
    return options.timeout === undefined || options.timeout === null
      ? this.#timeout
      : checkWaitSeconds("wait on Barrier", options.timeout, ValueError);
  }
}

registerShareable(TAG, import.meta.url, (state) => {
  const { segment, offset, action, timeout } = state.data as
    & Place
    & ProcessBarrierOptions;
  return withPlace({ segment, offset }, () =>
    new Barrier(0, {
      ...(action === undefined ? {} : { action }),
      ...(timeout === undefined ? {} : { timeout }),
    }));
});
