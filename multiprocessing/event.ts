// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { Deadline } from "../_internal/wait.ts";
import { ValueError } from "../errors.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";
import { wait, waitSync, wake } from "./_futex.ts";

const TAG = "multiprocessing.Event";
const EVERYONE = 0x7fffffff;

/** Options of {@linkcode Event.prototype.wait}. */
export interface ProcessEventWaitOptions {
  /** Seconds to wait at most; forever when omitted or `null` (Python's None). */
  timeout?: number | null;
}

/**
 * An event flag shared by processes, as Python's `multiprocessing.Event`:
 * its flag lives in shared memory, and `set()` in any process wakes the
 * waiters of every process. Needs `--allow-ffi`; Linux only.
 *
 * @example Usage
 * ```ts
 * import { Event } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const event = new Event();
 * assert.equal(await event.wait({ timeout: 0.01 }), false);
 * event.set();
 * assert.equal(event.isSet(), true);
 * assert.equal(event.waitSync(), true);
 * event.clear();
 * assert.equal(event.isSet(), false);
 * ```
 */
export class Event {
  #place: Place;
  #cell: Int32Array;
  #pointer: Deno.PointerValue;

  /** Makes an event whose flag is false, in its own segment. */
  constructor() {
    this.#place = adoptedPlace() ?? newPlace(8);
    const { cells, pointer } = cellsAt(this.#place, 1);
    this.#cell = cells;
    this.#pointer = pointer;
  }

  /**
   * Whether the flag is true.
   *
   * @returns The flag.
   */
  isSet(): boolean {
    return Atomics.load(this.#cell, 0) === 1;
  }

  /** Sets the flag, waking every waiting process. */
  set(): void {
    if (Atomics.exchange(this.#cell, 0, 1) === 0) {
      wake(this.#pointer, EVERYONE);
    }
  }

  /** Clears the flag. */
  clear(): void {
    Atomics.store(this.#cell, 0, 0);
  }

  /**
   * Waits, without blocking the thread, until the flag is true or
   * `timeout` seconds pass.
   *
   * @param options A `timeout` in seconds.
   * @returns The flag on exit.
   */
  async wait(options: ProcessEventWaitOptions = {}): Promise<boolean> {
    const deadline = new Deadline(timeoutOf(options));
    while (Atomics.load(this.#cell, 0) === 0) {
      const left = deadline.remaining();
      if (left === 0) return false;
      await wait(this.#pointer, 0, left);
    }
    return true;
  }

  /**
   * Blocks the thread until the flag is true or `timeout` seconds pass.
   *
   * @param options A `timeout` in seconds.
   * @returns The flag on exit.
   */
  waitSync(options: ProcessEventWaitOptions = {}): boolean {
    const deadline = new Deadline(timeoutOf(options));
    while (Atomics.load(this.#cell, 0) === 0) {
      const left = deadline.remaining();
      if (left === 0) return false;
      waitSync(this.#pointer, 0, left);
    }
    return true;
  }

  /**
   * What makes it the same event in a child process (used by the package
   * when it is passed to one).
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.#place };
  }
}

function timeoutOf(options: ProcessEventWaitOptions): number | undefined {
  return checkWaitSeconds("wait on Event", options.timeout, ValueError);
}

registerShareable(
  TAG,
  import.meta.url,
  (state) => withPlace(state.data as Place, () => new Event()),
);
