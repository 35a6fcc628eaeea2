// Copyright 2026 the @skein/concurrent authors. MIT license.
// For the tests of `null` as Python's None (issue #19, item 3): a wait
// given `timeout: null` must still be waiting after a turn of the event
// loop (not given up at once, as a timeout of 0 would), and then return
// when woken.

/**
 * Whether `promise` is still pending once the event loop has run a task;
 * its outcome is kept for a later `await`.
 */
export async function stillPending(
  promise: Promise<unknown>,
): Promise<boolean> {
  let settled = false;
  promise.then(() => settled = true, () => settled = true);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return !settled;
}
