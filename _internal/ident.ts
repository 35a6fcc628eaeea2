// Copyright 2026 the @skein/concurrent authors. MIT license.
// Thread idents, unique across every thread of the process: the counters
// live in one SharedArrayBuffer that the main thread creates and each worker
// receives before it runs user code. The main thread is ident 1.

/** The ident of the main thread. */
export const MAIN_IDENT = 1;

const IDENT = 0; // last ident given out
const NAME = 1; // last "Thread-N" number given out

let counters = new Int32Array(new SharedArrayBuffer(8));
counters[IDENT] = MAIN_IDENT;
let current = MAIN_IDENT;

/** The ident of the current thread (never 0). */
export function currentIdent(): number {
  return current;
}

/** A fresh ident for a thread about to start. */
export function nextIdent(): number {
  return Atomics.add(counters, IDENT, 1) + 1;
}

/** The next number for a default thread name, `Thread-N`. */
export function nextThreadNumber(): number {
  return Atomics.add(counters, NAME, 1) + 1;
}

/** The process-wide counters, to hand to a worker. */
export function identCounters(): SharedArrayBuffer {
  return counters.buffer as SharedArrayBuffer;
}

/** In a worker: adopts the process-wide counters and this thread's ident. */
export function enterThread(buffer: SharedArrayBuffer, ident: number): void {
  counters = new Int32Array(buffer);
  current = ident;
}

/** Sets the current thread's ident (tests that drive raw workers use it). */
export function setCurrentIdent(ident: number): void {
  current = ident;
}
