// Copyright 2026 the @skein/concurrent authors. MIT license.
// A futex-style mutex in one Int32 cell (Drepper, "Futexes Are Tricky"):
// 0 unlocked, 1 locked, 2 locked and maybe waited for. The uncontended
// paths are one compareExchange to lock and one exchange to unlock; only
// contention waits, and only an unlock that saw 2 notifies.
import { Deadline, waitAsync, waitSync } from "./wait.ts";

export const UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;
/** How many loads a blocking wait spins before it sleeps. */
export const SPINS = 200;

/** Takes the mutex if it is free. */
export function tryLock(cell: Int32Array, index: number): boolean {
  return Atomics.compareExchange(cell, index, UNLOCKED, LOCKED) === UNLOCKED;
}

/**
 * Takes the mutex, blocking the thread for at most `timeout` seconds
 * (undefined: forever). Returns whether it was taken.
 */
export function lockSync(
  cell: Int32Array,
  index: number,
  timeout: number | undefined,
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
    waitSync(cell, index, CONTENDED, left);
  }
  return true;
}

/** lockSync() without blocking the thread: waits with waitAsync. */
export async function lockAsync(
  cell: Int32Array,
  index: number,
  timeout: number | undefined,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const deadline = new Deadline(timeout);
  while (Atomics.exchange(cell, index, CONTENDED) !== UNLOCKED) {
    const left = deadline.remaining();
    if (left === 0) return false;
    await waitAsync(cell, index, CONTENDED, left, signal);
  }
  return true;
}

/** Releases the mutex; wakes one waiter if there may be one. */
export function unlock(cell: Int32Array, index: number): void {
  if (Atomics.exchange(cell, index, UNLOCKED) === CONTENDED) {
    Atomics.notify(cell, index, 1);
  }
}

/** Whether the mutex is held. */
export function isLocked(cell: Int32Array, index: number): boolean {
  return Atomics.load(cell, index) !== UNLOCKED;
}
