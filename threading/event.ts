// Copyright 2026 the @skein/concurrent authors. MIT license.
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { EVENT_WORDS, EventCore } from "../_internal/event_core.ts";
import type { SharedWords } from "../_internal/shared_words.ts";
import { type WordsHome, wordsHome } from "../_internal/words_hooks.ts";
import { checkWaitTimeout } from "./_acquire_options.ts";
import { timeoutOptions } from "../_internal/keywords.ts";
import {
  customInspect,
  objectId,
  qualifiedName,
  setQualifiedName,
} from "../_internal/py_repr.ts";
import { registerWords, THREAD_HOME, wordsState } from "./_thread_words.ts";

const TAG = "threading.Event";

/** Options for {@linkcode Event.prototype.wait}. */
export interface EventWaitOptions {
  /** Seconds to wait at most; forever when omitted or `null` (Python's None). */
  timeout?: number | null;
  /** Stops waiting and rejects with the reason. */
  signal?: AbortSignal;
}

/**
 * An event flag, as Python's `threading.Event`: `set()` makes it true and
 * wakes every waiter, `clear()` makes it false, `wait()` waits until it is
 * true. Its state lives in a SharedArrayBuffer: passed to a thread, it is
 * the same event there.
 *
 * @example Waking a waiter
 * ```ts
 * import { Event } from "@skein/concurrent/threading";
 * import assert from "node:assert/strict";
 *
 * const event = new Event();
 * assert.equal(event.isSet(), false);
 * assert.equal(await event.wait({ timeout: 0.01 }), false);
 * setTimeout(() => event.set(), 1);
 * assert.equal(await event.wait(), true);
 * assert.equal(event.waitSync(), true);
 * ```
 */
export class Event {
  #core: EventCore;
  #words: SharedWords;

  /** Makes an event whose flag is false. */
  constructor() {
    const home = this[wordsHome]();
    this.#words = home.adopted(EVENT_WORDS) ?? home.fresh(EVENT_WORDS);
    this.#core = new EventCore(this.#words);
  }

  /**
   * Whether the flag is true.
   *
   * @returns The flag.
   */
  isSet(): boolean {
    return this.#core.isSet();
  }

  /** Sets the flag to true, waking every thread and task that waits. */
  set(): void {
    this.#core.set();
  }

  /** Sets the flag to false. */
  clear(): void {
    this.#core.clear();
  }

  /**
   * Waits, without blocking the thread, until the flag is true or `timeout`
   * seconds pass.
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options, with a `signal`.
   * @returns The flag on exit: `false` only when the timeout passed first.
   */
  async wait(options?: number | null | EventWaitOptions): Promise<boolean> {
    const { timeout, signal } = timeoutOptions("wait on Event", options);
    return await this.#core.wait(
      checkWaitTimeout("wait on Event", timeout),
      signal,
    );
  }

  /**
   * Blocks the thread until the flag is true or `timeout` seconds pass (on
   * the main thread, its event loop too).
   *
   * @param options A `timeout` in seconds, by position (Python's) or in the
   * options.
   * @returns The flag on exit: `false` only when the timeout passed first.
   */
  waitSync(
    options?: number | null | Omit<EventWaitOptions, "signal">,
  ): boolean {
    const { timeout } = timeoutOptions("wait on Event", options);
    return this.#core.waitSync(checkWaitTimeout("wait on Event", timeout));
  }

  /** Python's repr: `<threading.Event at 0x1: unset>`. */
  toString(): string {
    return `<${qualifiedName(this)} at ${objectId(this)}: ${
      this.isSet() ? "set" : "unset"
    }>`;
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
   * The shared state that makes the event cross threads as itself (used by
   * the package when it is passed to a thread).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return wordsState(TAG, this.#words);
  }

  /**
   * Where its words live: in a SharedArrayBuffer (`multiprocessing.Event`'s:
   * in a shared memory segment).
   *
   * @ignore
   */
  [wordsHome](): WordsHome {
    return THREAD_HOME;
  }
}

setQualifiedName(Event, "threading.Event");
registerWords(TAG, import.meta.url, () => new Event());
