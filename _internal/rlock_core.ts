// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's RLock, written once over SharedWords: a LockCore plus its
// owner and depth. The owner is a (process id, thread ident) pair, so one
// algorithm serves the threads of a process (threading.RLock) and the
// threads of many processes (multiprocessing.RLock), whose idents repeat.
//
// Two words cannot be read at once: a thread that does not own the lock
// could read one owner's ident and the next owner's pid, and take a thread
// of the same ident in another process for itself. Such a mix needs the pid
// to change between the two reads, so an owner that writes a new pid first
// advances GENERATION. An owner check reads ident, pid, generation: while
// only one pid was ever written (generation <= 1) no mix is possible; after
// that it reads them again and wants the generation unchanged. An ident is
// unique within its process and cleared when its owner frees the lock; the
// owner's words stay put while it holds it, so its check is always right.
// The threads of one process never advance GENERATION past 1.
import type { SharedWords } from "./shared_words.ts";
import { LockCore, TRUE } from "./lock_core.ts";
import { currentIdent } from "./ident.ts";

const MUTEX = 0; // a LockCore's word
const PID = 1; // the owner's process id (the last owner's, when free)
const THREAD = 2; // the owner's thread ident, 0 when free
const COUNT = 3; // how many times the owner holds it
const GENERATION = 4; // advances before each change of PID
/** How many words a reentrant lock's state takes. */
export const RLOCK_WORDS = 5;

/**
 * A reentrant lock in `words.cells[0..4]`. Timeouts come checked, in
 * seconds (undefined: forever). Only the owner writes the owner words, and
 * it clears its ident before it frees the mutex, so a thread reads its own
 * identity there only while it holds the lock.
 */
export class RLockCore {
  readonly words: SharedWords;
  readonly #cells: Int32Array;
  readonly #mutex: LockCore;
  readonly #pid = Deno.pid;

  constructor(words: SharedWords) {
    this.words = words;
    this.#cells = words.cells;
    this.#mutex = new LockCore(words, MUTEX);
  }

  /** Whether the current thread (of this process) holds the lock. */
  isOwned(): boolean {
    const cells = this.#cells;
    const ident = currentIdent();
    // A plain read can say "not mine": a thread sees its own writes. The
    // rest are Atomics.load, which costs as much as a store here.
    if (cells[THREAD] !== ident) return false;
    const pid = this.#pid;
    if (Atomics.load(cells, THREAD) !== ident) return false;
    if (Atomics.load(cells, PID) !== pid) return false;
    const generation = Atomics.load(cells, GENERATION);
    // No pid but this one ever written: the ident is this thread's.
    if (generation <= 1) return true;
    // Else the two may come from two owners: read them again, in one
    // generation.
    return Atomics.load(cells, THREAD) === ident &&
      Atomics.load(cells, PID) === pid &&
      Atomics.load(cells, GENERATION) === generation;
  }

  /** Whether any thread of any process holds it. */
  locked(): boolean {
    return this.#mutex.locked();
  }

  /** The owner's thread ident, 0 when free. */
  get owner(): number {
    return Atomics.load(this.#cells, THREAD);
  }

  /** How many times the owner holds it, 0 when free. */
  /** The owner's process id (the last owner's, when free). */
  get ownerPid(): number {
    return Atomics.load(this.#cells, PID);
  }

  get count(): number {
    return this.#cells[COUNT]!;
  }

  /** Takes it, or one more level of it, if that needs no wait. */
  tryAcquire(): boolean {
    if (this.isOwned()) {
      this.#cells[COUNT]!++;
      return true;
    }
    if (!this.#mutex.tryAcquire()) return false;
    this.#own(1);
    return true;
  }

  /** Takes it (or one more level), blocking the thread; whether in time. */
  acquireSync(timeout: number | undefined): boolean {
    if (this.tryAcquire()) return true;
    if (!this.#mutex.acquireSync(timeout)) return false;
    this.#own(1);
    return true;
  }

  /** acquireSync() without blocking the thread. */
  acquire(
    timeout: number | undefined,
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (this.tryAcquire()) return TRUE;
    // Owned in the turn that takes the mutex: a same-thread acquire that
    // runs before this resumes must see it as this thread's.
    return this.#mutex.acquire(timeout, signal, () => this.#own(1));
  }

  /**
   * Drops one level; the last frees the lock. Returns false, changing
   * nothing, if this thread does not hold it (each class raises its own
   * error).
   */
  release(): boolean {
    if (!this.isOwned()) return false;
    const count = this.#cells[COUNT]! - 1;
    if (count === 0) this.#free();
    else this.#cells[COUNT] = count;
    return true;
  }

  /**
   * Frees the lock whatever its depth and returns the depth (Python's
   * `_release_save`, for a Condition's wait). The caller holds it.
   */
  releaseSave(): number {
    const count = this.#cells[COUNT]!;
    this.#free();
    return count;
  }

  /** Takes it back, blocking, at `count` levels (`_acquire_restore`). */
  acquireRestore(count: number): void {
    this.#mutex.acquireSync(undefined);
    this.#own(count);
  }

  /** acquireRestore() without blocking the thread. */
  async acquireRestoreAsync(count: number): Promise<void> {
    await this.#mutex.acquire(undefined, undefined, () => this.#own(count));
  }

  // The depth is read by its owner only (and by a repr), so it needs no
  // atomics; the mutex's release publishes it to the next owner.
  #own(count: number): void {
    const cells = this.#cells;
    // Read under the mutex: the last owner's write is visible.
    if (cells[PID] !== this.#pid) {
      Atomics.add(cells, GENERATION, 1);
      Atomics.store(cells, PID, this.#pid);
    }
    Atomics.store(cells, THREAD, currentIdent());
    cells[COUNT] = count;
  }

  // Plain writes: the mutex's release publishes them to the next owner,
  // and so to any check that sees that owner's writes; the thread that
  // frees sees its own.
  #free(): void {
    const cells = this.#cells;
    cells[COUNT] = 0;
    cells[THREAD] = 0;
    this.#mutex.release();
  }
}
