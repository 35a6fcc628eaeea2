// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's _test_multiprocessing.py checks of SharedMemory
// (create, attach by name, sizes, errors, close, unlink, tracking), with
// another Deno process and with CPython attaching to the same segment.
import assert from "node:assert/strict";
import {
  ShareableList,
  SharedMemory,
  ValueError,
} from "@skein/concurrent/multiprocessing/shared_memory";
import {
  Event,
  Pool,
  Process,
  SyncManager,
} from "@skein/concurrent/multiprocessing";
import {
  Lock as ThreadLock,
  registerModule,
  Thread,
} from "@skein/concurrent/threading";
import {
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "@skein/concurrent/futures";
import { run } from "@skein/concurrent/subprocess";
import {
  leaveSegment,
  makeSegmentAndWait,
  writeShared,
} from "./fixtures/process_targets.ts";
import {
  closeHere,
  doWork,
  fillSegment,
  sumList,
  touchAndReturn,
  writeByName,
} from "./fixtures/shared_memory_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));
registerModule(
  new URL("./fixtures/shared_memory_targets.ts", import.meta.url),
);

function closeAndUnlink(...segments: SharedMemory[]): void {
  for (const shm of segments) {
    shm.close();
    shm.unlink();
  }
}

// Deno needs --allow-all to look into /dev/shm itself: ask `test`.
const exists = (name: string): boolean =>
  new Deno.Command("test", { args: ["-e", `/dev/shm/${name}`] }).outputSync()
    .code === 0;

Deno.test("SharedMemory: create, attach by name, one memory", () => {
  using shm = new SharedMemory({ create: true, size: 100 });
  assert.match(shm.name, /^psm_[0-9a-f]{8}$/);
  assert.equal(shm.size, 100);
  assert.equal(shm.buf.length, 100);
  assert.ok(exists(shm.name));
  using same = new SharedMemory({ name: shm.name });
  assert.equal(same.size, 100);
  shm.buf.set([1, 2, 3], 10);
  assert.deepEqual([...same.buf.subarray(10, 13)], [1, 2, 3]);
  same.buf[99] = 255;
  assert.equal(shm.buf[99], 255);
  shm.unlink();
  assert.ok(!exists(shm.name));
  // Still mapped until closed, though the name is gone.
  assert.equal(same.buf[10], 1);
});

Deno.test("SharedMemory: Python's errors", () => {
  const name = `psm_test_${crypto.randomUUID().slice(0, 8)}`;
  assert.throws(() => new SharedMemory({ create: true, size: 0 }), {
    name: "ValueError",
    message:
      "Cannot create SharedMemory as 'size' must be a positive number different from zero: current value is 0",
  });
  assert.throws(() => new SharedMemory({ create: true, size: -1 }), {
    name: "ValueError",
    message:
      "Cannot open SharedMemory as 'size' must be a positive integer: current value is -1",
  });
  assert.throws(() => new SharedMemory(), ValueError);
  assert.throws(() => new SharedMemory({ name }), {
    name: "NotFound",
    message: `No such file or directory: '/${name}'`,
  });
  using shm = new SharedMemory({ name, create: true, size: 8 });
  assert.equal(shm.name, name);
  assert.throws(() => new SharedMemory({ name, create: true, size: 8 }), {
    name: "AlreadyExists",
    message: `File exists: '/${name}'`,
  });
  shm.unlink();
  assert.throws(() => shm.unlink(), Deno.errors.NotFound);
});

Deno.test("SharedMemory: close detaches buf instead of leaving it dangling", () => {
  const shm = new SharedMemory({ create: true, size: 4096 });
  const view = shm.buf;
  shm.close();
  assert.equal(view.length, 0);
  assert.throws(() => shm.buf, ValueError);
  shm.close(); // twice is fine
  shm.unlink();
});

Deno.test("SharedMemory: another Deno process writes, this one reads", async () => {
  using shm = new SharedMemory({ create: true, size: 32 });
  const p = new Process({
    target: writeShared,
    args: [shm.name, "from a child"],
  });
  p.start();
  await p.join();
  assert.equal(p.exitcode, 0);
  assert.equal(
    new TextDecoder().decode(shm.buf.subarray(0, 12)),
    "from a child",
  );
  shm.unlink();
});

Deno.test("SharedMemory: CPython attaches to a segment made here, and back", async () => {
  using shm = new SharedMemory({ create: true, size: 16 });
  shm.buf.set(new TextEncoder().encode("deno"));
  const python = `
from multiprocessing import shared_memory, resource_tracker
s = shared_memory.SharedMemory(name=${JSON.stringify(shm.name)})
resource_tracker.unregister(s._name, "shared_memory")  # not ours to unlink
print(bytes(s.buf[:4]).decode())
s.buf[4:10] = b"python"
made = shared_memory.SharedMemory(create=True, size=8)
resource_tracker.unregister(made._name, "shared_memory")
made.buf[:3] = b"cpy"
print(made.name)
s.close()
made.close()
`;
  const out = await run(["python3", "-c", python], {
    captureOutput: true,
    text: true,
    timeout: 60,
  });
  assert.equal(out.returncode, 0, out.stderr as string);
  const [read, made] = (out.stdout as string).trim().split("\n");
  assert.equal(read, "deno");
  assert.equal(
    new TextDecoder().decode(shm.buf.subarray(0, 10)),
    "denopython",
  );
  using theirs = new SharedMemory({ name: made! });
  assert.equal(new TextDecoder().decode(theirs.buf.subarray(0, 3)), "cpy");
  theirs.unlink();
  shm.unlink();
});

Deno.test("SharedMemory: a tracked segment goes with the process that made it", async () => {
  const tracked = `psm_tracked_${crypto.randomUUID().slice(0, 8)}`;
  const kept = `psm_kept_${crypto.randomUUID().slice(0, 8)}`;
  for (const [name, track] of [[tracked, true], [kept, false]] as const) {
    const p = new Process({ target: leaveSegment, args: [name, track] });
    p.start();
    await p.join();
    assert.equal(p.exitcode, 0);
  }
  try {
    assert.ok(!exists(tracked), "the tracked segment was left in /dev/shm");
    assert.ok(exists(kept));
  } finally {
    // Leave nothing behind, whatever failed.
    for (const name of [tracked, kept]) {
      if (exists(name)) new SharedMemory({ name }).unlink();
    }
  }
  assert.ok(!exists(kept));
});

Deno.test("SharedMemory: the resource tracker unlinks a killed creator's segment", async () => {
  const name = `psm_killed_${crypto.randomUUID().slice(0, 8)}`;
  const ready = new Event();
  const p = new Process({ target: makeSegmentAndWait, args: [name, ready] });
  p.start();
  try {
    assert.equal(await ready.wait({ timeout: 60 }), true);
    assert.ok(exists(name));
    p.kill();
    await p.join();
    assert.equal(p.exitcode, -9);
    // The tracker sees the end at once; give it wide room to run.
    const end = performance.now() + 20_000;
    while (exists(name) && performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(!exists(name), "the killed process's segment was left");
  } finally {
    if (exists(name)) new SharedMemory({ name }).unlink();
  }
});

Deno.test("ShareableList: Python's operations and errors", () => {
  const list = new ShareableList([
    1,
    2.5,
    "abc",
    true,
    null,
    new Uint8Array([9]),
  ]);
  try {
    assert.equal(list.length, 6);
    assert.deepEqual([...list], [
      1,
      2.5,
      "abc",
      true,
      null,
      new Uint8Array([9]),
    ]);
    assert.equal(list.format, "qd8sxxxxxxx?xxxxxx?x8s");
    assert.equal(list.get(-1)!.toString(), "9");
    list.set(0, "xyz"); // an 8-byte slot takes a short string
    list.set(4, 7);
    list.set(2, "abcdefgh");
    assert.deepEqual([...list].slice(0, 5), ["xyz", 2.5, "abcdefgh", true, 7]);
    assert.throws(() => list.set(2, "abcdefghi"), {
      name: "ValueError",
      message: "bytes/str item exceeds available storage",
    });
    assert.throws(() => list.get(6), RangeError);
    assert.throws(() => list.set(-7, 1), RangeError);
    assert.equal(list.count(true), 1);
    assert.equal(list.index(2.5), 1);
    assert.throws(() => list.index(42), ValueError);
    assert.throws(() => new ShareableList([{}] as never), TypeError);
    assert.deepEqual([...new ShareableList()], []);
  } finally {
    list.shm.close();
    list.shm.unlink();
  }
});

Deno.test("ShareableList: CPython reads and writes a list made here, and back", async () => {
  const list = new ShareableList(
    [1, 2.5, "deno", true, null, new Uint8Array([1, 2]), -(2n ** 62n)],
    { track: false },
  );
  const python = `
from multiprocessing import shared_memory, resource_tracker
l = shared_memory.ShareableList(name=${JSON.stringify(list.shm.name)})
resource_tracker.unregister(l.shm._name, "shared_memory")
print(repr(list(l)))
print(l.format)
l[0] = 99
l[2] = "py"
m = shared_memory.ShareableList([7, "made by python", 3.5, None, b"ab", False])
resource_tracker.unregister(m.shm._name, "shared_memory")
print(m.shm.name)
l.shm.close()
m.shm.close()
`;
  const out = await run(["python3", "-c", python], {
    captureOutput: true,
    text: true,
    timeout: 60,
  });
  assert.equal(out.returncode, 0, out.stderr as string);
  const [items, format, made] = (out.stdout as string).trim().split("\n");
  assert.equal(
    items,
    "[1, 2.5, 'deno', True, None, b'\\x01\\x02', -4611686018427387904]",
  );
  assert.equal(format, list.format);
  assert.equal(list.get(0), 99);
  assert.equal(list.get(2), "py");
  const theirs = new ShareableList(null, { name: made! });
  assert.deepEqual([...theirs], [
    7,
    "made by python",
    3.5,
    null,
    new Uint8Array([97, 98]),
    false,
  ]);
  theirs.shm.close();
  theirs.shm.unlink();
  list.shm.close();
  list.shm.unlink();
});

Deno.test("SharedMemory: Python's positional forms", async (t) => {
  await t.step("SharedMemory(name) attaches", () => {
    using made = new SharedMemory(null, { create: true, size: 24 });
    assert.match(made.name, /^psm_[0-9a-f]{8}$/);
    using same = new SharedMemory(made.name);
    assert.equal(same.size, 24);
    made.buf[5] = 5;
    assert.equal(same.buf[5], 5);
    made.unlink();
  });
  await t.step("SharedMemory(name, { create, size }) creates that name", () => {
    const name = `psm_named_${crypto.randomUUID().slice(0, 8)}`;
    using made = new SharedMemory(name, { create: true, size: 8 });
    assert.equal(made.name, name);
    assert.ok(exists(name));
    made.unlink();
    assert.ok(!exists(name));
  });
  await t.step("null is None: attaching needs a name", () => {
    const message =
      "Cannot attach to SharedMemory as 'name' can only be null if 'create' is true: pass the segment's name to attach (new SharedMemory(name)), or { create: true, size } to create one";
    assert.throws(() => new SharedMemory(null), {
      name: "ValueError",
      message,
    });
    assert.throws(() => new SharedMemory({ name: null }), {
      name: "ValueError",
      message,
    });
    assert.throws(() => new SharedMemory(), { name: "ValueError", message });
  });
  await t.step("wrong types are TypeErrors, before anything is made", () => {
    assert.throws(() => new SharedMemory(5 as never), {
      name: "TypeError",
      message:
        "Cannot open SharedMemory as 'name' must be a string or null, or the first argument an options object: received number",
    });
    assert.throws(
      () => new SharedMemory("psm_x", { name: "psm_y" } as never),
      {
        name: "TypeError",
        message:
          "Cannot open SharedMemory as 'name' is given twice: pass it either first or in the options",
      },
    );
    assert.throws(() => new SharedMemory("psm_x", 8 as never), {
      name: "TypeError",
      message:
        "Cannot open SharedMemory as 'options' must be an object: received number",
    });
    assert.throws(
      () => new SharedMemory(null, { create: 1 as never, size: 8 }),
      {
        name: "TypeError",
        message:
          "Cannot open SharedMemory as 'create' must be a boolean: received number",
      },
    );
    assert.throws(
      () =>
        new SharedMemory(null, { create: true, size: 8, track: "no" as never }),
      {
        name: "TypeError",
        message:
          "Cannot open SharedMemory as 'track' must be a boolean: received string",
      },
    );
    assert.throws(() => new SharedMemory({ name: 7 as never }), {
      name: "TypeError",
      message:
        "Cannot open SharedMemory as 'name' must be a string or null: received number",
    });
  });
});

// The docs' "attach to an existing shared memory block", as written there.
Deno.test("SharedMemory: the docs' example, two instances of one block", () => {
  const shmA = new SharedMemory(null, { create: true, size: 10 });
  const buffer = shmA.buf;
  assert.ok(buffer instanceof Uint8Array);
  assert.equal(buffer.length, 10);
  buffer.set([22, 33, 44, 55]); // Modify multiple at once
  buffer[4] = 100; // Modify single byte at a time
  // Attach to an existing shared memory block
  const shmB = new SharedMemory(shmA.name);
  assert.deepEqual([...new Int8Array(shmB.buf.slice(0, 5).buffer)], [
    22,
    33,
    44,
    55,
    100,
  ]);
  shmB.buf.set(new TextEncoder().encode("howdy")); // Modify via shmB
  assert.equal(new TextDecoder().decode(shmA.buf.subarray(0, 5)), "howdy");
  shmB.close(); // Close each SharedMemory instance
  shmA.close();
  shmA.unlink(); // Call unlink only once to release the shared memory
  assert.ok(!exists(shmA.name));
});

Deno.test("SharedMemory: a child attaches by the name it is given", async () => {
  using shm = new SharedMemory(null, { create: true, size: 16 });
  const p = new Process({ target: writeByName, args: [shm.name, "by name"] });
  p.start();
  await p.join();
  assert.equal(p.exitcode, 0);
  assert.equal(new TextDecoder().decode(shm.buf.subarray(0, 7)), "by name");
  shm.unlink();
});

Deno.test("SharedMemory: passed to a Process, the child attaches the same segment and leaves it", async () => {
  using shm = new SharedMemory(null, { create: true, size: 64 });
  const p = new Process({ target: fillSegment, args: [shm, 7] });
  p.start();
  await p.join();
  assert.equal(p.exitcode, 0);
  assert.deepEqual(new Set(shm.buf), new Set([7]));
  // The child only attached: its exit neither unlinked nor unmapped ours.
  assert.ok(exists(shm.name));
  shm.buf[0] = 1;
  const q = new Process({ target: closeHere, args: [{ segment: shm }] });
  q.start();
  await q.join();
  assert.equal(q.exitcode, 0);
  assert.equal(shm.buf[0], 1);
  shm.unlink();
  assert.ok(!exists(shm.name));
});

Deno.test("ShareableList: passed to a Process, the child writes the same list", async () => {
  const sl = new ShareableList([0, 0, 0, 0, "....", null]);
  try {
    const p = new Process({ target: doWork, args: [sl, 1, 4] });
    p.start();
    await p.join();
    assert.equal(p.exitcode, 0);
    assert.deepEqual([...sl], [0, 1, 2, 3, "....", null]);
    assert.ok(exists(sl.shm.name));
  } finally {
    sl.shm.close();
    sl.shm.unlink();
  }
});

Deno.test("SharedMemory, ShareableList: Pool and ProcessPoolExecutor tasks attach the same segments", async () => {
  const shm = new SharedMemory(null, { create: true, size: 32 });
  const sl = new ShareableList(Array.from({ length: 100 }, () => -1));
  try {
    await using pool = new Pool(2);
    await pool.starmap(doWork, [[sl, 0, 50], [sl, 50, 100]]);
    assert.deepEqual([...sl], Array.from({ length: 100 }, (_, i) => i));
    assert.equal(await pool.apply(sumList, [sl]), 4950);
    assert.deepEqual(await pool.apply(fillSegment, [shm, 3]), [shm.name, 32]);
    assert.deepEqual(new Set(shm.buf), new Set([3]));

    await using executor = new ProcessPoolExecutor({ maxWorkers: 1 });
    const [shmBack, slBack, sameShm] = await executor.submit(
      touchAndReturn,
      shm,
      sl,
      sl.shm,
      9,
      "px",
    ).result();
    // Returned, they cross back by name: new objects over the same memory.
    try {
      assert.equal(sameShm, true); // one segment, one object over there
      assert.notEqual(shmBack, shm);
      assert.equal(shmBack.name, shm.name);
      assert.equal(shm.buf[0], 9);
      shmBack.buf[1] = 11;
      assert.equal(shm.buf[1], 11);
      assert.equal(sl.get(0), "px");
      slBack.set(1, "back");
      assert.equal(sl.get(1), "back");
    } finally {
      shmBack.close();
      slBack.shm.close();
    }
  } finally {
    closeAndUnlink(shm, sl.shm);
  }
});

Deno.test("SharedMemory, ShareableList: a Thread and a ThreadPoolExecutor share them", async () => {
  const shm = new SharedMemory(null, { create: true, size: 8 });
  const sl = new ShareableList(["....", 2]);
  try {
    const t = new Thread({
      target: touchAndReturn,
      args: [shm, sl, sl.shm, 5, "thr"],
    });
    t.start();
    await t.join();
    assert.equal(shm.buf[0], 5);
    assert.equal(sl.get(0), "thr");
    await using executor = new ThreadPoolExecutor({ maxWorkers: 1 });
    const [shmBack, slBack, sameShm] = await executor.submit(
      touchAndReturn,
      shm,
      sl,
      sl.shm,
      6,
      "pool",
    ).result();
    assert.equal(sameShm, true);
    // Back in the thread that made them, they are the very same objects.
    assert.equal(shmBack, shm);
    assert.equal(slBack, sl);
    assert.equal(shm.buf[0], 6);
    assert.equal(sl.get(0), "pool");
  } finally {
    closeAndUnlink(shm, sl.shm);
  }
});

Deno.test("SharedMemory: crosses to manager calls, attached by the server and back", async () => {
  const shm = new SharedMemory(null, { create: true, size: 16 });
  const manager = new SyncManager();
  try {
    await manager.start();
    const d = await manager.dict<string, SharedMemory>();
    await d.setItem("segment", shm);
    const back = await d.getItem("segment");
    try {
      assert.notEqual(back, shm);
      assert.equal(back.name, shm.name);
      back.buf[2] = 42;
      assert.equal(shm.buf[2], 42);
    } finally {
      back.close();
    }
  } finally {
    await manager.shutdown();
    shm.close();
    shm.unlink();
  }
  assert.ok(!exists(shm.name));
});

Deno.test("SharedMemory: an error about what cannot cross names the right argument", () => {
  using shm = new SharedMemory(null, { create: true, size: 8 });
  try {
    assert.throws(
      () =>
        new Process({
          target: fillSegment,
          args: [shm, new ThreadLock() as never],
        })
          .start(),
      (error: Error) =>
        error instanceof TypeError && /args\[1\]/.test(error.message) &&
        !/args\[0\]/.test(error.message),
    );
  } finally {
    shm.unlink();
  }
});

// Python's __del__: an instance nobody can reach (neither it nor a view of
// its buffer) is unmapped, so a pool worker that attaches a segment for
// each task does not pile up mappings. Run where gc() can be called.
Deno.test("SharedMemory: an unreachable attachment is unmapped, a reachable view is not", async () => {
  const module = new URL(
    "../../multiprocessing/shared_memory/mod.ts",
    import.meta.url,
  );
  const code = `
import { SharedMemory } from ${JSON.stringify(module.href)};
const made = new SharedMemory(null, { create: true, size: 4096 });
made.buf[0] = 42;
const mappings = () =>
  Deno.readTextFileSync("/proc/self/maps").split("\\n")
    .filter((line) => line.endsWith("/dev/shm/" + made.name)).length;
for (let i = 0; i < 50; i++) new SharedMemory(made.name).buf[1] = i;
const kept = new SharedMemory(made.name).buf;
const before = mappings();
let after = before;
for (let round = 0; round < 200 && after > 2; round++) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 5));
  after = mappings();
}
console.log(JSON.stringify({ before, after, kept: kept[0], last: made.buf[1] }));
made.close();
made.unlink();
`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--expose-gc", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  const report = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.deepEqual(report, { before: 52, after: 2, kept: 42, last: 49 });
});

Deno.test("SharedMemory: one unlinked before the other side attached fails there, saying so", async () => {
  const shm = new SharedMemory(null, { create: true, size: 8 });
  shm.unlink();
  try {
    await using executor = new ThreadPoolExecutor({ maxWorkers: 1 });
    await assert.rejects(executor.submit(fillSegment, shm, 1).result(), {
      name: "NotFound",
      message:
        `Cannot attach to SharedMemory '${shm.name}' passed here as it was unlinked before this side attached: unlink a segment once every thread or process it is passed to has attached`,
    });
  } finally {
    shm.close();
  }
});
