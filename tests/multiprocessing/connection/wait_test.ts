// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports CPython's TestWait: wait() over pipes whose writers are children,
// over socket connections from children, with a timeout, and over process
// sentinels; and its argument checks.
import assert from "node:assert/strict";
import {
  type Connection,
  EOFError,
  Listener,
  wait,
} from "@skein/concurrent/multiprocessing/connection";
import {
  Event,
  Pipe,
  Process,
  Semaphore,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  sendTen,
  sendTenLines,
  signalAndWait,
} from "../fixtures/connection_targets.ts";

registerModule(new URL("../fixtures/connection_targets.ts", import.meta.url));

Deno.test("wait: test_wait, four children each own a pipe's writing end", async () => {
  const readers: Connection[] = [];
  const procs: Process[] = [];
  for (let i = 0; i < 4; i++) {
    const [r, w] = Pipe({ duplex: false });
    const p = new Process({ target: sendTen, args: [w], daemon: true });
    p.start();
    w.close(); // the child's end: closing it here leaves the child's
    readers.push(r);
    procs.push(p as Process);
  }
  const messages: [number, string][] = [];
  while (readers.length > 0) {
    for (const r of await wait(readers)) {
      try {
        messages.push(await r.recv() as [number, string]);
      } catch (error) {
        assert.ok(error instanceof EOFError);
        readers.splice(readers.indexOf(r), 1);
        r.close();
      }
    }
  }
  const key = ([i, name]: [number, string]): string => `${name}/${i}`;
  const expected = procs.flatMap((p) =>
    Array.from({ length: 10 }, (_, i) => [i, p.name] as [number, string])
  );
  assert.deepEqual(messages.map(key).sort(), expected.map(key).sort());
  for (const p of procs) await p.join();
});

Deno.test("wait: test_wait_socket, four children each send over a Client", async () => {
  using l = new Listener(["127.0.0.1", 0]);
  const procs: Process[] = [];
  for (let i = 0; i < 4; i++) {
    const p = new Process({
      target: sendTenLines,
      args: [l.address as [string, number]],
      permissions: { net: ["127.0.0.1"] },
    });
    p.start();
    procs.push(p as Process);
  }
  const readers: Connection[] = [];
  const received = new Map<Connection, string>();
  for (let i = 0; i < 4; i++) {
    const r = await l.accept();
    readers.push(r);
    received.set(r, "");
  }
  const text = new TextDecoder();
  while (readers.length > 0) {
    for (const r of await wait(readers)) {
      try {
        received.set(r, received.get(r) + text.decode(await r.recvBytes()));
      } catch (error) {
        assert.ok(error instanceof EOFError, String(error));
        readers.splice(readers.indexOf(r), 1);
        r.close();
      }
    }
  }
  const expected = Array.from({ length: 10 }, (_, i) => `${i}\n`).join("");
  assert.deepEqual([...received.values()], Array(4).fill(expected));
  for (const p of procs) await p.join();
});

Deno.test("wait: test_wait_timeout, then the ready one only", async () => {
  const [a, b] = Pipe();
  const start = performance.now();
  assert.deepEqual(await wait([a, b], { timeout: 0.3 }), []);
  // The timeout is the thing tested: it waited, with a wide margin.
  assert.ok(performance.now() - start >= 250);
  b.send(null);
  assert.deepEqual(await wait([a, b], { timeout: 20 }), [a]);
  assert.deepEqual(await wait([a, b]), [a]); // no timeout: still ready
  assert.equal(await a.recv(), null);
  // A wait that ended leaves no waiter behind: a later close() is quiet.
  a.close();
  b.close();
});

Deno.test("wait: test_neg_timeout and timeout 0 only check", async () => {
  const [a, b] = Pipe();
  assert.deepEqual(await wait([a], { timeout: -1 }), []);
  assert.deepEqual(await wait([a], { timeout: 0 }), []);
  b.sendBytes(new Uint8Array(1));
  assert.deepEqual(await wait([a, b], { timeout: 0 }), [a]);
  b.close();
  await a.recvBytes();
  // The end of the stream is ready too (recv would throw EOFError).
  assert.deepEqual(await wait([a], { timeout: null }), [a]);
  a.close();
});

Deno.test("wait: test_wait_integer, a process's sentinel among pipes", async () => {
  const sem = new Semaphore(0);
  const go = new Event();
  const [a, b] = Pipe();
  const p = new Process({ target: signalAndWait, args: [sem, go] });
  p.start();
  const sentinel = p.sentinel;
  assert.ok(sentinel instanceof Promise);
  assert.equal(await sem.acquire({ timeout: 20 }), true);
  // The child waits for `go`: nothing is ready.
  assert.deepEqual(await wait([a, sentinel, b], { timeout: 0.1 }), []);
  go.set();
  assert.deepEqual(await wait([a, sentinel, b], { timeout: 20 }), [sentinel]);
  assert.equal(p.exitcode, 0);
  a.send(null);
  assert.deepEqual(await wait([a, sentinel, b], { timeout: 20 }), [
    sentinel,
    b,
  ]);
  b.send(null);
  assert.deepEqual(await wait([a, sentinel, b], { timeout: 20 }), [
    a,
    sentinel,
    b,
  ]);
  await p.join();
  a.close();
  b.close();
});

Deno.test("wait: bad arguments", async () => {
  const [a, b] = Pipe({ duplex: false });
  await assert.rejects(wait(a as never), {
    name: "TypeError",
    message:
      "Cannot wait as 'objectList' must be an array: received an instance of Connection",
  });
  await assert.rejects(wait([a, 3 as never]), {
    name: "TypeError",
    message:
      "Cannot wait as 'objectList[1]' must be a Connection or a promise (a Process's sentinel): received number",
  });
  await assert.rejects(wait([a], { timeout: "1" as never }), {
    name: "TypeError",
    message:
      "Cannot wait as 'timeout' must be a number of seconds or null: received string",
  });
  await assert.rejects(wait([b]), {
    name: "ValueError",
    message: "connection is write-only",
  });
  a.close();
  await assert.rejects(wait([a]), {
    name: "ValueError",
    message: "handle is closed",
  });
  b.close();
});
