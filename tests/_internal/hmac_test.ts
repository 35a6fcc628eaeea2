// Copyright 2026 the @skein/concurrent authors. MIT license.
import assert from "node:assert/strict";
import {
  checkAuthkey,
  digest,
  equalBytes,
  HmacSha256,
  sha256,
} from "../../_internal/hmac.ts";

Deno.test("HmacSha256 gives Web Crypto's HMAC-SHA256 for every key and message length around the block", async () => {
  for (const keyLength of [1, 16, 63, 64, 65, 200]) {
    const key = crypto.getRandomValues(new Uint8Array(keyLength));
    const hmac = new HmacSha256(key);
    for (
      const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 300, 1000]
    ) {
      const message = crypto.getRandomValues(new Uint8Array(length));
      const mac = hmac.sign(message);
      assert.deepEqual(mac, await digest(key, message));
      assert.ok(hmac.verify(mac, message));
      mac[0]! ^= 1;
      assert.ok(!hmac.verify(mac, message));
    }
  }
});

Deno.test("HmacSha256 matches RFC 4231 test case 2", () => {
  const mac = new HmacSha256(new TextEncoder().encode("Jefe")).sign(
    new TextEncoder().encode("what do ya want for nothing?"),
  );
  assert.equal(
    [...mac].map((b) => b.toString(16).padStart(2, "0")).join(""),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
});

Deno.test("equalBytes and checkAuthkey", () => {
  assert.ok(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2])));
  assert.ok(!equalBytes(new Uint8Array([1, 2]), new Uint8Array([1])));
  assert.deepEqual(checkAuthkey("x", "ab"), new Uint8Array([97, 98]));
  assert.equal(checkAuthkey("x", undefined), undefined);
  assert.throws(() => checkAuthkey("create Listener", 5), {
    name: "TypeError",
    message:
      "Cannot create Listener as 'authkey' must be a Uint8Array or a string: received number",
  });
});

Deno.test("sha256 gives Web Crypto's SHA-256", async () => {
  for (const length of [0, 1, 55, 56, 64, 65, 1000]) {
    const message = crypto.getRandomValues(new Uint8Array(length));
    assert.deepEqual(
      sha256(message),
      new Uint8Array(await crypto.subtle.digest("SHA-256", message)),
    );
  }
});
