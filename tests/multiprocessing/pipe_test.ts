// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's _test_multiprocessing.py checks of connections
// (send/recv of objects and bytes, recv_bytes_into and BufferTooShort,
// poll, duplex, EOFError after close), within one process and with ends
// passed to child processes, including two children talking through
// their parent.
import assert from "node:assert/strict";
import {
  BufferTooShort,
  EOFError,
  Pipe,
  Process,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  countUntilEof,
  echoBytes,
  sendNumbers,
} from "./fixtures/process_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

Deno.test("Pipe: objects and bytes within one process", async () => {
  const [a, b] = Pipe();
  const values = [1, "two", [3, { four: 4 }], new Map([[5, 6]]), null];
  for (const value of values) a.send(value);
  for (const value of values) assert.deepEqual(await b.recv(), value);
  b.send(new Uint8Array([1, 2, 3]));
  assert.deepEqual(await a.recv(), new Uint8Array([1, 2, 3]));
  a.sendBytes(new Uint8Array([9, 8, 7, 6]), 1, 2);
  assert.deepEqual(await b.recvBytes(), new Uint8Array([8, 7]));
  a.sendBytes(new Uint8Array([1, 2, 3]));
  const buffer = new Uint8Array(8);
  assert.equal(await b.recvBytesInto(buffer, 4), 3);
  assert.deepEqual([...buffer], [0, 0, 0, 0, 1, 2, 3, 0]);
  a.sendBytes(new Uint8Array(10));
  await assert.rejects(b.recvBytesInto(new Uint8Array(4)), BufferTooShort);
  assert.throws(() => a.sendBytes(new Uint8Array(2), 3), ValueError);
  assert.throws(() => a.send(Symbol("no")), TypeError);
  a.close();
  b.close();
});

Deno.test("Pipe: poll, close and EOFError", async () => {
  const [a, b] = Pipe();
  assert.equal(await b.poll(), false);
  assert.equal(await b.poll({ timeout: 0.05 }), false);
  setTimeout(() => a.send("late"), 20);
  assert.equal(await b.poll({ timeout: 10 }), true);
  assert.equal(await b.recv(), "late");
  a.send("last");
  a.close();
  assert.equal(a.closed, true);
  assert.throws(() => a.send(1), ValueError);
  assert.equal(await b.recv(), "last"); // what was sent comes first
  assert.equal(await b.poll(), true); // the end of the stream is ready
  await assert.rejects(b.recv(), EOFError);
  b.close();
});

Deno.test("Connection: using closes it, as Python's with", async () => {
  const [a, b] = Pipe();
  {
    using _a = a;
    using _b = b;
    a.send(1);
    assert.equal(await b.recv(), 1);
  }
  assert.ok(a.closed);
  assert.ok(b.closed);
});

Deno.test("Pipe: duplex false gives a reader and a writer", async () => {
  const [reader, writer] = Pipe({ duplex: false });
  assert.equal(reader.readable, true);
  assert.equal(reader.writable, false);
  assert.equal(writer.readable, false);
  assert.throws(() => reader.send(1), ValueError);
  await assert.rejects(writer.recv(), ValueError);
  writer.send("one way");
  assert.equal(await reader.recv(), "one way");
  assert.throws(() => Pipe({ duplex: 1 as never }), TypeError);
  reader.close();
  writer.close();
});

Deno.test("Pipe: an end passed to a child process talks from there", async () => {
  const [here, there] = Pipe();
  here.sendBytes(new Uint8Array([1])); // sent before start: forwarded
  const p = new Process({ target: echoBytes, args: [there] });
  p.start();
  assert.deepEqual(await here.recvBytes(), new Uint8Array([1]));
  const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
  here.sendBytes(big);
  assert.deepEqual(await here.recvBytes(), big);
  here.sendBytes(new Uint8Array(0)); // the echo's stop mark
  await assert.rejects(here.recvBytes(), EOFError); // the child closed
  await p.join();
  assert.equal(p.exitcode, 0);
  await assert.rejects(there.recv(), ValueError); // this end moved away
  here.close();
});

Deno.test("Pipe: two children talk through their parent; exit means EOF", async () => {
  const [a, b] = Pipe();
  const receiver = new Process({ target: countUntilEof, args: [b] });
  const sender = new Process({ target: sendNumbers, args: [a, 50] });
  receiver.start();
  sender.start();
  await sender.join();
  await receiver.join();
  // The sender exited without closing: its end is gone, so the receiver
  // got every message, then EOFError.
  assert.equal(sender.exitcode, 0);
  assert.equal(receiver.exitcode, 50);
});

Deno.test("Connection: a recv and a poll wait at once; close() ends a waiting recv", async () => {
  const [a, b] = Pipe();
  const polled = b.poll({ timeout: 30 }); // woken first, sees the message
  const received = b.recv();
  a.send("one");
  assert.equal(await polled, true);
  assert.equal(await received, "one");
  const both = [b.recv(), b.recv()];
  a.send(1);
  a.send(2);
  assert.deepEqual((await Promise.all(both)).sort(), [1, 2]);
  const waiting = b.recv();
  b.close();
  await assert.rejects(waiting, { message: "handle is closed" });
  a.close();
});
