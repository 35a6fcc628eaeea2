// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import {
  checkSeconds,
  checkTimeout,
  checkWaitSeconds,
} from "../../_internal/seconds.ts";
import { ValueError } from "../../errors.ts";
import { Future } from "@skein/concurrent/futures";
import { Thread } from "@skein/concurrent/threading";

Deno.test("checkSeconds(): TypeError for a wrong type, ValueError for NaN", () => {
  assert.equal(
    checkSeconds("wait", "timeout", undefined, ValueError),
    undefined,
  );
  assert.equal(checkSeconds("wait", "timeout", 0.5, ValueError), 0.5);
  assert.equal(checkSeconds("wait", "timeout", -1, ValueError), -1);
  assert.throws(() => checkSeconds("wait", "timeout", "1", ValueError), {
    name: "TypeError",
    message:
      "Cannot wait as 'timeout' must be a number of seconds: received string",
  });
  assert.throws(() => checkSeconds("wait", "timeout", NaN, ValueError), {
    name: "ValueError",
    message:
      "Cannot wait as 'timeout' must be a number of seconds: current value is NaN",
  });
});

Deno.test("checkTimeout(): null is Python's None, as omitted; checkSeconds() rejects it", () => {
  assert.equal(checkTimeout("wait", null, ValueError), undefined);
  assert.equal(checkTimeout("wait", undefined, ValueError), undefined);
  assert.equal(checkTimeout("wait", 2, ValueError), 2);
  assert.equal(checkWaitSeconds("wait", null, ValueError), undefined);
  assert.equal(checkWaitSeconds("wait", -3, ValueError), 0);
  assert.throws(() => checkTimeout("wait", "1", ValueError), {
    name: "TypeError",
    message:
      "Cannot wait as 'timeout' must be a number of seconds or null: received string",
  });
  assert.throws(() => checkTimeout("wait", NaN, ValueError), {
    name: "ValueError",
    message:
      "Cannot wait as 'timeout' must be a number of seconds or null: current value is NaN",
  });
  assert.throws(
    () => checkSeconds("create Timer", "interval", null, ValueError),
    {
      name: "TypeError",
      message:
        "Cannot create Timer as 'interval' must be a number of seconds: received null",
    },
  );
});

Deno.test("timeouts are checked alike across modules", async () => {
  const future = new Future<number>();
  await assert.rejects(
    future.result({ timeout: "1" as unknown as number }),
    TypeError,
  );
  await assert.rejects(future.result({ timeout: NaN }), ValueError);
  const thread = new Thread({ target: () => {} });
  thread.start();
  await assert.rejects(
    thread.join({ timeout: "1" as unknown as number }),
    TypeError,
  );
  assert.throws(() => thread.joinSync({ timeout: NaN }), ValueError);
  await thread.join();
});
