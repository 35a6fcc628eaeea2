// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's positional parameters work as written, as the same call with an
// options object does: `event.wait(0.01)`, `lock.acquire(false)`,
// `q.get(true, 0.01)`, `ThreadPoolExecutor(4)`, `Pipe(False)`,
// `Timer(1, f, args, kwargs)`, `scheduler(timefunc, delayfunc)`, ... and a
// call that cannot be read is a TypeError at once, never a silent default.
import assert from "node:assert/strict";
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  RLock,
  Semaphore,
  Thread,
  Timer,
} from "@skein/concurrent/threading";
import { Empty, Full, Queue, SimpleQueue } from "@skein/concurrent/queue";
import { scheduler } from "@skein/concurrent/sched";
import {
  asCompleted,
  FIRST_COMPLETED,
  Future,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
  TimeoutError,
  wait,
} from "@skein/concurrent/futures";
import * as mp from "@skein/concurrent/multiprocessing";
import {
  Listener,
  wait as waitConnections,
} from "@skein/concurrent/multiprocessing/connection";
import * as sm from "@skein/concurrent/multiprocessing/shared_memory";
import { PIPE, Popen, run, TimeoutExpired } from "@skein/concurrent/subprocess";
import { positionalOptions } from "../../_internal/keywords.ts";

Deno.test("positionalOptions() reads Python's positional parameters", async (t) => {
  const names = ["blocking", "timeout"] as const;
  type O = { blocking?: boolean; timeout?: number | null };
  const read = (...args: unknown[]) =>
    positionalOptions<O>("acquire", [...names], args);
  await t.step("nothing, positions, an options object, or both", () => {
    assert.equal(read(), undefined);
    assert.equal(read(undefined, undefined), undefined);
    assert.deepEqual(read(false), { blocking: false });
    assert.deepEqual(read(true, 0.5), { blocking: true, timeout: 0.5 });
    assert.deepEqual(read(true, null), { blocking: true, timeout: null });
    const options = { timeout: 1 };
    assert.equal(read(options), options); // taken as it is
    assert.deepEqual(read(true, { timeout: 1 }), {
      blocking: true,
      timeout: 1,
    });
  });
  await t.step(
    "a parameter twice, or more than it reads, is a TypeError",
    () => {
      assert.throws(
        () => read(true, { blocking: false }),
        /'blocking' is given twice/,
      );
      assert.throws(
        () => read(true, 1, 2),
        /at most 2 positional arguments \(blocking, timeout\)/,
      );
      assert.throws(() => read(true, 1, {}, {}), TypeError);
    },
  );
  await t.step("a plain object in the place of kwargs is kwargs", () => {
    const kw = (...args: unknown[]) =>
      positionalOptions<{ args?: unknown[]; kwargs?: object }>(
        "create Timer",
        ["args", "kwargs"],
        args,
      );
    assert.deepEqual(kw([1], { a: 1 }), { args: [1], kwargs: { a: 1 } });
    assert.deepEqual(kw({ kwargs: { a: 1 } }), { kwargs: { a: 1 } });
  });
});

Deno.test("threading: Python's positional timeouts and blocking flags", async (t) => {
  await t.step("Event.wait(timeout)", async () => {
    const event = new Event();
    assert.equal(await event.wait(0.01), false);
    assert.equal(event.waitSync(0.01), false);
    event.set();
    assert.equal(await event.wait(null), true);
  });
  await t.step(
    "Lock, RLock, Semaphore: acquire(blocking, timeout)",
    async () => {
      for (
        const lock of [
          new Lock(),
          new RLock(),
          new Semaphore(1),
          new BoundedSemaphore(1),
        ]
      ) {
        assert.equal(lock.acquireSync(), true);
        if (lock instanceof RLock) {
          // Held by this thread: it takes it again; another would not.
          assert.equal(lock.acquireSync(false), true);
          lock.release();
          continue;
        }
        assert.equal(await lock.acquire(false), false);
        assert.equal(lock.acquireSync(false), false);
        assert.equal(await lock.acquire(true, 0.01), false);
        assert.equal(lock.acquireSync(true, 0.01), false);
        lock.release();
      }
      const lock = new Lock();
      lock.acquireSync();
      await assert.rejects(lock.acquire(false, 1), /non-blocking/);
      lock.release();
    },
  );
  await t.step(
    "Condition.wait(timeout), waitFor(predicate, timeout), acquire(false)",
    async () => {
      const condition = new Condition(new Lock());
      await condition.acquire();
      assert.equal(await condition.wait(0.01), false);
      assert.equal(condition.waitSync(0.01), false);
      assert.equal(await condition.waitFor(() => false, 0.01), false);
      assert.equal(condition.waitForSync(() => 0, 0.01), 0);
      assert.equal(await condition.acquire(false), false);
      condition.release();
    },
  );
  await t.step(
    "Barrier(parties, action, timeout) and wait(timeout)",
    async () => {
      let ran = 0;
      const barrier = new Barrier(1, () => ran++, 5);
      assert.equal(await barrier.wait(), 0);
      assert.equal(ran, 1);
      const two = new Barrier(2);
      await assert.rejects(
        two.wait(0.01),
        (e: Error) => e.name === "BrokenBarrierError",
      );
      assert.throws(
        () => new Barrier(2, 5 as never),
        /'action' must be a function/,
      );
    },
  );
  await t.step(
    "Thread.join(timeout); Thread(target) by position is a TypeError",
    async () => {
      const thread = new Thread({ target: () => {} });
      thread.start();
      await thread.join(null);
      assert.equal(thread.isAlive(), false);
      assert.throws(
        () => new Thread((() => {}) as never),
        /one object of Python's keywords/,
      );
      assert.throws(
        () => new mp.Process(null as never),
        /one object of Python's keywords/,
      );
    },
  );
  await t.step(
    "Timer(interval, function, args, kwargs) and join(timeout)",
    async () => {
      const calls: unknown[][] = [];
      const timer = new Timer<unknown[]>(
        0.001,
        (...args: unknown[]) => calls.push(args),
        [
          1,
          2,
        ],
        { sep: "-" },
      );
      timer.start();
      await timer.join(5);
      assert.deepEqual(calls, [[1, 2, { sep: "-" }]]);
      const more: unknown[][] = [];
      const keywords = new Timer<unknown[]>(
        0.001,
        (...args: unknown[]) => more.push(args),
        { args: [3] },
      );
      keywords.start();
      await keywords.join();
      assert.deepEqual(more, [[3]]);
    },
  );
});

Deno.test("queue: get(block, timeout) and put(item, block, timeout)", async () => {
  const q = new Queue<number>(1);
  await q.put(1, false);
  await assert.rejects(q.put(2, false), Full);
  await assert.rejects(q.put(2, true, 0.01), Full);
  assert.throws(() => q.putSync(2, true, 0.01), Full);
  assert.equal(await q.get(false), 1);
  await assert.rejects(q.get(false), Empty);
  await assert.rejects(q.get(true, 0.01), Empty);
  assert.throws(() => q.getSync(true, 0.01), Empty);
  const simple = new SimpleQueue<number>();
  await assert.rejects(simple.get(true, 0.01), Empty);
  assert.throws(() => simple.getSync(false), Empty);
});

Deno.test("sched: scheduler(timefunc, delayfunc), enter(..., argument, kwargs), run(blocking)", async () => {
  let now = 0;
  const s = new scheduler(() => now, (seconds: number) => {
    now += seconds;
  });
  const calls: unknown[][] = [];
  s.enter(2, 1, (...args: unknown[]) => calls.push(args), ["b"], { k: 1 });
  s.enterabs(1, 1, (...args: unknown[]) => calls.push(args), ["a"]);
  assert.equal(await s.run(false), 1); // nothing due yet: the next in 1
  s.runSync(true);
  assert.deepEqual(calls, [["a"], ["b", { k: 1 }]]);
  assert.equal(now, 2);
});

Deno.test("futures: Future.result(timeout), wait(fs, timeout, returnWhen), asCompleted(fs, timeout), executors", async () => {
  const pending = new Future<number>();
  await assert.rejects(pending.result(0.01), TimeoutError);
  await assert.rejects(pending.exception(0.01), TimeoutError);
  const done = new Future<number>();
  done.setResult(1);
  const result = await wait([pending, done], 0.01, FIRST_COMPLETED);
  assert.deepEqual([...result.done], [done]);
  const seen: Future<number>[] = [];
  await assert.rejects(
    (async () => {
      for await (const f of asCompleted([pending, done], 0.01)) {
        seen.push(f as Future<number>);
      }
    })(),
    TimeoutError,
  );
  assert.deepEqual(seen, [done]);
  pending.cancel();
  const threads = new ThreadPoolExecutor(3, "pfx");
  assert.equal(threads.maxWorkers, 3);
  assert.equal(threads.threadNamePrefix, "pfx");
  await threads.shutdown(true);
  const processes = new ProcessPoolExecutor(2);
  assert.equal(processes.maxWorkers, 2);
  await processes.shutdown(false);
});

Deno.test("multiprocessing: Pipe(duplex), poll(timeout), join(timeout), queues, connection.wait(objects, timeout)", async () => {
  const [reader, writer] = mp.Pipe(false);
  assert.throws(() => reader.send(1), /not writable|read-only|readable/i);
  assert.equal(await reader.poll(0.01), false);
  writer.send(1);
  assert.equal(await reader.poll(null), true);
  assert.deepEqual(await waitConnections([reader], 0), [reader]);
  assert.equal(await reader.recv(), 1);
  assert.deepEqual(await waitConnections([reader], 0.01), []);
  reader.close();
  writer.close();
  const q = new mp.Queue<number>(1);
  await q.put(1, false);
  await assert.rejects(q.put(2, true, 0.01), Full);
  assert.equal(await q.get(false), 1);
  await assert.rejects(q.get(true, 0.01), Empty);
  q.close();
  const lock = new mp.Lock();
  lock.acquireSync();
  assert.equal(lock.acquireSync(false), false);
  assert.equal(await lock.acquire(true, 0.01), false);
  lock.release();
  const sem = new mp.Semaphore(0);
  assert.equal(await sem.acquire(false), false);
  const event = new mp.Event();
  assert.equal(await event.wait(0.01), false);
});

Deno.test("subprocess: Popen.wait(timeout), communicate(input, timeout)", async () => {
  const cat = new Popen(["cat"], { stdin: PIPE, stdout: PIPE });
  const [out] = await cat.communicate(new TextEncoder().encode("hi"), 10);
  assert.equal(new TextDecoder().decode(out as Uint8Array), "hi");
  assert.equal(await cat.wait(10), 0);
  const sleeper = new Popen(["sleep", "10"]);
  await assert.rejects(sleeper.wait(0.01), TimeoutExpired);
  assert.throws(() => sleeper.waitSync(0.01), TimeoutExpired);
  sleeper.kill();
  await sleeper.wait();
});

Deno.test("an option the call does not know is a TypeError, never ignored", async (t) => {
  const any = (value: unknown) => value as never;
  await t.step("Python's snake_case names get the camelCase hint", async () => {
    await assert.rejects(
      run(["true"], any({ capture_output: true })),
      /'capture_output' is not one of its options \(Python's 'capture_output' is 'captureOutput' here\)/,
    );
    assert.throws(
      () => new ThreadPoolExecutor(any({ max_workers: 2 })),
      /Python's 'max_workers' is 'maxWorkers' here/,
    );
    assert.throws(
      () => new ProcessPoolExecutor(any({ max_tasks_per_child: 2 })),
      /'maxTasksPerChild' here/,
    );
    assert.throws(
      () => new Popen(["true"], any({ start_new_session: true })),
      /'startNewSession' here/,
    );
  });
  await t.step("another class's option, or a typo", async () => {
    await assert.rejects(
      new Queue().get(any({ blocking: false })),
      /'blocking' is not one of its options: 'block', 'timeout', 'signal'/,
    );
    await assert.rejects(
      new Lock().acquire(any({ block: false })),
      /'block' is not one of its options/,
    );
    await assert.rejects(new Event().wait(any({ timeOut: 1 })), /'timeOut'/);
    assert.throws(
      () => new Thread(any({ tagret: () => {} })),
      /'tagret' is not one of its options: 'target'/,
    );
    assert.throws(
      () => new mp.Process(any({ targets: () => {} })),
      /'targets'/,
    );
    assert.throws(
      () => new Event().waitSync(any({ signal: AbortSignal.abort() })),
      /'signal' is not one of its options: 'timeout'/,
    );
  });
  await t.step(
    "keyword objects, submit, map, shared memory, connections",
    async () => {
      assert.throws(
        () => new Queue(any({ max_size: 3 })),
        /'max_size' is not one of its options: 'maxsize'/,
      );
      assert.throws(() => new Semaphore(any({ valeu: 2 })), /'valeu'/);
      assert.throws(() => new mp.Condition(any({ lok: null })), /'lok'/);
      assert.throws(
        () => new Barrier(any({ parties: 2, acton: () => {} })),
        /'acton'/,
      );
      assert.throws(
        () => new Timer(any({ interval: 1, function: () => {}, arg: [] })),
        /'arg'/,
      );
      assert.throws(
        () => new mp.Value("i", 1, any({ locks: false })),
        /'locks'/,
      );
      assert.throws(
        () => new sm.SharedMemory(any({ create: true, size: 4, nmae: "x" })),
        /'nmae'/,
      );
      assert.throws(
        () =>
          new Listener(["127.0.0.1", 0], any({ auth_key: new Uint8Array(4) })),
        /'auth_key'/,
      );
      await using pool = new ThreadPoolExecutor(1);
      assert.throws(
        () => pool.submitWith(any({ timeOut: 1 }), Math.abs, -1),
        /'timeOut' is not one of its options: 'signal', 'timeout', 'transfer'/,
      );
      assert.throws(
        () => pool.map(Math.abs, [-1], any({ chunk_size: 2 })),
        /'chunk_size'/,
      );
      await using processes = new ProcessPoolExecutor(1);
      assert.throws(
        () => processes.submitWith(any({ transfer: [] }), Math.abs, -1),
        /'transfer' is not one of its options: 'signal', 'timeout'/,
      );
      const q = new Queue();
      await assert.rejects(q.join(any({ sig: 1 })), /'sig'/);
      assert.throws(() => q.shutdown(any({ immedate: true })), /'immedate'/);
    },
  );
});
