// Copyright 2026 the @skein/concurrent authors. MIT license.
// The forkserver start method (_internal/forkserver.ts): a Process or a
// pool's worker takes a spare child started ahead, of exactly its kind,
// and a new spare replaces it; preloaded modules are loaded in spares;
// spares end with their parent. Each test ends its spares (Deno's
// sanitizers count a spare as a running child).
import assert from "node:assert/strict";
import {
  getContext,
  getForkserverPreload,
  getForkserverSpares,
  Process,
  setForkserverPreload,
  setForkserverSpares,
  setStartMethod,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { ProcessPoolExecutor } from "@skein/concurrent/futures";
import { registerModule } from "@skein/concurrent/threading";
import { importedAhead } from "./fixtures/forkserver_registered.ts";
import { sparePids, sparesTaken } from "../../_internal/forkserver.ts";

const ctx = getContext("forkserver");

// Runs `fn` with `count` spares started first, and none left after.
function withSpares(
  count: number,
  fn: () => Promise<void>,
): () => Promise<void> {
  return async () => {
    await setForkserverSpares(count);
    try {
      await fn();
    } finally {
      await setForkserverPreload([]);
      await setForkserverSpares(0);
      setStartMethod(null, { force: true });
    }
  };
}

async function started(p: Process): Promise<Process> {
  p.start();
  await p.join();
  return p;
}

// Waits (10 s at most) until `count` spares are kept, none of them one of
// `not` (spares of another kind end when the new kind's start).
async function sparesReady(
  count: number,
  not: readonly (number | null | undefined)[] = [],
): Promise<number[]> {
  const ready = () =>
    sparePids().length >= count &&
    !sparePids().some((pid) => not.includes(pid));
  for (let i = 0; i < 200 && !ready(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return sparePids();
}

Deno.test(
  "forkserver: a Process takes the ready spare, and a new spare replaces it",
  withSpares(1, async () => {
    const [spare] = await sparesReady(1);
    const p = new ctx.Process({
      target: (x: number) => Deno.exit(x),
      args: [4],
    });
    p.start();
    assert.equal(p.pid, spare);
    await p.join();
    assert.equal(p.exitcode, 4);
    const [next] = await sparesReady(1);
    assert.ok(next !== undefined && next !== spare);
    // A plain Process follows the start method in use.
    setStartMethod("forkserver", { force: true });
    const plain = new Process({ target: () => {} });
    plain.start();
    assert.equal(plain.pid, next);
    await plain.join();
    assert.equal(plain.exitcode, 0);
    // SpawnProcess always spawns.
    const [third] = await sparesReady(1);
    const spawned = await started(new (getContext("spawn").Process)());
    assert.notEqual(spawned.pid, third);
    assert.deepEqual(sparePids(), [third]);
  }),
);

Deno.test(
  "forkserver: a Process with other permissions or limits starts cold, with its own",
  withSpares(1, async () => {
    const [spare] = await sparesReady(1);
    const noEnv = () =>
      Deno.exit(
        Deno.permissions.querySync({ name: "env" }).state === "granted" ? 3 : 0,
      );
    const cold = new ctx.Process({
      target: noEnv,
      permissions: { env: false },
    });
    cold.start();
    assert.notEqual(cold.pid, spare);
    await cold.join();
    assert.equal(cold.exitcode, 0);
    // The spares turn to its kind: the next such process takes one...
    const [ofItsKind] = await sparesReady(1, [spare]);
    assert.notEqual(ofItsKind, spare);
    const warm = new ctx.Process({
      target: noEnv,
      permissions: { env: false },
    });
    warm.start();
    assert.equal(warm.pid, ofItsKind);
    await warm.join();
    assert.equal(warm.exitcode, 0);
    // ...and one with this process's permissions does not.
    const [again] = await sparesReady(1, [ofItsKind]);
    const withEnv = await started(
      new ctx.Process({ target: noEnv, permissions: "inherit" }),
    );
    assert.notEqual(withEnv.pid, again);
    assert.equal(withEnv.exitcode, 3);
    // A process with limits starts cold.
    const [last] = await sparesReady(1, [again]);
    const limited = await started(
      new ctx.Process({ target: () => {}, limits: { wallSeconds: 60 } }),
    );
    assert.notEqual(limited.pid, last);
    assert.equal(limited.exitcode, 0);
  }),
);

Deno.test(
  "forkserver: setForkserverPreload() imports modules into spares ahead",
  withSpares(1, async () => {
    const preloaded = () =>
      Deno.exit(
        (globalThis as { skeinPreloaded?: number }).skeinPreloaded === Deno.pid
          ? 0
          : 5,
      );
    const before = await started(new ctx.Process({ target: preloaded }));
    assert.equal(before.exitcode, 5);
    const url = import.meta.resolve("./fixtures/forkserver_preload.ts");
    // One that fails to load is skipped.
    const missing = import.meta.resolve("./fixtures/no_such_module.ts");
    await setForkserverPreload([missing, new URL(url)]);
    assert.deepEqual(getForkserverPreload(), [missing, url]);
    const [spare] = await sparesReady(1);
    const after = await started(new ctx.Process({ target: preloaded }));
    assert.equal(after.pid, spare);
    assert.equal(after.exitcode, 0);
    assert.throws(() => setForkserverPreload("x" as never), TypeError);
    assert.throws(() => setForkserverPreload(["./x.ts"]), {
      name: "TypeError",
      message: /'modules\[0\]' must be an absolute URL/,
    });
    assert.throws(() => setForkserverPreload([5 as never]), TypeError);
  }),
);

Deno.test(
  "forkserver: spares import the registered modules ahead, as Python's preloads __main__",
  withSpares(0, async () => {
    registerModule(import.meta.resolve("./fixtures/forkserver_registered.ts"));
    // A spawned child imports the target's module once it knows its name.
    const cold = await started(
      new (getContext("spawn").Process)({ target: importedAhead }),
    );
    assert.equal(cold.exitcode, 1);
    // A spare started after the registration has imported it before.
    await setForkserverSpares(1);
    const [spare] = await sparesReady(1);
    const warm = await started(new ctx.Process({ target: importedAhead }));
    assert.equal(warm.pid, spare);
    assert.equal(warm.exitcode, 0);
  }),
);

Deno.test("forkserver: setForkserverSpares() checks its count", () => {
  const count = getForkserverSpares();
  for (const bad of [-1, 1.5, NaN, "2"]) {
    assert.throws(() => setForkserverSpares(bad as number), ValueError);
  }
  assert.equal(getForkserverSpares(), count);
});

export function pid(): number {
  return Deno.pid;
}

Deno.test(
  "forkserver: pool workers, and their replacements after maxtasksperchild, take spares",
  withSpares(1, async () => {
    await sparesReady(1);
    const before = sparesTaken();
    const pids = new Set<number>();
    {
      await using pool = new ctx.Pool(1, { maxtasksperchild: 1 });
      for (let i = 0; i < 3; i++) pids.add(await pool.apply(pid));
    }
    assert.equal(pids.size, 3);
    // The first worker and its two replacements (the third is not started:
    // the pool closes).
    assert.ok(sparesTaken() - before >= 3, `${sparesTaken() - before}`);
    await sparesReady(1);
    const taken = sparesTaken();
    {
      await using executor = new ProcessPoolExecutor({
        maxWorkers: 1,
        mpContext: ctx,
      });
      assert.equal(await executor.submit((x: number) => x * 2, 21), 42);
    }
    assert.equal(sparesTaken(), taken + 1);
    assert.throws(() => new ProcessPoolExecutor({ mpContext: 5 as never }), {
      name: "TypeError",
      message: /'mpContext' must be a multiprocessing context/,
    });
    assert.throws(
      () =>
        new ProcessPoolExecutor({
          mpContext: { getStartMethod: () => "fork" },
        }),
      { name: "ValueError", message: /'mpContext' has start method 'fork'/ },
    );
  }),
);

// Each process's state letter ("Z": a zombie), from /proc (through `cat`:
// Deno reads /proc only under --allow-all).
async function states(pids: number[]): Promise<Map<number, string>> {
  const { stdout } = await new Deno.Command("sh", {
    args: [
      "-c",
      `cat ${pids.map((p) => `/proc/${p}/stat`).join(" ")} 2>/dev/null`,
    ],
    stdout: "piped",
  }).output();
  const map = new Map<number, string>();
  for (const line of new TextDecoder().decode(stdout).split("\n")) {
    if (line === "") continue;
    map.set(
      parseInt(line),
      line.slice(line.lastIndexOf(")") + 2, line.lastIndexOf(")") + 3),
    );
  }
  return map;
}

Deno.test("forkserver: no child or spare outlives its parent's SIGKILL", async () => {
  const parent = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      "--allow-ffi",
      "--allow-sys",
      new URL("./fixtures/forkserver_parent.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const pids: number[] = [];
  let text = "";
  const reader = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!text.includes("ready\n")) {
      const { value, done } = await reader.read();
      assert.ok(!done, "the parent ended early");
      text += value;
    }
    for (const line of text.split("\n")) {
      if (line.startsWith("pid ")) pids.push(Number(line.slice(4)));
    }
    // The Process, the pool's worker and two spares.
    assert.equal(new Set(pids).size, 4, text);
    const alive = await states(pids);
    assert.equal(alive.size, 4);
  } finally {
    parent.kill("SIGKILL");
    await reader.cancel();
    await parent.status;
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  // Gone, or a zombie waiting for init to reap it.
  const left = [...await states(pids)].filter(([, state]) => state !== "Z");
  assert.deepEqual(left, []);
});
