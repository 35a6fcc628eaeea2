// Copyright 2026 the @skein/concurrent authors. MIT license.
import { registerShareable } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { checkWaitSeconds } from "../_internal/seconds.ts";
import { EVENT_WORDS, EventCore } from "../_internal/event_core.ts";
import { SegmentWords } from "../_internal/segment_words.ts";
import { ValueError } from "../errors.ts";
import {
  adoptedPlace,
  cellsAt,
  newPlace,
  type Place,
  withPlace,
} from "./_segments.ts";

const TAG = "multiprocessing.Event";

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
  #core: EventCore;

  /** Makes an event whose flag is false, in its own segment. */
  constructor() {
    this.#place = adoptedPlace() ?? newPlace(EVENT_WORDS * 4);
    const { cells } = cellsAt(this.#place, EVENT_WORDS);
    this.#core = new EventCore(new SegmentWords(cells));
  }

  /**
   * Whether the flag is true.
   *
   * @returns The flag.
   */
  isSet(): boolean {
    return this.#core.isSet();
  }

  /** Sets the flag, waking every waiting process. */
  set(): void {
    this.#core.set();
  }

  /** Clears the flag. */
  clear(): void {
    this.#core.clear();
  }

  /**
   * Waits, without blocking the thread, until the flag is true or
   * `timeout` seconds pass.
   *
   * @param options A `timeout` in seconds.
   * @returns The flag on exit.
   */
  async wait(options: ProcessEventWaitOptions = {}): Promise<boolean> {
    return await this.#core.wait(timeoutOf(options));
  }

  /**
   * Blocks the thread until the flag is true or `timeout` seconds pass.
   *
   * @param options A `timeout` in seconds.
   * @returns The flag on exit.
   */
  waitSync(options: ProcessEventWaitOptions = {}): boolean {
    return this.#core.waitSync(timeoutOf(options));
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
