// Copyright 2026 the @skein/concurrent authors. MIT license.
// The one check of a task that exceeded a limit, for every pool's tests.
import assert from "node:assert/strict";

/** A ResourceLimitError class: futures', multiprocessing's, ... */
type LimitErrorClass = abstract new (...args: never[]) => {
  kind: string;
  limit: number;
  used: number;
};

/**
 * Asserts that `promise` rejects with an `errorClass` for `kind` at
 * `limit`, whose `used` is about the limit or more.
 */
export async function assertBreach(
  promise: Promise<unknown>,
  errorClass: LimitErrorClass,
  kind: string,
  limit: number,
): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof errorClass, String(error));
    assert.equal(error.kind, kind);
    assert.equal(error.limit, limit);
    assert.ok(error.used >= limit * 0.9, `used ${error.used}`);
    return true;
  });
}
