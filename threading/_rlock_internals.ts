// Copyright 2026 the @skein/concurrent authors. MIT license.
// What Condition needs of an RLock: its core, whose isOwned, releaseSave
// and acquireRestore are Python's _is_owned, _release_save and
// _acquire_restore; filled by rlock.ts's static block.
import type { RLock } from "./rlock.ts";
import type { RLockCore } from "../_internal/rlock_core.ts";

export const rlockInternals = {} as {
  /** The core of `lock`. */
  core(lock: RLock): RLockCore;
};
