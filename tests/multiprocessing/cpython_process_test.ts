// Copyright 2026 the @skein/concurrent authors. MIT license.
// CPython 3.11's _test_multiprocessing.py, class _TestProcess, case by case
// (each test named after the method; run again under forkserver by
// cpython_forkserver_test.ts). Ported elsewhere: test_current,
// test_cpu_count (process_test.ts "the child knows its name...", "start
// methods"), test_terminate, test_kill, test_active_children
// (process_test.ts, same names), test_wait_for_threads (process_test.ts).
// Skipped:
// - test_set_executable: a child is always Deno.execPath(), no setter.
// - test_lose_target_ref: a target crosses as a module export; when the
//   collector frees a callable is not observable (no weakref + gc.collect).
// - test_child_fd_inflation: a child gets fds 0-2 only (Deno.Command
//   closes the rest on exec); Deno's runtime opens pipes, sockets and
//   cache files of its own by timing (17 to 20 seen in five alike
//   children), so counts differ without any inflation.
// - test_error_on_stdio_flush_1: it breaks the parent's own stdout, which
//   here is the test runner's.
import assert from "node:assert/strict";
import {
  activeChildren,
  currentProcess,
  EOFError,
  Event,
  getStartMethod,
  parentProcess,
  Pipe,
  Process,
  Queue,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { mainThread, registerModule } from "@skein/concurrent/threading";
import { sparePids } from "../../_internal/forkserver.ts";
import { CHANNELS } from "./_channels.ts";
import {
  closeStdStream,
  closeTarget,
  createGrandchildProcess,
  type Flag,
  putArg,
  putMainThreadNativeId,
  recursion,
  reportCall,
  sendParentProcess,
  sleepAndSetEvent,
  sleepFor,
  sleepSome,
  waitEvent,
} from "./fixtures/cpython_targets.ts";

registerModule(new URL("./fixtures/cpython_targets.ts", import.meta.url));

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test("_TestProcess.test_args_argument", async () => {
  // A tuple and a list are both an array here: one case each.
  for (const args of [1, "str", [1]]) {
    const q = new Queue(1);
    const p = new Process({ target: putArg, args: [q, args] });
    p.daemon = true;
    p.start();
    assert.deepEqual(await q.get(), args);
    await p.join();
  }
});

Deno.test("_TestProcess.test_daemon_argument", () => {
  const proc0 = new Process({ target: sleepSome });
  assert.equal(proc0.daemon, currentProcess().daemon);
  const proc1 = new Process({ target: sleepSome, daemon: true });
  assert.equal(proc1.daemon, true);
  const proc2 = new Process({ target: sleepSome, daemon: false });
  assert.equal(proc2.daemon, false);
});

for (const [channel, permissions] of CHANNELS) {
  Deno.test(`_TestProcess.test_parent_process_attributes (${channel})`, async () => {
    assert.equal(parentProcess(), null);
    const [rconn, wconn] = Pipe({ duplex: false });
    const p = new Process({
      target: sendParentProcess,
      args: [wconn],
      permissions,
    });
    p.start();
    await p.join();
    const [parentPid, parentName] = await rconn.recv() as [number, string];
    assert.equal(parentPid, currentProcess().pid);
    assert.equal(parentPid, Deno.pid);
    assert.equal(parentName, currentProcess().name);
    rconn.close();
  });

  // Deviation: parentProcess() has no join(), and its isAlive() is always
  // true, for a child exits when its parent is gone (Deno has no fork to
  // share the parent's sentinel). So the grandchild never reports "not
  // alive": it ends with its parent, and the pipe gives EOFError.
  Deno.test(`_TestProcess.test_parent_process (${channel})`, async () => {
    const [rconn, wconn] = Pipe({ duplex: false });
    const p = new Process({
      target: createGrandchildProcess,
      args: [wconn],
      permissions,
    });
    p.start();
    assert.equal(await rconn.poll({ timeout: 60 }), true);
    assert.equal(await rconn.recv(), "alive");
    p.terminate();
    await p.join();
    assert.equal(await rconn.poll({ timeout: 60 }), true);
    await assert.rejects(rconn.recv(), { name: "EOFError" });
    rconn.close();
  });

  Deno.test(`_TestProcess.test_process (${channel})`, async () => {
    const q = new Queue(1);
    const args = [q, 1, 2] as const;
    const kwargs = { hello: 23, bye: 2.54 };
    const name = "SomeProcess";
    const p = new Process({
      target: reportCall,
      args: [...args],
      kwargs,
      name,
      permissions,
    });
    p.daemon = true;
    const current = currentProcess();
    assert.deepEqual(p.authkey, current.authkey);
    assert.equal(p.isAlive(), false);
    assert.equal(p.daemon, true);
    assert.ok(!activeChildren().includes(p));
    assert.ok(Array.isArray(activeChildren()));
    assert.equal(p.exitcode, null);
    p.start();
    assert.equal(p.exitcode, null);
    assert.equal(p.isAlive(), true);
    assert.ok(activeChildren().includes(p));
    // (Keyword arguments come to the target as one last argument.)
    assert.deepEqual(await q.get(), args.slice(1));
    assert.deepEqual(await q.get(), kwargs);
    assert.equal(await q.get(), p.name);
    assert.deepEqual(await q.get(), current.authkey);
    assert.equal(await q.get(), p.pid);
    await p.join();
    assert.equal(p.exitcode, 0);
    assert.equal(p.isAlive(), false);
    assert.ok(!activeChildren().includes(p));
  });
}

// Deviation: a native id is a worker's threadId (Deno shows no OS thread
// ids), so every process's main thread has 0, where CPython's differ.
Deno.test("_TestProcess.test_process_mainthread_native_id", async () => {
  const current = mainThread().nativeId;
  const q = new Queue(1);
  const p = new Process({ target: putMainThreadNativeId, args: [q] });
  p.start();
  const child = await q.get();
  await p.join();
  assert.equal(current, 0);
  assert.equal(child, 0);
});

// Adapted: an end passed to a child moves there, so once the last child
// holding it exits, the reader gets EOF (CPython's parent keeps a copy).
Deno.test("_TestProcess.test_recursion", async () => {
  const [rconn, wconn] = Pipe({ duplex: false });
  await recursion(wconn, []);
  await sleep(50);
  const result = [];
  while (await rconn.poll({ timeout: 1 })) {
    try {
      result.push(await rconn.recv());
    } catch (error) {
      assert.ok(error instanceof EOFError); // the last holder exited
      break;
    }
  }
  assert.deepEqual(result, [[], [0], [0, 0], [0, 1], [1], [1, 0], [1, 1]]);
  rconn.close();
  wconn.close();
});

Deno.test("_TestProcess.test_sentinel", async () => {
  const event = new Event();
  const p = new Process({ target: waitEvent, args: [event] });
  assert.throws(() => p.sentinel, ValueError);
  p.start();
  try {
    // The sentinel is a promise of the exit code, not a file descriptor:
    // "not ready" is that it has not settled.
    const sentinel = p.sentinel;
    assert.ok(sentinel instanceof Promise);
    assert.equal(await settled(sentinel, 0), false);
    event.set();
    await p.join();
    assert.equal(await settled(sentinel, 1000), true);
  } finally {
    await p.join();
  }
});

// Whether `promise` settles within `ms` milliseconds.
async function settled(
  promise: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("_TestProcess.test_close", async () => {
  const q = new Queue();
  // (kwargs={'q': q}: here the target gets them as its one argument.)
  const p = new Process({
    target: closeTarget as () => Promise<void>,
    kwargs: { q },
  });
  p.daemon = true;
  p.start();
  assert.equal(p.isAlive(), true);
  assert.throws(() => p.close(), ValueError); // still alive
  await q.put(null);
  await p.join();
  assert.equal(p.isAlive(), false);
  assert.equal(p.exitcode, 0);
  p.close();
  assert.throws(() => p.isAlive(), ValueError);
  await assert.rejects(p.join(), ValueError);
  assert.throws(() => p.terminate(), ValueError);
  p.close();
  // (Not ported: that the closed object is then collected.)
});

Deno.test("_TestProcess.test_many_processes", async () => {
  // N = 5 under both start methods (CPython's 100 under forkserver would
  // take this machine's CI several seconds).
  const N = 5;
  let procs = Array.from(
    { length: N },
    () => new Process({ target: sleepFor, args: [0.01] }),
  );
  for (const p of procs) p.start();
  for (const p of procs) await p.join();
  for (const p of procs) assert.equal(p.exitcode, 0);
  procs = Array.from({ length: N }, () => new Process({ target: sleepSome }));
  for (const p of procs) p.start();
  await sleep(1); // let the children start...
  for (const p of procs) p.terminate();
  for (const p of procs) await p.join();
  for (const p of procs) assert.equal(p.exitcode, -15);
});

for (const [channel, permissions] of CHANNELS) {
  Deno.test(`_TestProcess.test_error_on_stdio_flush_2 (${channel})`, async () => {
    // Only the "close" action: Deno has no sys.stdout to set to None.
    for (const stream of ["stdout", "stderr"] as const) {
      // (A process Event needs FFI: without, a Queue stands in for it.)
      const evt = permissions === "inherit" ? new Event() : new Queue();
      const proc = new Process({
        target: closeStdStream,
        args: [evt as Flag, stream],
        permissions,
      });
      proc.start();
      await proc.join();
      const isSet = evt instanceof Event
        ? evt.isSet()
        : await evt.qsize() === 1;
      if (stream === "stdout" && !(evt instanceof Event)) {
        // Deviation (multiprocessing's module docs): a child's stdout
        // carries its channel; without FFI the channel is all there is,
        // so closing it loses what the child sends after, and it exits 1.
        assert.equal(isSet, false);
        assert.equal(proc.exitcode, 1);
        continue;
      }
      assert.equal(isSet, true);
      assert.equal(proc.exitcode, 0);
    }
  });
}

// Deno has no forkserver process: its spares are. Killing the spare (with
// a catchable or an uncatchable signal) must not stop the next starts.
// As CPython's, only under the forkserver start method.
for (const name of ["SIGINT", "SIGKILL"] as const) {
  Deno.test(`_TestProcess.test_forkserver_${name.toLowerCase()}`, async () => {
    if (getStartMethod() !== "forkserver") return; // CPython's skipTest
    const delay = 0.05;
    const evt = new Event();
    const proc = new Process({
      target: sleepAndSetEvent,
      args: [evt, delay],
    });
    proc.start();
    // (A spare of another kind, left by the test before, ends meanwhile.)
    await sleep(50);
    for (let i = 0; i < 200 && sparePids().length === 0; i++) await sleep(20);
    const [pid] = sparePids();
    assert.ok(pid !== undefined, "no spare came");
    Deno.kill(pid, name);
    await sleep(delay * 2000);
    const evt2 = new Event();
    const proc2 = new Process({ target: sleepAndSetEvent, args: [evt2] });
    proc2.start();
    await proc2.join();
    assert.equal(evt2.isSet(), true);
    assert.equal(proc2.exitcode, 0);
    await proc.join();
    assert.equal(evt.isSet(), true);
    assert.ok([0, 255].includes(proc.exitcode!));
  });
}
