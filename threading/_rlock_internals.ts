// Copyright 2026 the @skein/concurrent authors. MIT license.
// What Condition needs of an RLock, as Python's _is_owned, _release_save
// and _acquire_restore; filled by rlock.ts's static block.
import type { RLock } from "./rlock.ts";

export const rlockInternals = {} as {
  /** Whether the current thread holds the lock. */
  isOwned(lock: RLock): boolean;
  /** Releases every level; returns how many there were. */
  releaseSave(lock: RLock): number;
  /** Reacquires, blocking, and restores `count` levels. */
  acquireRestore(lock: RLock, count: number): void;
  /** Reacquires without blocking the thread, and restores `count` levels. */
  acquireRestoreAsync(lock: RLock, count: number): Promise<void>;
};
