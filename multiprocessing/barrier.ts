// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { describe } from "../_internal/describe.ts";
import { positionalOrKeyword } from "../_internal/keywords.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { Deadline } from "../_internal/wait.ts";
import { CONTENDED, withLockAsync } from "../_internal/futex.ts";
import { ValueError } from "../errors.ts";
import { BrokenBarrierError } from "../threading/barrier.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";
import { wait, waitSync, wake } from "./_futex.ts";
import { Lock } from "./synchronize.ts";

const TAG = "multiprocessing.Barrier";
// Word 0 is the mutex (a Lock); then, as threading's Barrier:
const PARTIES = 1;
const COUNT = 2; // arrivals in the current round
const GENERATION = 3; // advances when a round is released or broken
const BROKEN = 4; // 1 after abort() or a failure, until reset()
const BROKEN_GENERATION = 5; // the round whose waiters must raise
const WORDS = 6;
const EVERYONE = 0x7fffffff;

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
  #cells: Int32Array;
  #generation: Deno.PointerValue;
  #mutexWord: Deno.PointerValue;
  #mutex: Lock;
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
    this.#place = adopted ?? newPlace(WORDS * 4);
    const { cells, pointer } = cellsAt(this.#place, WORDS);
    this.#cells = cells;
    this.#mutexWord = pointer;
    this.#generation = Deno.UnsafePointer.offset(
      pointer as Deno.PointerObject,
      GENERATION * 4,
    );
    this.#mutex = withPlace(this.#place, () => new Lock());
    if (adopted === undefined) {
      cells[PARTIES] = parties;
      cells[BROKEN_GENERATION] = -1;
    }
  }

  /** How many must call `wait()`. */
  get parties(): number {
    return this.#cells[PARTIES]!;
  }

  /** How many wait now (0 while broken). */
  get nWaiting(): number {
    return Atomics.load(this.#cells, BROKEN)
      ? 0
      : Atomics.load(this.#cells, COUNT);
  }

  /** Whether the barrier is broken. */
  get broken(): boolean {
    return Atomics.load(this.#cells, BROKEN) === 1;
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
    const deadline = new Deadline(this.#waitTimeout(options));
    // The mutex is taken and released in one turn (withLockAsync), so a
    // sync abort() or reset() of this thread never waits on it.
    const arrival = await this.#locked(() => this.#arrive());
    if (arrival.released) return arrival.index;
    while (Atomics.load(this.#cells, GENERATION) === arrival.generation) {
      const left = deadline.remaining();
      if (left === 0) {
        await this.#locked(() => this.#timedOut(arrival.generation));
        break;
      }
      await wait(this.#generation, arrival.generation, left);
    }
    return this.#outcome(arrival);
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
    const deadline = new Deadline(this.#waitTimeout(options));
    this.#mutex.acquireSync();
    const arrival = this.#arrive();
    if (arrival.released) return arrival.index;
    while (Atomics.load(this.#cells, GENERATION) === arrival.generation) {
      const left = deadline.remaining();
      if (left === 0) {
        this.#mutex.acquireSync();
        this.#timedOut(arrival.generation);
        break;
      }
      waitSync(this.#generation, arrival.generation, left);
    }
    return this.#outcome(arrival);
  }

  /**
   * Returns the barrier to its empty state; those waiting on it get
   * {@linkcode BrokenBarrierError}.
   */
  reset(): void {
    this.#mutex.acquireSync();
    if (this.#cells[COUNT]! > 0) this.#release(true);
    this.#cells[COUNT] = 0;
    Atomics.store(this.#cells, BROKEN, 0);
    this.#mutex.release();
  }

  /**
   * Breaks the barrier: current and later `wait()` calls throw
   * {@linkcode BrokenBarrierError} until `reset()`.
   */
  abort(): void {
    this.#mutex.acquireSync();
    this.#break();
    this.#mutex.release();
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

  // The mutex is word 0, a Lock's futex word: takes it and runs `critical`
  // (which releases it) in the same turn.
  #locked<T>(critical: () => T): Promise<T> {
    return withLockAsync(
      this.#cells,
      0,
      critical,
      () => wait(this.#mutexWord, CONTENDED),
    );
  }

  #waitTimeout(options: ProcessBarrierWaitOptions): number | undefined {
    return options.timeout === undefined || options.timeout === null
      ? this.#timeout
      : checkWaitSeconds("wait on Barrier", options.timeout, ValueError);
  }

  // With the mutex held: counts this arrival; the last one runs the action
  // and releases the round. Releases the mutex.
  #arrive(): { index: number; generation: number; released: boolean } {
    const cells = this.#cells;
    if (cells[BROKEN] === 1) {
      this.#mutex.release();
      throw new BrokenBarrierError();
    }
    const generation = cells[GENERATION]!;
    const index = cells[COUNT]!;
    cells[COUNT] = index + 1;
    if (index + 1 < cells[PARTIES]!) {
      this.#mutex.release();
      return { index, generation, released: false };
    }
    try {
      this.#action?.();
    } catch (error) {
      this.#break();
      this.#mutex.release();
      throw error;
    }
    this.#release(false);
    this.#mutex.release();
    return { index, generation, released: true };
  }

  // With the mutex held, after a timeout: breaks the round unless it was
  // released meanwhile. Releases the mutex.
  #timedOut(generation: number): void {
    if (this.#cells[GENERATION] === generation) this.#break();
    this.#mutex.release();
  }

  #outcome(arrival: { generation: number; index: number }): number {
    if (Atomics.load(this.#cells, BROKEN_GENERATION) === arrival.generation) {
      throw new BrokenBarrierError();
    }
    return arrival.index;
  }

  #break(): void {
    Atomics.store(this.#cells, BROKEN, 1);
    this.#release(true);
  }

  // Ends the current round: its waiters wake, and raise if it `broke`.
  #release(broke: boolean): void {
    const cells = this.#cells;
    if (broke) Atomics.store(cells, BROKEN_GENERATION, cells[GENERATION]!);
    cells[COUNT] = 0;
    Atomics.add(cells, GENERATION, 1);
    wake(this.#generation, EVERYONE);
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
