// Copyright 2026 the @skein/concurrent authors. MIT license.
// Who this process is, as multiprocessing names it: "MainProcess" in the
// program Deno ran, and in a child what its parent told it at start.
import { threadState } from "./thread_state.ts";

/** This process as its parent started it. */
export interface Identity {
  name: string;
  /** Python's `_identity`: the counters that name it, e.g. [1, 2]. */
  identity: number[];
  daemon: boolean;
  parentPid: number | null;
  parentName: string | null;
  /** Python's `authkey`: made by the main process, inherited by children. */
  authkey: Uint8Array;
}

const state = threadState("processIdentity", () => ({
  current: {
    name: "MainProcess",
    identity: [],
    daemon: false,
    parentPid: null,
    parentName: null,
    authkey: crypto.getRandomValues(new Uint8Array(32)),
  } as Identity,
  started: 0,
}));

/** This process. */
export function currentIdentity(): Identity {
  return state.current;
}

/** Sets this process's identity (the child bootstrap does). */
export function setCurrentIdentity(identity: Identity): void {
  state.current = identity;
}

/** The identity of the next child this process starts. */
export function nextIdentity(): number[] {
  return [...state.current.identity, ++state.started];
}
