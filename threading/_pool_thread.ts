// Copyright 2026 the @skein/concurrent authors. MIT license.
// The named thread a pool's worker runs its tasks as. Only its name and
// ident are kept here; currentThread() makes its Thread object when a task
// asks for it, so that a pool worker does not load thread.ts (and the
// modules it needs) before its first result.
import { currentIdent } from "../_internal/ident.ts";
import { current, resetLocals } from "./_thread_state.ts";

/**
 * Names this worker's thread, for a pool's workers: `currentThread().name`.
 * A pool thread new to this worker starts with no `local` values (what an
 * earlier thread of the worker set is not its).
 */
export function nameWorkerThread(name: string): void {
  const ident = currentIdent();
  const named = current.thread ?? current.pending;
  if (named?.name === name && named.ident === ident) return;
  resetLocals();
  current.thread = undefined;
  current.pending = { name, ident, daemon: false };
}
