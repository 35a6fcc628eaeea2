// Copyright 2026 the @skein/concurrent authors. MIT license.
// SharedArrayBuffers inside bytes. Bytes that another thread reads from
// shared memory (a queue item) cannot hold a SharedArrayBuffer, and a
// thread blocked in getSync() cannot receive one by message. Deno's own
// serializer can: it parks the buffer in the process-wide store that
// postMessage uses and writes the store's id, and deserializing in any
// thread takes the buffer back out, once. That serializer is reachable only
// through Deno's internal namespace, so this file checks for it and fails
// with a clear error where it is missing.

interface Core {
  serialize(value: unknown): Uint8Array;
  deserialize(bytes: Uint8Array): unknown;
}

const core: Core | undefined = (() => {
  const internal = (Deno as unknown as Record<symbol, unknown>)[
    (Deno as unknown as { internal: symbol }).internal
  ] as { core?: Partial<Core> } | undefined;
  const found = internal?.core;
  return typeof found?.serialize === "function" &&
      typeof found.deserialize === "function"
    ? found as Core
    : undefined;
})();

/**
 * Bytes that carry `buffers` to any thread of this process, to be unpacked
 * exactly once.
 *
 * @throws {TypeError} If this Deno does not expose its serializer.
 */
export function packBuffers(
  buffers: readonly SharedArrayBuffer[],
  path: string,
): Uint8Array {
  if (core === undefined) {
    throw new TypeError(
      `Cannot put ${path} into shared memory as it holds a SharedArrayBuffer, which this version of Deno cannot carry in bytes: pass it to the thread as an argument instead`,
    );
  }
  return core.serialize(buffers);
}

/** The buffers packBuffers() packed; the bytes are spent afterwards. */
export function unpackBuffers(bytes: Uint8Array): SharedArrayBuffer[] {
  return core!.deserialize(bytes) as SharedArrayBuffer[];
}
