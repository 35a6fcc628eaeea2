// Copyright 2026 the @skein/concurrent authors. MIT license.
// The chunks of Pool's map methods: what a worker runs for one chunk, and
// the chunks' results gathered into the one list of a map.

// The results of every chunk in one list, once all are done; the first
// error to come when some failed.
export function gather<R>(chunks: Promise<R[]>[]): Promise<R[]> {
  return new Promise((resolve, reject) => {
    const parts: R[][] = new Array(chunks.length);
    let left = chunks.length;
    let failure: { error: unknown } | undefined;
    const done = (): void => {
      if (--left > 0) return;
      if (failure === undefined) resolve(parts.flat() as R[]);
      else reject(failure.error);
    };
    if (left === 0) resolve([]);
    chunks.forEach((chunk, i) =>
      chunk.then((part) => {
        parts[i] = part;
        done();
      }, (error) => {
        failure ??= { error };
        done();
      })
    );
  });
}

/**
 * Runs a chunk of calls in a worker: `fn(item)` for each item, or
 * `fn(...item)` when `star`. A result is awaited only if it is a promise
 * (awaiting each would cost a microtask per item, more than most calls).
 * It crosses as source text, so it uses nothing from outside its body.
 */
export async function runChunk(
  fn: (...args: unknown[]) => unknown,
  items: unknown[],
  star: boolean,
): Promise<unknown[]> {
  const results = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const result = star ? fn(...items[i] as unknown[]) : fn(items[i]);
    const then = typeof result === "object" || typeof result === "function"
      ? (result as { then?: unknown } | null)?.then
      : undefined;
    results[i] = typeof then === "function" ? await result : result;
  }
  return results;
}
