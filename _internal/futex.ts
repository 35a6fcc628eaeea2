// Copyright 2026 the @skein/concurrent authors. MIT license.
// A futex-style mutex in one Int32 cell (Drepper, "Futexes Are Tricky"):
// 0 unlocked, 1 locked, 2 locked and maybe waited for. The uncontended
// paths are one compareExchange to lock and one exchange to unlock; only
// contention waits, and only an unlock that saw 2 notifies.
import { Deadline, waitAsync, waitSync } from "./wait.ts";

export const UNLOCKED = 0;
const LOCKED = 1;
export const CONTENDED = 2;
/** How many loads a blocking wait spins before it sleeps. */
export const SPINS = 200;

/** Takes the mutex if it is free. */
export function tryLock(cell: Int32Array, index: number): boolean {
  return Atomics.compareExchange(cell, index, UNLOCKED, LOCKED) === UNLOCKED;
}

/**
 * How a sync lock sleeps while the word is CONTENDED: `waitSync` on a
 * SharedArrayBuffer by default; a SharedWords passes its own wait.
 */
export type SleepSync = (left: number | undefined) => unknown;

/**
 * Takes the mutex, blocking the thread for at most `timeout` seconds
 * (undefined: forever), sleeping with `sleep` (by default waitSync on
 * `cell[index]`). Returns whether it was taken.
 */
export function lockSync(
  cell: Int32Array,
  index: number,
  timeout: number | undefined,
  sleep?: SleepSync,
): boolean {
  if (tryLock(cell, index)) return true;
  // Critical sections are short: a holder on another core is likely to
  // release within a few hundred loads, which costs far less than sleeping.
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(cell, index) === UNLOCKED && tryLock(cell, index)) {
      return true;
    }
  }
  const deadline = new Deadline(timeout);
  while (Atomics.exchange(cell, index, CONTENDED) !== UNLOCKED) {
    const left = deadline.remaining();
    if (left === 0) return false;
    if (sleep === undefined) waitSync(cell, index, CONTENDED, left);
    else sleep(left);
  }
  return true;
}

/**
 * How an async lock sleeps while the word is CONTENDED: `waitAsync` on a
 * SharedArrayBuffer here; multiprocessing passes its futex wait.
 */
export type Sleep = (
  left: number | undefined,
  signal: AbortSignal | undefined,
) => Promise<unknown>;

/**
 * lockSync() without blocking the thread: sleeps with `sleep` (by default
 * waitAsync on `cell[index]`).
 *
 * The caller resumes a microtask after the mutex is taken, and other code
 * of this thread may run in between; so `onLocked` runs in the turn that
 * takes it, for state that must be set before that code runs (an RLock's
 * owner, which a same-thread acquire checks). A mutex that async and sync
 * methods share for a short critical section is taken with LockCore's
 * withLock().
 */
export async function lockAsync(
  cell: Int32Array,
  index: number,
  timeout: number | undefined,
  signal: AbortSignal | undefined,
  onLocked?: () => void,
  sleep: Sleep = (left, signal) =>
    waitAsync(cell, index, CONTENDED, left, signal),
): Promise<boolean> {
  if (!tryLock(cell, index)) {
    const deadline = new Deadline(timeout);
    while (Atomics.exchange(cell, index, CONTENDED) !== UNLOCKED) {
      const left = deadline.remaining();
      if (left === 0) return false;
      await sleep(left, signal);
    }
  }
  onLocked?.();
  return true;
}

/**
 * Releases the mutex; wakes one waiter if there may be one, with `wake` if
 * given (a SharedWords' notify), else Atomics.notify. Returns whether it
 * was locked (an unlocked word stays as it was).
 */
export function unlock(
  cell: Int32Array,
  index: number,
  wake?: () => void,
): boolean {
  const before = Atomics.exchange(cell, index, UNLOCKED);
  if (before === CONTENDED) {
    if (wake === undefined) Atomics.notify(cell, index, 1);
    else wake();
  }
  return before !== UNLOCKED;
}
