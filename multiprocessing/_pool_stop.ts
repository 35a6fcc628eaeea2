// Copyright 2026 the @skein/concurrent authors. MIT license.
// The stop of one Pool call (its `signal` and `timeout`, see StopOptions).
// The call's tasks are submitted with one signal of the call's own, which
// aborts when the caller's does or the timeout passes (counted from the
// call, not from each chunk's submission); the executor then cancels the
// tasks that wait and kills the workers running the others. Each task is
// seen as a promise that fails with the reason the moment the call stops
// (a cancelled future's own error would be CancelledError). The listener
// and the timer live until the call ends: no task will be added and every
// one added has settled.
import { describe } from "../_internal/describe.ts";
import { checkTimeout } from "../_internal/seconds.ts";
import { TimeoutError, ValueError } from "../errors.ts";
import type { StopOptions } from "./pool_options.ts";

/**
 * Throws before anything is sent when `signal` is not an AbortSignal or
 * `timeout` not a number of seconds (or null).
 */
export function checkStop(what: string, options: StopOptions): void {
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      `Cannot ${what} as 'signal' must be an AbortSignal: received ${
        describe(signal)
      }`,
    );
  }
  checkTimeout(what, options.timeout, ValueError);
}

/** The stop of one call, holding its tasks until they settle. */
export class CallStop {
  #controller: AbortController | undefined;
  #signal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped: { reason: unknown } | undefined;
  #running = new Set<(reason: unknown) => void>();
  #ended = false;
  #onStop: (() => void) | undefined;
  #abort = (): void => this.#stop(this.#signal!.reason);

  /**
   * Starts watching `options` (checked by checkStop()); stopped already if
   * the signal is aborted.
   *
   * @param options The call's `signal` and `timeout`.
   */
  constructor(options: StopOptions) {
    const { signal, timeout } = options;
    if (signal?.aborted) {
      this.#stopped = { reason: signal.reason };
      return;
    }
    const limited = timeout !== undefined && timeout !== null &&
      timeout !== Infinity;
    if (signal === undefined && !limited) return;
    this.#controller = new AbortController();
    if (signal !== undefined) {
      this.#signal = signal;
      signal.addEventListener("abort", this.#abort, { once: true });
    }
    if (limited) {
      this.#timer = setTimeout(
        () =>
          this.#stop(
            new TimeoutError(
              `The call did not finish within its timeout of ${timeout} seconds`,
            ),
          ),
        Math.max(0, timeout * 1000),
      );
    }
  }

  /** Whether the call has stopped: no task may be added then. */
  get stopped(): boolean {
    return this.#stopped !== undefined;
  }

  /**
   * The signal to submit the call's tasks with; `undefined` when the call
   * has no `signal` and no `timeout` (its tasks then go to busy workers
   * too, a few at a time: one with a signal waits for an idle one).
   */
  get signal(): AbortSignal | undefined {
    return this.#controller?.signal;
  }

  /** Throws the reason when the call has stopped. */
  throwIfStopped(): void {
    if (this.#stopped !== undefined) throw this.#stopped.reason;
  }

  /** A rejection with the reason, once the call has stopped. */
  rejection(): Promise<never> {
    return Promise.reject(this.#stopped?.reason);
  }

  /** Called once when the call stops (an imap then reads no further). */
  set onStop(callback: () => void) {
    this.#onStop = callback;
  }

  /**
   * Submits a task of the call with `submit`, unless the call has stopped.
   *
   * @param submit Submits the task with this call's signal, for its
   * outcome.
   * @returns Its result or its error, or the reason as soon as the call
   * stops.
   */
  run<T>(submit: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (this.#stopped !== undefined) return this.rejection();
    const outcome = submit(this.signal);
    if (this.#controller === undefined) return outcome;
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.#running.add(reject);
    outcome.then(resolve, reject).finally(() => {
      this.#running.delete(reject);
      this.#release();
    });
    return promise;
  }

  /** No task will be added: the watch ends when those added settle. */
  end(): void {
    this.#ended = true;
    this.#release();
  }

  #stop(reason: unknown): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = { reason };
    this.#onStop?.();
    for (const reject of [...this.#running]) reject(reason);
    // The executor cancels the tasks that wait, kills the running ones.
    this.#controller?.abort(reason);
    this.#release();
  }

  #release(): void {
    if (
      (this.#running.size > 0 || !this.#ended) && this.#stopped === undefined
    ) return;
    this.#signal?.removeEventListener("abort", this.#abort);
    this.#signal = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
