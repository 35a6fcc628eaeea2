// Copyright 2026 the @skein/concurrent authors. MIT license.
import { type SharedState, toShared } from "../_internal/shareable.ts";
import { toProcess } from "../_internal/portable.ts";
import { setQualifiedName } from "../_internal/py_repr.ts";
import { type WordsHome, wordsHome } from "../_internal/words_hooks.ts";
import {
  Barrier as ThreadBarrier,
  type BarrierOptions,
  type BarrierWaitOptions,
} from "../threading/barrier.ts";
import { placedState, processHome, registerPlaced } from "./_process_words.ts";

const TAG = "multiprocessing.Barrier";

/**
 * Options for {@linkcode Barrier}'s constructor: `threading.Barrier`'s
 * (the `action` is called by the last process to arrive; in a child it is
 * the function shipped there).
 */
export type ProcessBarrierOptions = BarrierOptions;

/** Options of {@linkcode Barrier.prototype.wait}: `threading.Barrier`'s. */
export type ProcessBarrierWaitOptions = BarrierWaitOptions;

/**
 * A barrier for a fixed number of processes, as Python's
 * `multiprocessing.Barrier`: a `threading.Barrier` (the same methods,
 * options and errors) whose words live in shared memory. Each calls
 * `wait()`, and all are released together when the last arrives. A timeout, `abort()` or an action that
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
export class Barrier extends ThreadBarrier {
  /**
   * Where its words live: in a shared memory segment.
   *
   * @ignore
   */
  override [wordsHome](): WordsHome {
    return processHome(this);
  }

  /**
   * What makes it the same barrier in another thread: its place.
   *
   * @ignore
   */
  override [toShared](): SharedState {
    return placedState(TAG, this, super[toShared]().data);
  }

  /**
   * What makes it the same barrier in a child process: its place.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return placedState(TAG, this, super[toShared]().data);
  }
}

setQualifiedName(Barrier, "multiprocessing.synchronize.Barrier");
registerPlaced(TAG, import.meta.url, (data) => {
  const { action, timeout } = data as BarrierOptions;
  return new Barrier(0, {
    ...(action === undefined ? {} : { action }),
    ...(timeout === undefined ? {} : { timeout }),
  });
});
