// Copyright 2026 the @skein/concurrent authors. MIT license.
// Client's errors: Deno's own, naming the address; bad arguments rejected
// before connecting. (Its connections and authentication are tested with
// Listener's, in listener_test.ts.)
import assert from "node:assert/strict";
import { Client, Listener } from "@skein/concurrent/multiprocessing/connection";

Deno.test("Client: a refused connection is Deno's ConnectionRefused naming the address", async () => {
  const l = new Listener(["127.0.0.1", 0]);
  const [host, port] = l.address as [string, number];
  l.close(); // nothing listens there now
  await assert.rejects(Client([host, port]), (e: Error) => {
    assert.ok(e instanceof Deno.errors.ConnectionRefused);
    assert.ok(e.message.startsWith(`Cannot connect to 127.0.0.1:${port}: `));
    assert.ok(e.cause instanceof Deno.errors.ConnectionRefused);
    return true;
  });
});

Deno.test("Client: bad arguments are rejected before connecting", async () => {
  await assert.rejects(Client(undefined as never), {
    name: "TypeError",
    message:
      "Cannot connect Client as 'address' must be a path or [hostname, port]: received null",
  });
  await assert.rejects(Client([6000, "127.0.0.1"] as never), {
    name: "TypeError",
    message:
      "Cannot connect Client as 'address' must be a path or [hostname, port]: received an array",
  });
  await assert.rejects(Client(["127.0.0.1", -1]), {
    name: "ValueError",
    message:
      "Cannot connect Client as the port of 'address' must be 0-65535: current value is -1",
  });
  await assert.rejects(Client(["127.0.0.1", 1], { family: "AF_UNIX" }), {
    name: "ValueError",
    message:
      "Cannot connect Client as 'family' AF_UNIX does not match 'address' 127.0.0.1:1: AF_UNIX takes a path",
  });
  await assert.rejects(
    Client(["127.0.0.1", 1], { authkey: [1, 2] as never }),
    {
      name: "TypeError",
      message:
        "Cannot connect Client as 'authkey' must be a Uint8Array or a string: received an array",
    },
  );
});
