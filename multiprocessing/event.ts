// Copyright 2026 the @skein/concurrent authors. MIT license.
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { objectId } from "../_internal/py_repr.ts";
import { type WordsHome, wordsHome } from "../_internal/words_hooks.ts";
import {
  Event as ThreadEvent,
  type EventWaitOptions,
} from "../threading/event.ts";
import { placedState, processHome, registerPlaced } from "./_process_words.ts";

const TAG = "multiprocessing.Event";

/**
 * Options of {@linkcode Event.prototype.wait}: `threading.Event`'s (a
 * `timeout` in seconds, and a `signal`).
 */
export type ProcessEventWaitOptions = EventWaitOptions;

/**
 * An event flag shared by processes, as Python's `multiprocessing.Event`: a
 * `threading.Event` (the same methods) whose flag lives in shared memory,
 * and `set()` in any process wakes the waiters of every process. Needs `--allow-ffi`; Linux only.
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
export class Event extends ThreadEvent {
  /** Python's repr of `multiprocessing.Event`: `<Event at 0x1 unset>`. */
  override toString(): string {
    return `<${this.constructor.name} at ${objectId(this)} ${
      this.isSet() ? "set" : "unset"
    }>`;
  }

  /**
   * Where its words live: in a shared memory segment.
   *
   * @ignore
   */
  override [wordsHome](): WordsHome {
    return processHome(this);
  }

  /**
   * What makes it the same event in another thread: its place.
   *
   * @ignore
   */
  override [toShared](): SharedState {
    return placedState(TAG, this);
  }

  /**
   * What makes it the same event in a child process (used by the package
   * when it is passed to one): its place.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return placedState(TAG, this);
  }
}

registerPlaced(TAG, import.meta.url, () => new Event());
