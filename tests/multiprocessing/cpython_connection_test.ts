// Copyright 2026 the @skein/concurrent authors. MIT license.
// CPython 3.11's _test_multiprocessing.py, classes _TestConnection and
// _TestPoll, case by case (each test named after the method, those with
// children once per channel; run again under forkserver by
// cpython_forkserver_test.ts). Adapted throughout: TIMEOUT1 is 0.05 s
// (CPython's 0.1). Deviation: where CPython raises OSError (a closed
// handle, the wrong direction of a one-way end) this package throws
// ValueError, as its Connection documents ("handle is closed",
// "connection is read-only"). Skipped:
// - _TestConnection.test_fd_transfer, test_large_fd_transfer,
//   test_missing_fd_transfer: no file descriptors cross (Deno has no
//   SCM_RIGHTS, and no multiprocessing.reduction here).
// - conn.fileno() in test_connection: a Connection has no descriptor.
import assert from "node:assert/strict";
import {
  BufferTooShort,
  EOFError,
  Pipe,
  Process,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { CHANNELS } from "./_channels.ts";
import {
  childBoundaries,
  childDontMerge,
  childStrings,
  echo,
} from "./fixtures/cpython_targets.ts";

registerModule(new URL("./fixtures/cpython_targets.ts", import.meta.url));

const TIMEOUT1 = 0.05;
const SENTINEL = new Uint8Array(0);
const latin = (s: string): Uint8Array => new TextEncoder().encode(s);

for (const [channel, permissions] of CHANNELS) {
  Deno.test(`_TestConnection.test_connection (${channel})`, async () => {
    const [conn, childConn] = Pipe();
    const p = new Process({ target: echo, args: [childConn], permissions });
    p.daemon = true;
    p.start();
    const seq = [1, 2.25, null];
    const msg = latin("hello world");
    const longmsg = latin("hello world".repeat(10));
    const arr = new Int32Array([0, 1, 2, 3]);
    assert.equal(conn.send(seq), undefined);
    assert.deepEqual(await conn.recv(), seq);
    assert.equal(conn.sendBytes(msg), undefined);
    assert.deepEqual(await conn.recvBytes(), msg);
    let buffer = new Int32Array(10);
    assert.equal(conn.sendBytes(arr), undefined);
    assert.equal(await conn.recvBytesInto(buffer), arr.length * 4);
    assert.deepEqual([...buffer], [0, 1, 2, 3, 0, 0, 0, 0, 0, 0]);
    buffer = new Int32Array(10);
    assert.equal(conn.sendBytes(arr), undefined);
    assert.equal(await conn.recvBytesInto(buffer, 3 * 4), arr.length * 4);
    assert.deepEqual([...buffer], [0, 0, 0, 0, 1, 2, 3, 0, 0, 0]);
    const bytes = latin(" ".repeat(40));
    assert.equal(conn.sendBytes(longmsg), undefined);
    const error = await conn.recvBytesInto(bytes).catch((e) => e);
    assert.ok(error instanceof BufferTooShort, String(error));
    assert.deepEqual(error.bytes, longmsg); // CPython's e.args == (longmsg,)
    assert.equal(await conn.poll(), false);
    assert.equal(await conn.poll({ timeout: -1 }), false);
    assert.equal(await conn.poll({ timeout: TIMEOUT1 }), false);
    conn.send(null);
    // (CPython sleeps 0.1 s, then polls TIMEOUT1: here poll waits.)
    assert.equal(await conn.poll({ timeout: 30 }), true);
    assert.equal(await conn.recv(), null);
    const reallyBigMsg = new Uint8Array(1024 * 1024 * 16).fill(0x58); // 16 MiB
    conn.sendBytes(reallyBigMsg);
    assert.deepEqual(await conn.recvBytes(), reallyBigMsg);
    conn.sendBytes(SENTINEL); // tell child to quit
    childConn.close();
    assert.equal(conn.readable, true);
    assert.equal(conn.writable, true);
    await assert.rejects(conn.recv(), EOFError);
    await assert.rejects(conn.recvBytes(), EOFError);
    await p.join();
    conn.close();
  });

  Deno.test(`_TestConnection.test_spawn_close (${channel})`, async () => {
    const [conn, childConn] = Pipe();
    const p = new Process({ target: echo, args: [childConn], permissions });
    p.daemon = true;
    p.start();
    childConn.close(); // this might complete before child initializes
    const msg = latin("hello");
    conn.sendBytes(msg);
    assert.deepEqual(await conn.recvBytes(), msg);
    conn.sendBytes(SENTINEL);
    conn.close();
    await p.join();
  });

  Deno.test(`_TestPoll.test_strings (${channel})`, async () => {
    // (The child pauses 10 ms before each, CPython's 0.1 s.)
    const strings = ["hello", "", "a", "b", "", "bye", "", "lop"].map(latin);
    const [a, b] = Pipe();
    const p = new Process({
      target: childStrings,
      args: [b, strings],
      permissions,
    });
    p.start();
    for (const s of strings) {
      for (let i = 0; i < 200; i++) {
        if (await a.poll({ timeout: 0.01 })) break;
      }
      const x = await a.recvBytes();
      assert.deepEqual(x, s);
    }
    await p.join();
    a.close();
  });

  // Deviation: the reading end passed to the child moved there (CPython's
  // parent keeps a copy of it), so this process cannot read it after: its
  // recv_bytes is a ValueError. What the child's poll pulled in is not
  // split: a poll here takes whole messages only, and its exit is clean.
  Deno.test(`_TestPoll.test_boundaries (${channel})`, async () => {
    const [r, w] = Pipe({ duplex: false });
    const p = new Process({ target: childBoundaries, args: [r], permissions });
    p.start();
    // (No 2 s sleep: the child polls whenever the messages come.)
    for (const obj of [latin("first"), latin("second")]) w.sendBytes(obj);
    w.close();
    await p.join();
    assert.equal(p.exitcode, 0); // its poll saw a message
    await assert.rejects(r.recvBytes(), {
      name: "ValueError",
      message: /passed to process/,
    });
    r.close();
  });

  Deno.test(`_TestPoll.test_dont_merge (${channel})`, async () => {
    const [a, b] = Pipe();
    assert.equal(await a.poll({ timeout: 0 }), false);
    assert.equal(await a.poll({ timeout: 0.1 }), false);
    const p = new Process({ target: childDontMerge, args: [b], permissions });
    p.start();
    assert.deepEqual(await a.recvBytes(), latin("a"));
    assert.equal(await a.poll({ timeout: 1 }), true);
    assert.equal(await a.poll({ timeout: 1 }), true);
    assert.deepEqual(await a.recvBytes(), latin("b"));
    assert.equal(await a.poll({ timeout: 1 }), true);
    assert.equal(await a.poll({ timeout: 1 }), true);
    assert.equal(await a.poll({ timeout: 0 }), true);
    assert.deepEqual(await a.recvBytes(), latin("cd"));
    await p.join();
    a.close();
  });
}

Deno.test("_TestConnection.test_duplex_false", async () => {
  const [reader, writer] = Pipe({ duplex: false });
  assert.equal(writer.send(1), undefined);
  assert.equal(await reader.recv(), 1);
  assert.equal(reader.readable, true);
  assert.equal(reader.writable, false);
  assert.equal(writer.readable, false);
  assert.equal(writer.writable, true);
  // OSError in CPython (see the top of this file).
  assert.throws(() => reader.send(2), ValueError);
  await assert.rejects(writer.recv(), ValueError);
  await assert.rejects(writer.poll(), ValueError);
  reader.close();
  writer.close();
});

Deno.test("_TestConnection.test_sendbytes", async () => {
  const msg = latin("abcdefghijklmnopqrstuvwxyz");
  const [a, b] = Pipe();
  a.sendBytes(msg);
  assert.deepEqual(await b.recvBytes(), msg);
  a.sendBytes(msg, 5);
  assert.deepEqual(await b.recvBytes(), msg.subarray(5));
  a.sendBytes(msg, 7, 8);
  assert.deepEqual(await b.recvBytes(), msg.subarray(7, 7 + 8));
  a.sendBytes(msg, 26);
  assert.deepEqual(await b.recvBytes(), latin(""));
  a.sendBytes(msg, 26, 0);
  assert.deepEqual(await b.recvBytes(), latin(""));
  assert.throws(() => a.sendBytes(msg, 27), ValueError);
  assert.throws(() => a.sendBytes(msg, 22, 5), ValueError);
  assert.throws(() => a.sendBytes(msg, 26, 1), ValueError);
  assert.throws(() => a.sendBytes(msg, -1), ValueError);
  assert.throws(() => a.sendBytes(msg, 4, -1), ValueError);
  a.close();
  b.close();
});

Deno.test("_TestConnection.test_context", async () => {
  const [a, b] = Pipe();
  {
    using _a = a;
    using _b = b;
    a.send(1729);
    assert.equal(await b.recv(), 1729);
    assert.equal(a.closed, false);
    assert.equal(b.closed, false);
  }
  assert.equal(a.closed, true);
  assert.equal(b.closed, true);
  // OSError in CPython (see the top of this file).
  await assert.rejects(a.recv(), ValueError);
  await assert.rejects(b.recv(), ValueError);
});

Deno.test("_TestPoll.test_empty_string", async () => {
  const [a, b] = Pipe();
  assert.equal(await a.poll(), false);
  b.sendBytes(latin(""));
  assert.equal(await a.poll(), true);
  assert.equal(await a.poll(), true);
  a.close();
  b.close();
});
