// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's _test_multiprocessing.py checks of connections
// (send/recv of objects and bytes, recv_bytes_into and BufferTooShort,
// poll, duplex, EOFError after close), within one process and with ends
// passed to child processes, including two children talking through
// their parent, over both channels between processes.
import assert from "node:assert/strict";
import {
  BufferTooShort,
  EOFError,
  Pipe,
  Process,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import { registerModule } from "@skein/concurrent/threading";
import { CHANNELS } from "./_channels.ts";
import {
  countUntilEof,
  echoBytes,
  echoLater,
  sendBig,
  sendNumbers,
} from "./fixtures/process_targets.ts";
import { type Holdings, openSegments, snapshot } from "../_leftovers.ts";

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
  // recv() is Python's loads(recv_bytes()): an object's bytes, echoed
  // with sendBytes, come as the object; other bytes are a ValueError.
  a.send([1, 2.25, null]);
  b.sendBytes(await b.recvBytes());
  assert.deepEqual(await a.recv(), [1, 2.25, null]);
  a.sendBytes(new TextEncoder().encode("hello"));
  await assert.rejects(b.recv(), {
    name: "ValueError",
    message: /encodes no object/,
  });
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

// Between processes a pair talks over a ring in shared memory when both
// sides have FFI, else over the children's stdin and stdout: each test
// runs over both (./_channels.ts), with the same results.
for (const [channel, permissions] of CHANNELS) {
  Deno.test(`Pipe (${channel}): an end passed to a child process talks from there`, async () => {
    const before = await holdings();
    const [here, there] = Pipe();
    here.sendBytes(new Uint8Array([1])); // sent before start: forwarded
    const p = new Process({ target: echoBytes, args: [there], permissions });
    p.start();
    assert.deepEqual(await here.recvBytes(), new Uint8Array([1]));
    // Bigger than the ring: it goes in pieces.
    const big = new Uint8Array(3 << 20).map((_, i) => (i * 7) & 0xff);
    here.sendBytes(big);
    assert.deepEqual(await here.recvBytes(), big);
    here.sendBytes(new Uint8Array([9, 8, 7, 6, 5]), 1, 3);
    const buffer = new Uint8Array(6);
    assert.equal(await here.recvBytesInto(buffer, 2), 3);
    assert.deepEqual([...buffer], [0, 0, 8, 7, 6, 0]);
    here.sendBytes(new Uint8Array(10).fill(3));
    const error = await here.recvBytesInto(new Uint8Array(4)).catch((e) => e);
    assert.ok(error instanceof BufferTooShort);
    assert.deepEqual(error.bytes, new Uint8Array(10).fill(3));
    here.sendBytes(new Uint8Array(0)); // the echo's stop mark
    await assert.rejects(here.recvBytes(), EOFError); // the child closed
    assert.equal(await here.poll(), true); // the end of the stream is ready
    await p.join();
    assert.equal(p.exitcode, 0);
    await assert.rejects(there.recv(), ValueError); // this end moved away
    here.close();
    await assertNoSegmentLeft(before);
  });

  Deno.test(`Pipe (${channel}): two children talk through their parent; exit means EOF`, async () => {
    const [a, b] = Pipe();
    const receiver = new Process({
      target: countUntilEof,
      args: [b],
      permissions,
    });
    const sender = new Process({
      target: sendNumbers,
      args: [a, 50],
      permissions,
    });
    receiver.start();
    sender.start();
    await sender.join();
    await receiver.join();
    // The sender exited without closing: its end is gone, so the receiver
    // got every message, then EOFError.
    assert.equal(sender.exitcode, 0);
    assert.equal(receiver.exitcode, 50);
  });

  Deno.test(`Pipe (${channel}): a child sends more than a ring holds and exits; it all arrives`, async () => {
    const before = await holdings();
    const [here, there] = Pipe({ duplex: false });
    const p = new Process({
      target: sendBig,
      args: [there, 12, 100_000],
      permissions,
    });
    p.start();
    await p.join(); // nothing read yet: the child still exits
    assert.equal(p.exitcode, 0);
    for (let i = 0; i < 12; i++) {
      assert.deepEqual(await here.recvBytes(), new Uint8Array(100_000).fill(i));
    }
    await assert.rejects(here.recvBytes(), EOFError);
    here.close();
    await assertNoSegmentLeft(before);
  });

  Deno.test(`Pipe (${channel}): poll waits for a child's reply; many receives wait at once`, async () => {
    const [here, there] = Pipe();
    const p = new Process({
      target: echoLater,
      args: [there, 50],
      permissions,
    });
    p.start();
    here.send("first");
    assert.equal(await here.poll({ timeout: 30 }), true);
    assert.equal(await here.poll(), true);
    assert.equal(await here.recv(), "first");
    assert.equal(await here.poll({ timeout: 0.01 }), false);
    // (A poll woken first sees the message that the receives then take.)
    const waiting = [here.poll({ timeout: null }), here.recv(), here.recv()];
    here.send(1);
    here.send(2);
    const [polled, x, y] = await Promise.all(waiting);
    assert.equal(polled, true);
    assert.deepEqual([x, y].sort(), [1, 2]);
    here.send(null);
    await p.join();
    await assert.rejects(here.recv(), EOFError); // the child exited
    here.close();
  });
}

Deno.test("Pipe (shared memory): a killed child means EOF and leaves no segment", async () => {
  const before = await holdings();
  const [here, there] = Pipe();
  const p = new Process({ target: echoLater, args: [there, 60_000] });
  p.start();
  here.send("never answered");
  await waitFor(async () => (await newSegments(before)).length === 1);
  const [segment] = await newSegments(before);
  const receiving = here.recv();
  p.kill();
  await p.join();
  await assert.rejects(receiving, EOFError);
  here.close();
  assert.equal(exists(segment!), false, `${segment} was left in /dev/shm`);
  await assertNoSegmentLeft(before);
});

Deno.test("Pipe and Queue: a parent without --allow-ffi talks to its child over stdin/stdout", async (t) => {
  for (const method of ["spawn", "forkserver"]) {
    await t.step(method, () => noFfiParent(method));
  }
});

async function noFfiParent(method: string): Promise<void> {
  const before = await holdings();
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      "--allow-sys",
      new URL("./fixtures/no_ffi_parent.ts", import.meta.url).pathname,
      method,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(code, 0);
  const lines = new TextDecoder().decode(stdout).trim().split("\n");
  assert.deepEqual(lines.map((line) => JSON.parse(line)), [
    { pipe: true, eof: true, exitcode: 0 },
    { queue: 499500, exitcode: 0 },
  ]);
  await assertNoSegmentLeft(before);
}

Deno.test("Pipe (shared memory): a parent killed with SIGKILL leaves no segment and no child", async () => {
  const parent = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      "--allow-ffi",
      new URL("./fixtures/pipe_parent.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let line = "";
  while (!line.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    line += value;
  }
  const { pid, segments } = JSON.parse(line) as {
    pid: number;
    segments: string[];
  };
  assert.equal(segments.length, 1);
  parent.kill("SIGKILL");
  await parent.status;
  await reader.cancel();
  await waitFor(async () => !exists(segments[0]!) && !(await alive(pid)));
  assert.equal(exists(segments[0]!), false, "the segment was left");
  assert.equal(await alive(pid), false, "the child outlived its parent");
});

let tracking = false;

// What this process holds, once the resource tracker's registry (which it
// keeps open from its first segment on) is there. (Not at the top level:
// a child with other permissions imports this module.)
async function holdings(): Promise<Holdings> {
  if (!tracking) new SharedMemory({ create: true, size: 8 }).unlink();
  tracking = true;
  return await snapshot();
}

// (Only segments: under forkserver a new spare child comes meanwhile.)
async function assertNoSegmentLeft(before: Holdings): Promise<void> {
  assert.deepEqual(await newSegments(before), [], "a segment is left");
}

async function newSegments(before: Holdings): Promise<string[]> {
  return (await openSegments()).filter((path) => !before.shm.has(path))
    .map((path) => path.slice("/dev/shm/".length).split(" ")[0]!);
}

function exists(name: string): boolean {
  return new Deno.Command("test", { args: ["-e", `/dev/shm/${name}`] })
    .outputSync().success;
}

async function alive(pid: number): Promise<boolean> {
  const { stdout } = await new Deno.Command("ps", {
    args: ["-o", "stat=", "-p", String(pid)],
    stdout: "piped",
  }).output();
  const state = new TextDecoder().decode(stdout).trim();
  return state !== "" && !state.startsWith("Z");
}

// Waits (20 s at most) until `check` holds.
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const end = performance.now() + 20_000;
  while (!await check() && performance.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
