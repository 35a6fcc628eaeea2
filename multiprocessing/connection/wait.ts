// Copyright 2026 the @skein/concurrent authors. MIT license.
import { timeoutOptions } from "../../_internal/keywords.ts";
import { describe } from "../../_internal/describe.ts";
import { checkTimeout } from "../../_internal/seconds.ts";
import { ValueError } from "../../errors.ts";
import { whenReady } from "./_transport.ts";
import { Connection } from "./connection.ts";

/** Options of {@linkcode wait}. */
export interface WaitOptions {
  /**
   * Seconds to wait at most; `null` or omitted waits until one is ready,
   * 0 only checks.
   */
  timeout?: number | null;
}

/**
 * What {@linkcode wait} waits on: a {@linkcode Connection} (ready when a
 * message or the end of the stream is there to receive), or a promise,
 * such as a `Process`'s `sentinel` (ready when it settles: the process has
 * ended).
 */
export type WaitObject = Connection | Promise<unknown>;

const PENDING = Symbol("pending");

// Whether `promise` has settled: a settled promise's reaction runs before
// that of one resolved after it.
async function settled(promise: Promise<unknown>): Promise<boolean> {
  try {
    return await Promise.race([promise, PENDING]) !== PENDING;
  } catch {
    return true;
  }
}

async function readyOf<T extends WaitObject>(objects: readonly T[]): Promise<
  T[]
> {
  const aborted = AbortSignal.abort();
  const ready: T[] = [];
  for (const object of objects) {
    const isReady = object instanceof Connection
      ? object[whenReady](aborted) === null
      : await settled(object);
    if (isReady) ready.push(object);
  }
  return ready;
}

/**
 * Waits until one of `objectList` is ready, as Python's
 * `multiprocessing.connection.wait`, and returns those that are, in the
 * list's order. A {@linkcode Connection} is ready when a message, or the
 * end of the stream (its `recv` throws `EOFError`), is there to receive; a
 * promise, such as a `Process`'s `sentinel`, when it has settled (Python's
 * sentinel is a handle that becomes ready when the process ends). With a
 * `timeout` it returns `[]` once that many seconds pass with none ready.
 *
 * @example Python's example: four children, one reader each
 * ```ts
 * import { currentProcess, Pipe, Process } from "@skein/concurrent/multiprocessing";
 * import { type Connection, wait } from "@skein/concurrent/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * const readers: Connection[] = [];
 * for (let i = 0; i < 4; i++) {
 *   const [r, w] = Pipe({ duplex: false });
 *   readers.push(r);
 *   const p = new Process({
 *     target: async (w: Connection) => {
 *       const { currentProcess } = await import(
 *         "@skein/concurrent/multiprocessing"
 *       );
 *       for (let i = 0; i < 10; i++) w.send([i, currentProcess().name]);
 *       w.close();
 *     },
 *     args: [w],
 *   });
 *   p.start();
 *   // We close the writable end of the pipe now to be sure that p is the
 *   // only process which owns a handle for it.
 *   w.close();
 * }
 * const messages: unknown[] = [];
 * while (readers.length > 0) {
 *   for (const r of await wait(readers)) {
 *     try {
 *       messages.push(await r.recv());
 *     } catch {
 *       readers.splice(readers.indexOf(r as Connection), 1);
 *       r.close();
 *     }
 *   }
 * }
 * assert.equal(messages.length, 40);
 * assert.equal(currentProcess().name, "MainProcess");
 * ```
 *
 * @typeParam T The objects' type.
 * @param objectList The connections and promises to wait on.
 * @param options A `timeout` in seconds, by position (Python's) or in the
 * options.
 * @returns The ready ones; `[]` after a timeout.
 * @throws {TypeError} If an object is neither a Connection nor a promise.
 * @throws {ValueError} If a connection is closed or write-only.
 */
export async function wait<T extends WaitObject>(
  objectList: readonly T[],
  options?: number | null | WaitOptions,
): Promise<T[]> {
  if (!Array.isArray(objectList)) {
    throw new TypeError(
      `Cannot wait as 'objectList' must be an array: received ${
        describe(objectList)
      }`,
    );
  }
  objectList.forEach((object, i) => {
    if (!(object instanceof Connection) && !(object instanceof Promise)) {
      throw new TypeError(
        `Cannot wait as 'objectList[${i}]' must be a Connection or a promise (a Process's sentinel): received ${
          describe(object)
        }`,
      );
    }
  });
  const timeout = checkTimeout(
    "wait",
    timeoutOptions("wait", options).timeout,
    ValueError,
  );
  const ready = await readyOf(objectList);
  if (ready.length > 0 || (timeout !== undefined && timeout <= 0)) {
    return ready;
  }
  const stop = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waits: Promise<unknown>[] = objectList.map((object) =>
    object instanceof Connection
      ? object[whenReady](stop.signal) ?? Promise.resolve()
      : object.then(() => {}, () => {})
  );
  if (timeout !== undefined && timeout !== Infinity) {
    waits.push(
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeout * 1000);
      }),
    );
  }
  try {
    await Promise.race(waits);
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  return await readyOf(objectList);
}
