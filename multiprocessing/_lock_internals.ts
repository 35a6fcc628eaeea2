// Copyright 2026 the @skein/concurrent authors. MIT license.
// What RLock needs of a Lock: an acquire whose `onLocked` runs in the turn
// that takes it; filled by synchronize.ts's static block.
import type { Lock, ProcessAcquireOptions } from "./synchronize.ts";

export const lockInternals = {} as {
  /** `lock.acquire(options)`, running `onLocked` as the lock is taken. */
  acquire(
    lock: Lock,
    options: ProcessAcquireOptions,
    onLocked: () => void,
  ): Promise<boolean>;
};
