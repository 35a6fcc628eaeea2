// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's test_concurrent_futures/test_wait.py and test_as_completed.py.
import assert from "node:assert/strict";
import {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  TimeoutError,
  wait,
} from "@skein/concurrent/futures";

function pending<T>(): Future<T> {
  return new Future<T>();
}
function succeeded<T>(value: T): Future<T> {
  const f = new Future<T>();
  f.setRunningOrNotifyCancel();
  f.setResult(value);
  return f;
}
function failed(): Future<never> {
  const f = new Future<never>();
  f.setRunningOrNotifyCancel();
  f.setException(new Error("failed"));
  return f;
}
function cancelledAndNotified(): Future<never> {
  const f = new Future<never>();
  f.cancel();
  f.setRunningOrNotifyCancel();
  return f;
}
function later(f: Future<unknown>, ms: number, value: unknown = ms): void {
  setTimeout(() => {
    f.setRunningOrNotifyCancel();
    f.setResult(value);
  }, ms);
}

Deno.test("wait(FIRST_COMPLETED) returns at the first to finish", async () => {
  const f1 = pending<number>();
  const f2 = pending<number>();
  later(f1, 5);
  const { done, notDone } = await wait([f1, f2], {
    returnWhen: FIRST_COMPLETED,
  });
  assert.deepEqual([...done], [f1]);
  assert.deepEqual([...notDone], [f2]);
});

Deno.test("wait(FIRST_COMPLETED) with one already done returns at once", async () => {
  const ok = succeeded(1);
  const p = pending<number>();
  const { done, notDone } = await wait([ok, p], {
    returnWhen: FIRST_COMPLETED,
  });
  assert.deepEqual([...done], [ok]);
  assert.deepEqual([...notDone], [p]);
});

Deno.test("wait(FIRST_EXCEPTION) returns at the first exception", async () => {
  const ok = succeeded(1);
  const bad = pending<number>();
  const slow = pending<number>();
  setTimeout(() => {
    bad.setRunningOrNotifyCancel();
    bad.setException(new Error("x"));
  }, 5);
  const { done, notDone } = await wait([ok, bad, slow], {
    returnWhen: FIRST_EXCEPTION,
  });
  assert.deepEqual(new Set(done), new Set([ok, bad]));
  assert.deepEqual([...notDone], [slow]);
  const already = await wait([failed(), pending()], {
    returnWhen: FIRST_EXCEPTION,
  });
  assert.equal(already.done.size, 1);
});

Deno.test("wait(ALL_COMPLETED) waits for all; cancelled-and-notified counts as done", async () => {
  const f1 = pending<number>();
  const cancelled = cancelledAndNotified();
  later(f1, 5);
  const { done, notDone } = await wait(
    [succeeded(1), failed(), cancelled, f1],
    {
      returnWhen: ALL_COMPLETED,
    },
  );
  assert.equal(done.size, 4);
  assert.equal(notDone.size, 0);
});

Deno.test("wait() with a timeout returns what is done", async () => {
  const ok = succeeded(1);
  const never = pending<number>();
  const { done, notDone } = await wait([ok, never], { timeout: 0.02 });
  assert.deepEqual([...done], [ok]);
  assert.deepEqual([...notDone], [never]);
});

Deno.test("wait() counts duplicates once, and rejects a bad returnWhen", async () => {
  const ok = succeeded(1);
  const { done } = await wait([ok, ok, ok]);
  assert.equal(done.size, 1);
  await assert.rejects(
    wait([ok], { returnWhen: "SOMETIMES" as typeof ALL_COMPLETED }),
    { name: "ValueError" },
  );
});

Deno.test("asCompleted() yields done futures, then in completion order, each once", async () => {
  const done = succeeded("done");
  const slow = pending<string>();
  const fast = pending<string>();
  later(slow, 30, "slow");
  later(fast, 5, "fast");
  const order: string[] = [];
  for await (const f of asCompleted([done, slow, fast, fast, done])) {
    order.push(await f.result());
  }
  assert.deepEqual(order, ["done", "fast", "slow"]);
});

Deno.test("asCompleted() times out with Python's message", async () => {
  const f1 = succeeded(1);
  const f2 = pending<number>();
  const f3 = pending<number>();
  const seen: Future<number>[] = [];
  await assert.rejects(
    (async () => {
      for await (const f of asCompleted([f1, f2, f3], { timeout: 0.02 })) {
        seen.push(f);
      }
    })(),
    (error) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.message, "2 (of 3) futures unfinished");
      return true;
    },
  );
  assert.deepEqual(seen, [f1]);
});
