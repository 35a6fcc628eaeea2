// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's Lib/test/test_threading.py checks of Thread's life
// cycle, with real workers.
import assert from "node:assert/strict";
import {
  activeCount,
  currentThread,
  enumerate,
  type ExceptHookArgs,
  getIdent,
  mainThread,
  registerModule,
  RuntimeError,
  setExcepthook,
  Thread,
} from "@skein/concurrent/threading";

import {
  addLater,
  addMany,
  CountingThread,
  fail,
  reportNewThreadDaemon,
  reportSelf,
  startNested,
  usesModuleState,
  waitForRelease,
} from "./fixtures/thread_targets.ts";

registerModule(new URL("./fixtures/thread_targets.ts", import.meta.url));

function cell(length = 4): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

/** Runs `body` with an excepthook that collects, restoring the old one. */
async function collectingExceptions(
  body: (seen: ExceptHookArgs[]) => Promise<void>,
): Promise<void> {
  const seen: ExceptHookArgs[] = [];
  const previous = setExcepthook((args) => seen.push(args));
  try {
    await body(seen);
  } finally {
    setExcepthook(previous);
  }
}

Deno.test("Thread runs an exported target with its arguments", async () => {
  const c = cell();
  const threads = [1, 2, 3, 4].map((n) =>
    new Thread({ target: addMany, args: [c, n, 1000] })
  );
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  assert.equal(c[0], (1 + 2 + 3 + 4) * 1000);
});

Deno.test("Thread imports an exported target, so it may use its module", async () => {
  const c = cell();
  const t = new Thread({ target: usesModuleState, args: [c] });
  t.start();
  await t.join();
  assert.equal(c[0], 7);
});

Deno.test("Thread ships other targets as source text", async () => {
  const c = cell();
  const t = new Thread({
    target: (out: Int32Array, x: number) => {
      out[0] = x * 2;
    },
    args: [c, 21],
  });
  t.start();
  await t.join();
  assert.equal(c[0], 42);
});

Deno.test("Thread passes kwargs as the last argument", () => {
  const c = cell();
  const t = new Thread({
    target: (out: Int32Array, options?: { value: number }) => {
      out[0] = options!.value;
    },
    args: [c],
    kwargs: { value: 9 },
  });
  t.start();
  t.joinSync();
  assert.equal(c[0], 9);
});

Deno.test("Thread awaits an async target before it ends", async () => {
  const c = cell();
  const t = new Thread({ target: addLater, args: [c, 5] });
  t.start();
  await t.join();
  assert.equal(c[0], 5);
  assert.ok(!t.isAlive());
});

Deno.test("Thread life cycle: isAlive, ident, nativeId, join timeout", async () => {
  const c = cell();
  const t = new Thread({ target: waitForRelease, args: [c] });
  assert.equal(t.ident, undefined);
  assert.equal(t.nativeId, undefined);
  assert.ok(!t.isAlive());
  t.start();
  assert.ok(t.isAlive());
  assert.ok(typeof t.ident === "number" && t.ident > 1);
  assert.ok(typeof t.nativeId === "number" && t.nativeId > 0);
  assert.ok(enumerate().includes(t));
  assert.ok(activeCount() >= 2);
  while (Atomics.load(c, 1) === 0) Atomics.wait(c, 1, 0, 100);
  await t.join({ timeout: 0.01 });
  assert.ok(t.isAlive());
  t.joinSync({ timeout: 0.01 });
  assert.ok(t.isAlive());
  Atomics.store(c, 0, 1);
  Atomics.notify(c, 0);
  await t.join();
  assert.ok(!t.isAlive());
  assert.ok(!enumerate().includes(t));
});

Deno.test("Thread.joinSync() blocks until the thread ends", () => {
  const c = cell();
  const t = new Thread({ target: addMany, args: [c, 1, 10_000] });
  t.start();
  t.joinSync();
  assert.equal(c[0], 10_000);
  assert.ok(!t.isAlive());
});

Deno.test("Thread errors where Python raises them", async (t) => {
  await t.step("start() twice", async () => {
    const thread = new Thread({ target: () => {} });
    thread.start();
    assert.throws(() => thread.start(), {
      name: "RuntimeError",
      message: "threads can only be started once",
    });
    await thread.join();
    assert.throws(() => thread.start(), RuntimeError);
  });
  await t.step("join() before start()", async () => {
    const thread = new Thread({ target: () => {} });
    await assert.rejects(thread.join(), {
      name: "RuntimeError",
      message: "cannot join thread before it is started",
    });
    assert.throws(() => thread.joinSync(), RuntimeError);
  });
  await t.step("join() of the current thread", async () => {
    await assert.rejects(currentThread().join(), {
      name: "RuntimeError",
      message: "cannot join current thread",
    });
    assert.throws(() => mainThread().joinSync(), RuntimeError);
  });
  await t.step("daemon set on a started thread", async () => {
    const thread = new Thread({ target: () => {} });
    thread.daemon = true;
    thread.start();
    assert.throws(() => {
      thread.daemon = false;
    }, {
      name: "RuntimeError",
      message: "cannot set daemon status of active thread",
    });
    await thread.join();
  });
  await t.step("bad options", () => {
    assert.throws(() => new Thread({ target: 5 as unknown as () => void }), {
      name: "TypeError",
      message:
        "Cannot create Thread as 'target' must be a function: received number",
    });
    assert.throws(
      () => new Thread({ args: "x" as unknown as [] }),
      { name: "TypeError", message: /'args' must be an array/ },
    );
    assert.throws(
      () => new Thread({ daemon: 1 as unknown as boolean }),
      { name: "TypeError", message: /'daemon' must be a boolean/ },
    );
  });
});

Deno.test("Thread names follow Python: Thread-N (target)", () => {
  const a = new Thread({ target: addMany });
  const b = new Thread();
  assert.match(a.name, /^Thread-\d+ \(addMany\)$/);
  assert.match(b.name, /^Thread-\d+$/);
  assert.notEqual(a.name.split(" ")[0], b.name);
  assert.equal(new Thread({ name: "worker" }).name, "worker");
  assert.equal(mainThread().name, "MainThread");
  assert.equal(mainThread().ident, getIdent());
  assert.equal(currentThread(), mainThread());
  assert.ok(!mainThread().daemon);
});

Deno.test("currentThread() in a thread is its own Thread", async () => {
  const c = cell();
  const t = new Thread({
    target: reportSelf,
    args: [c],
    name: "reporter",
    daemon: true,
  });
  t.start();
  await t.join();
  assert.equal(c[0], t.ident);
  assert.equal(c[1], t.ident);
  assert.equal(c[2], 1);
  assert.equal(c[3], 1);
});

Deno.test("a Thread made in a thread takes that thread's daemon flag", async () => {
  for (const daemon of [true, false]) {
    const c = cell();
    const t = new Thread({ target: reportNewThreadDaemon, args: [c], daemon });
    t.start();
    await t.join();
    assert.deepEqual([...c.subarray(0, 2)], daemon ? [1, 1] : [0, 0]);
  }
});

Deno.test("an exception in a thread goes to excepthook, with its class and fields", async () => {
  await collectingExceptions(async (seen) => {
    const t = new Thread({ target: fail, args: ["boom"], name: "failing" });
    t.start();
    await t.join();
    assert.equal(seen.length, 1);
    const [args] = seen;
    assert.ok(args!.excValue instanceof RangeError);
    assert.equal(args!.excType, RangeError);
    assert.equal((args!.excValue as RangeError).message, "boom");
    assert.equal((args!.excValue as RangeError & { code: number }).code, 42);
    assert.match(args!.excTraceback!, /fail/);
    assert.equal(args!.thread, t);
  });
});

Deno.test("the default excepthook prints Exception in thread NAME", async () => {
  const t = new Thread({ target: fail, args: ["printed"], name: "loud" });
  const lines: string[] = [];
  const original = console.error;
  console.error = (...data: unknown[]) => lines.push(data.join(" "));
  try {
    t.start();
    await t.join();
  } finally {
    console.error = original;
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^Exception in thread loud:\nRangeError: printed/);
});

Deno.test("a source-shipped target that uses outer variables is a TypeError at start", () => {
  const outer = 5;
  function setOuter(out: Int32Array): void {
    out[0] = outer;
  }
  const t = new Thread({ target: setOuter, args: [cell()] });
  assert.throws(() => t.start(), {
    name: "TypeError",
    message:
      /^Cannot send target to another thread as it is function 'setOuter', which no module exports, so it crosses as source text, and it uses 'outer' from outside its body: exp[o]rt it from its module .* or pass that value as an argument$/,
  });
  assert.ok(!t.isAlive());
});

Deno.test("a source-shipped target whose outer variable the scan misses explains why it failed", async () => {
  const outer = 5;
  await collectingExceptions(async (seen) => {
    const t = new Thread({
      // (the scan takes a name before `:` for a key or a label)
      target: (out: Int32Array) => {
        out[0] = out.length > 0 ? outer : 0;
      },
      args: [cell()],
    });
    t.start();
    await t.join();
    const error = seen[0]!.excValue as ReferenceError;
    assert.ok(error instanceof ReferenceError);
    assert.match(error.message, /outer is not defined/);
    assert.match(error.message, /sent to this thread as source text/);
    assert.match(error.message, /Export it from its module/);
  });
});

Deno.test("an argument that cannot cross fails start() with its path", () => {
  class Opaque {
    #secret = 1;
    get secret(): number {
      return this.#secret;
    }
  }
  const t = new Thread({
    target: (..._args: unknown[]) => {},
    args: [1, { nested: [new Opaque()] }],
  });
  assert.throws(() => t.start(), {
    name: "TypeError",
    message:
      /^Cannot send args\[1\]\.nested\[0\] to another thread as it is an instance of Opaque/,
  });
  assert.ok(!t.isAlive());
  assert.throws(
    () =>
      new Thread({ target: (_s: symbol) => {}, args: [Symbol("s")] }).start(),
    { name: "TypeError", message: /args\[0\].*a symbol/ },
  );
});

Deno.test("an exported Thread subclass runs its own run() in the worker", async () => {
  const c = cell();
  const t = new CountingThread(c, 500);
  t.start();
  await t.join();
  assert.equal(c[0], 500);
  assert.equal(c[1], t.ident);
});

Deno.test("start() of a Thread subclass that is not exported throws RuntimeError", () => {
  class Local extends Thread {
    override run(): void {}
  }
  const t = new Local();
  assert.throws(() => t.start(), {
    name: "RuntimeError",
    message: /^Cannot start Thread subclass 'Local' as no module exports it/,
  });
  assert.ok(!t.isAlive());
});

Deno.test("a thread can start and join threads of its own", async () => {
  const c = cell();
  const t = new Thread({ target: startNested, args: [c] });
  t.start();
  await t.join();
  assert.equal(c[0], 100);
  assert.equal(c[1], t.ident);
  assert.ok(c[2]! > 1 && c[2] !== t.ident); // idents are unique process-wide
});
