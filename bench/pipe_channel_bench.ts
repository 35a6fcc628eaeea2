// Copyright 2026 the @skein/concurrent authors. MIT license.
// A Pipe between two processes over its two channels: a ring in shared
// memory (both sides have FFI) and stdin/stdout frames (the child has no
// FFI), against a raw length-prefixed stdin/stdout echo; and a process
// Queue's items from a child. CPython's figures, same workloads:
// python3 bench/multiprocessing_cpython.py (its "channel" lines).
import { Pipe, Process, Queue } from "@skein/concurrent/multiprocessing";
import { echoBytes, echoObjects, putMarkThenInts } from "./fixtures/targets.ts";
import { registerModule } from "@skein/concurrent/threading";

registerModule(new URL("./fixtures/targets.ts", import.meta.url));

const ROUND_TRIPS = 1000;
const MIB = new Uint8Array(1 << 20);

const rawEcho = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    new URL("./fixtures/raw_echo.ts", import.meta.url).pathname,
  ],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const rawWriter = rawEcho.stdin.getWriter();
const rawReader = rawEcho.stdout.getReader();

Deno.bench(`raw length-prefixed stdin/stdout echo x ${ROUND_TRIPS}`, {
  group: "pipe round trip",
  baseline: true,
  n: 20,
}, async () => {
  const frame = new Uint8Array([4, 0, 0, 0, 1, 2, 3, 4]);
  for (let i = 0; i < ROUND_TRIPS; i++) {
    await rawWriter.write(frame);
    let got = 0;
    while (got < frame.length) got += (await rawReader.read()).value!.length;
  }
});

const CHANNELS = [
  ["shared memory", "inherit"],
  ["stdin/stdout", { ffi: false }],
] as const;
const ends = CHANNELS.map(([channel, permissions]) => {
  const [objects, objectsThere] = Pipe();
  const [bytes, bytesThere] = Pipe();
  const children = [
    new Process({ target: echoObjects, args: [objectsThere], permissions }),
    new Process({ target: echoBytes, args: [bytesThere], permissions }),
  ];
  for (const child of children) child.start();
  return { channel, objects, bytes, children };
});

for (const { channel, objects } of ends) {
  Deno.bench(`Pipe (${channel}): send + recv round trip x ${ROUND_TRIPS}`, {
    group: "pipe round trip",
    n: 20,
  }, async () => {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      objects.send(i);
      await objects.recv();
    }
  });
}

for (const { channel, bytes } of ends) {
  Deno.bench(`Pipe (${channel}): 1 MiB sendBytes + recvBytes round trip`, {
    group: "pipe 1 MiB round trip",
    baseline: channel === "stdin/stdout",
    n: 30,
  }, async () => {
    bytes.sendBytes(MIB);
    await bytes.recvBytes();
  });
}

const ITEMS = 100_000;

Deno.bench(`Queue(): ${ITEMS} ints, child process -> parent, start excluded`, {
  group: "process queue",
  n: 3,
}, async (b) => {
  const q = new Queue<number>();
  const p = new Process({ target: putMarkThenInts, args: [q, ITEMS] });
  p.start();
  await q.get(); // the child has started
  b.start();
  for (let i = 0; i < ITEMS; i++) await q.get();
  b.end();
  await p.join();
});

globalThis.addEventListener("unload", () => {
  for (const { objects, bytes } of ends) {
    objects.send(null);
    bytes.sendBytes(new Uint8Array(0));
  }
  rawWriter.close().catch(() => {});
});
