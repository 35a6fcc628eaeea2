// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's "Using a remote manager" (getServer().serveForever() in one
// program, connect() in others, over TCP on 127.0.0.1), CPython's
// _TestRemoteManager.test_remote, register() with a class, and
// TestInitializers' manager part.
import assert from "node:assert/strict";
import {
  BaseManager,
  Process,
  RuntimeError,
  Server,
  SyncManager,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import {
  Accumulator,
  bumpTest,
  getQueue,
  remotePut,
} from "./fixtures/manager_targets.ts";

registerModule(new URL("./fixtures/manager_targets.ts", import.meta.url));
const permissions = { net: ["127.0.0.1"] };

function deno(program: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-net=127.0.0.1",
      new URL(program, import.meta.url).pathname,
      ...args,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
}

async function firstLine(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<[string, string]> {
  const text = new TextDecoder();
  let buffered = "";
  while (!buffered.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += text.decode(value, { stream: true });
  }
  const at = buffered.indexOf("\n");
  return [buffered.slice(0, at), buffered.slice(at + 1)];
}

Deno.test("BaseManager: Python's remote manager, a queue served by one program and used by two others", async () => {
  const authkey = "abracadabra";
  const server = deno("./fixtures/remote_queue_server.ts", [authkey]);
  const reader = server.stdout.getReader();
  const [line] = await firstLine(reader);
  const [host, port] = JSON.parse(line) as [string, number];
  assert.equal(host, "127.0.0.1");
  // The consumer starts first and waits in get(); nothing is lost.
  const count = 200;
  const consumer = deno("./fixtures/remote_queue_client.ts", [
    String(port),
    authkey,
    "get",
    String(count),
  ]);
  const producer = deno("./fixtures/remote_queue_client.ts", [
    String(port),
    authkey,
    "put",
    String(count),
  ]);
  const [got, put] = await Promise.all([consumer.output(), producer.output()]);
  assert.equal(put.code, 0);
  assert.equal(got.code, 0);
  assert.deepEqual(
    JSON.parse(new TextDecoder().decode(got.stdout)),
    Array.from({ length: count }, (_, i) => `item-${i}`),
  );
  // SIGTERM aborts serveForever's signal: it returns, the program ends.
  server.kill("SIGTERM");
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += new TextDecoder().decode(value);
  }
  assert.equal(rest, "stopped\n");
  assert.equal((await server.status).code, 0);
});

Deno.test("BaseManager: test_remote, a child puts through a second manager", async () => {
  class QueueManager extends BaseManager {}
  QueueManager.register("get_queue", getQueue);
  const authkey = crypto.getRandomValues(new Uint8Array(32));
  await using manager = new QueueManager({
    address: ["127.0.0.1", 0],
    authkey,
  });
  await manager.start();
  const values = [
    "hello world",
    null,
    true,
    2.25,
    "hall\xe5 v\xe4rlden",
    "\u043f\u0440\u0438\u0432\u0456\u0442 \u0441\u0432\u0456\u0442",
    new Uint8Array([104, 97, 108, 108, 0xe5]),
  ];
  const p = new Process({
    target: remotePut,
    args: [manager.address!, authkey, values],
    permissions,
    daemon: true,
  });
  p.start();
  class QueueManager2 extends BaseManager {}
  QueueManager2.register("get_queue");
  const manager2 = new QueueManager2({ address: manager.address!, authkey });
  await manager2.connect();
  const queue = await manager2.create<{
    get(): unknown;
    put(x: unknown): void;
  }>("get_queue");
  assert.deepEqual(await queue.get(), values);
  // What cannot cross fails at the call that sends it.
  await assert.rejects(queue.put(Symbol("no")), TypeError);
  await p.join();
  assert.equal(p.exitcode, 0);
  await manager2.shutdown();
});

Deno.test("BaseManager.register: a class is constructed with new, a function called", async (t) => {
  class Doubler {
    #factor = 2;
    twice(x: number): number {
      return x * this.#factor;
    }
  }
  class ClassManager extends BaseManager {}
  ClassManager.register("Accumulator", Accumulator); // exported: by reference
  ClassManager.register("Doubler", Doubler); // as source text
  ClassManager.register("plain", function (
    this: unknown,
    n: number,
  ): { n(): number; called(): boolean } {
    return { n: () => n, called: () => this === undefined };
  });
  await t.step("in a started server process", async () => {
    await using manager = new ClassManager();
    await manager.start();
    const acc = await manager.create<Accumulator>("Accumulator", 10);
    await acc.add(5);
    assert.equal(await acc.add(1), 16);
    const doubler = await manager.create<Doubler>("Doubler");
    assert.equal(await doubler.twice(21), 42);
    const plain = await manager.create<{ n(): number; called(): boolean }>(
      "plain",
      7,
    );
    assert.equal(await plain.n(), 7);
    assert.equal(await plain.called(), true); // called, not constructed
  });
  // A built-in class cannot cross to a server process (it has no module
  // to import it from), but a server in this process may use it.
  class LocalManager extends ClassManager {}
  LocalManager.register("Map", Map);
  await t.step("in a server from getServer()", async () => {
    const server = new LocalManager({ authkey: "k" }).getServer();
    const stop = new AbortController();
    const serving = server.serveForever({ signal: stop.signal });
    const client = new LocalManager({ address: server.address, authkey: "k" });
    await client.connect();
    const map = await client.create<Map<string, number>>("Map", [["a", 1]]);
    assert.equal(await map.get("a"), 1);
    const doubler = await client.create<Doubler>("Doubler");
    assert.equal(await doubler.twice(4), 8);
    await client.shutdown();
    stop.abort();
    await serving;
  });
});

Deno.test("BaseManager.getServer: states, errors and stopping", async () => {
  class M extends BaseManager {}
  const m = new M({ address: ["127.0.0.1", 0], authkey: "k" });
  const server = m.getServer();
  assert.ok(server instanceof Server);
  assert.deepEqual(m.address, server.address); // the port it was given
  const [host, port] = server.address as [string, number];
  // The port is taken while the server listens: Deno's error, naming it.
  assert.throws(
    () => new M({ address: [host, port] }).getServer(),
    (e: Error) => {
      assert.ok(e instanceof Deno.errors.AddrInUse);
      assert.ok(e.message.startsWith(`Cannot listen on ${host}:${port}: `));
      return true;
    },
  );
  // A client's shutdown request stops it, as Python's server.
  const serving = server.serveForever();
  await assert.rejects(server.serveForever(), {
    name: "RuntimeError",
    message: "Cannot serve as the server is serving already",
  });
  const client = new M({ address: [host, port], authkey: "k" });
  await client.connect();
  const { clientFor } = await import(
    "../../multiprocessing/_manager_client.ts"
  );
  await clientFor([host, port], new TextEncoder().encode("k")).request(
    "shutdown",
  );
  await serving;
  await client.shutdown();
  await assert.rejects(server.serveForever(), RuntimeError);
  // Nothing listens there now.
  await assert.rejects(
    new M({ address: [host, port], authkey: "k" }).connect(),
    (e: Error) => {
      assert.ok(e instanceof Deno.errors.ConnectionRefused);
      assert.ok(e.message.startsWith(`Cannot connect to ${host}:${port}: `));
      return true;
    },
  );
  // An already aborted signal stops it at once.
  const again = new M({ authkey: "k" }).getServer();
  await again.serveForever({ signal: AbortSignal.abort() });
  // A started manager has no server to get.
  await using started = new M();
  await started.start();
  assert.throws(() => started.getServer(), {
    name: "ProcessError",
    message: "Already started server",
  });
});

Deno.test("BaseManager.start: TestInitializers, the initializer runs in the server first", async () => {
  await using other = new SyncManager();
  await other.start();
  const ns = await other.Namespace({ test: 0 });
  const m = new SyncManager();
  await assert.rejects(m.start({ initializer: 1 as never }), {
    name: "TypeError",
    message:
      "Cannot start manager as 'initializer' must be a function: received number",
  });
  await assert.rejects(
    m.start({ initializer: bumpTest, initargs: 1 as never }),
    {
      name: "TypeError",
      message:
        "Cannot start manager as 'initargs' must be an array: received number",
    },
  );
  await m.start({ initializer: bumpTest, initargs: [ns] });
  assert.equal(await ns.getAttr("test"), 1);
  await m.shutdown();
  // An initializer that throws: start() throws its error.
  await assert.rejects(
    new SyncManager().start({
      initializer: () => {
        throw new RangeError("no init");
      },
    }),
    { name: "RangeError", message: "no init" },
  );
});
