// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError, ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { positionalOrKeyword } from "../_internal/keywords.ts";
import { registerErrorClass } from "../_internal/errors_registry.ts";
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../_internal/shareable.ts";
import { Deadline, waitAsync, waitSync } from "../_internal/wait.ts";
import { checkWaitTimeout } from "./_acquire_options.ts";
import { lockSync, unlock, withLockAsync } from "../_internal/futex.ts";

const MUTEX = 0;
const PARTIES = 1;
const COUNT = 2; // arrivals in the current generation
const GENERATION = 3; // advances when a generation is released or broken
const BROKEN = 4; // 1 after abort() or a failure, until reset()
const BROKEN_GENERATION = 5; // the generation whose waiters must raise
const LENGTH = 6;

const TAG = "threading.Barrier";
let adopting: Int32Array | undefined;

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
  #cell: Int32Array;
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
   * Makes a barrier for `parties` threads.
   *
   * @param parties How many threads must call `wait()`.
   * @param options The `action` and the default `timeout`.
   * @throws {ValueError} If `parties` is less than 1.
   * @throws {TypeError} If `action` is not a function, or `parties` is also
   * in `options`.
   */
  constructor(parties: number, options?: BarrierOptions);
  constructor(
    first: number | (BarrierOptions & { parties: number }),
    rest?: BarrierOptions,
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
    this.#timeout = checkWaitTimeout("create Barrier", timeout);
    this.#action = action ?? undefined;
    if (adopting !== undefined) {
      this.#cell = adopting;
      return;
    }
    if (!Number.isInteger(parties) || parties < 1) {
      throw new ValueError(
        `Cannot create Barrier as 'parties' must be an integer >= 1: current value is ${parties}`,
      );
    }
    this.#cell = new Int32Array(new SharedArrayBuffer(LENGTH * 4));
    this.#cell[PARTIES] = parties;
    this.#cell[BROKEN_GENERATION] = -1;
  }

  /** How many threads must call `wait()`. */
  get parties(): number {
    return this.#cell[PARTIES]!;
  }

  /** How many threads wait now. */
  get nWaiting(): number {
    return Atomics.load(this.#cell, BROKEN)
      ? 0
      : Atomics.load(this.#cell, COUNT);
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return Atomics.load(this.#cell, BROKEN) === 1;
  }

  /**
   * Waits, without blocking the thread, until all parties have called
   * `wait()`.
   *
   * @param options A `timeout` in seconds (the barrier's default when
   * omitted); when it passes, the barrier breaks.
   * @returns The arrival index, from 0 to `parties - 1`, different for each
   * thread of a round.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken or is
   * reset while waiting.
   */
  async wait(options: BarrierWaitOptions = {}): Promise<number> {
    const deadline = new Deadline(this.#waitTimeout(options));
    const cell = this.#cell;
    // The mutex is taken and released in one turn (withLockAsync), so a
    // sync abort() or reset() of this thread never waits on it.
    const arrival = await withLockAsync(cell, MUTEX, () => this.#arrive());
    if (arrival.released) return arrival.index;
    while (Atomics.load(cell, GENERATION) === arrival.generation) {
      const left = deadline.remaining();
      if (left === 0) {
        await withLockAsync(
          cell,
          MUTEX,
          () => this.#timedOut(arrival.generation),
        );
        break;
      }
      await waitAsync(cell, GENERATION, arrival.generation, left);
    }
    return this.#outcome(arrival);
  }

  /**
   * `wait()` that blocks the thread (on the main thread, its event loop).
   *
   * @param options A `timeout` in seconds.
   * @returns The arrival index.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken or is
   * reset while waiting.
   */
  waitSync(options: BarrierWaitOptions = {}): number {
    const deadline = new Deadline(this.#waitTimeout(options));
    const cell = this.#cell;
    lockSync(cell, MUTEX, undefined);
    const arrival = this.#arrive();
    if (arrival.released) return arrival.index;
    while (Atomics.load(cell, GENERATION) === arrival.generation) {
      const left = deadline.remaining();
      if (left === 0) {
        lockSync(cell, MUTEX, undefined);
        this.#timedOut(arrival.generation);
        break;
      }
      waitSync(cell, GENERATION, arrival.generation, left);
    }
    return this.#outcome(arrival);
  }

  /**
   * Returns the barrier to its empty state; threads waiting on it get
   * {@linkcode BrokenBarrierError}.
   */
  reset(): void {
    const cell = this.#cell;
    lockSync(cell, MUTEX, undefined);
    if (cell[COUNT]! > 0) this.#release(true);
    cell[COUNT] = 0;
    Atomics.store(cell, BROKEN, 0);
    unlock(cell, MUTEX);
  }

  /**
   * Breaks the barrier: current and later `wait()` calls throw
   * {@linkcode BrokenBarrierError} until `reset()`.
   */
  abort(): void {
    const cell = this.#cell;
    lockSync(cell, MUTEX, undefined);
    this.#break();
    unlock(cell, MUTEX);
  }

  /**
   * The shared state that makes the barrier cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return {
      tag: TAG,
      buffers: [this.#cell.buffer as SharedArrayBuffer],
      data: { action: this.#action, timeout: this.#timeout },
    };
  }

  #waitTimeout(options: BarrierWaitOptions): number | undefined {
    return options.timeout === undefined || options.timeout === null
      ? this.#timeout
      : checkWaitTimeout("wait on Barrier", options.timeout);
  }

  // With the mutex held: count this arrival; the last one runs the action
  // and releases the round. Releases the mutex.
  #arrive(): { index: number; generation: number; released: boolean } {
    const cell = this.#cell;
    if (cell[BROKEN] === 1) {
      unlock(cell, MUTEX);
      throw new BrokenBarrierError();
    }
    const generation = cell[GENERATION]!;
    const index = cell[COUNT]!++;
    if (index + 1 < cell[PARTIES]!) {
      unlock(cell, MUTEX);
      return { index, generation, released: false };
    }
    try {
      this.#action?.();
    } catch (error) {
      this.#break();
      unlock(cell, MUTEX);
      throw error;
    }
    this.#release(false);
    unlock(cell, MUTEX);
    return { index, generation, released: true };
  }

  // With the mutex held, after a timeout: break the round unless it was
  // released meanwhile. Releases the mutex.
  #timedOut(generation: number): void {
    if (this.#cell[GENERATION] === generation) this.#break();
    unlock(this.#cell, MUTEX);
  }

  #outcome(arrival: { index: number; generation: number }): number {
    if (Atomics.load(this.#cell, BROKEN_GENERATION) === arrival.generation) {
      throw new BrokenBarrierError();
    }
    return arrival.index;
  }

  #break(): void {
    Atomics.store(this.#cell, BROKEN, 1);
    this.#release(true);
  }

  // Ends the current round: its waiters wake, and raise if it `broke`.
  #release(broke: boolean): void {
    const cell = this.#cell;
    if (broke) Atomics.store(cell, BROKEN_GENERATION, cell[GENERATION]!);
    cell[COUNT] = 0;
    Atomics.add(cell, GENERATION, 1);
    Atomics.notify(cell, GENERATION);
  }
}

registerShareable(TAG, import.meta.url, (state) => {
  adopting = new Int32Array(state.buffers[0]!);
  const { action, timeout } = state.data as BarrierOptions;
  try {
    return new Barrier(adopting[PARTIES]!, {
      ...(action === undefined ? {} : { action }),
      ...(timeout === undefined ? {} : { timeout }),
    });
  } finally {
    adopting = undefined;
  }
});
