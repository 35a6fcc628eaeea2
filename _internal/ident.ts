// Copyright 2026 the @skein/concurrent authors. MIT license.
// The ident of the thread this copy of the module runs in. The main thread
// keeps MAIN_IDENT; the worker bootstrap sets a worker's ident once, before
// it runs any user code. RLock ownership and threading.getIdent() read it.

/** The ident of the main thread. */
export const MAIN_IDENT = 1;

let current = MAIN_IDENT;

/** The ident of the current thread (never 0). */
export function currentIdent(): number {
  return current;
}

/** Sets the current thread's ident; called once by the worker bootstrap. */
export function setCurrentIdent(ident: number): void {
  current = ident;
}
