// Copyright 2026 the @skein/concurrent authors. MIT license.
// No child outlives its parent's SIGKILL, busy or blocked: see
// _internal/parent_watch.ts. The parent (fixtures/orphan_parent.ts) runs
// under a small Python subreaper, so its orphans become the subreaper's
// children (their parent pid changes, as under init) and are reaped and
// reported at once: each death is seen when it happens, and none is left a
// zombie (this machine's init reaps late).
import assert from "node:assert/strict";

const PARENT = new URL("./fixtures/orphan_parent.ts", import.meta.url);
const FLAGS = [
  "--allow-read",
  "--allow-env",
  "--allow-run",
  "--allow-write=/tmp",
  "--allow-ffi",
  "--allow-sys",
  "--allow-net=127.0.0.1",
];
// Runs the command in its arguments as a child subreaper (prctl 36), says
// "parent <pid>", then reaps every process that ends under it, saying
// "reaped <pid> <wait status>", until none is left.
const SUBREAPER = `
import ctypes, os, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
print("parent", subprocess.Popen(sys.argv[1:]).pid, flush=True)
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        break
    print("reaped", pid, status, flush=True)
`;

// Each process id and its parent's, from /proc (read through `cat`: Deno
// reads /proc only under --allow-all).
async function parents(): Promise<Map<number, number>> {
  const { stdout } = await new Deno.Command("sh", {
    args: ["-c", "cat /proc/[0-9]*/stat 2>/dev/null"],
    stdout: "piped",
  }).output();
  const map = new Map<number, number>();
  for (const line of new TextDecoder().decode(stdout).split("\n")) {
    const fields = line.slice(line.lastIndexOf(")") + 2).split(" ");
    if (fields.length > 2) map.set(parseInt(line), Number(fields[1]));
  }
  return map;
}

function descendants(of: number, tree: Map<number, number>): number[] {
  const found: number[] = [];
  for (const [pid, ppid] of tree) {
    if (ppid === of) found.push(pid, ...descendants(pid, tree));
  }
  return found;
}

async function* linesOf(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text += chunk;
    const lines = text.split("\n");
    text = lines.pop()!;
    yield* lines;
  }
}

const EXPECTED = new Map([
  ["blocked child", "pdeathsig"],
  ["spinning child", "pdeathsig"],
  ["blocked child without --allow-ffi", "watchdog"],
  ["spinning Pool worker", "pdeathsig"],
  ["spinning ProcessPoolExecutor worker", "pdeathsig"],
  ["daemon child of a worker thread", "watchdog"],
]);

Deno.test("every child, busy, blocked or idle, ends within 1 s of its parent's SIGKILL, and is reaped", async () => {
  const reaper = new Deno.Command("python3", {
    args: ["-c", SUBREAPER, Deno.execPath(), "run", ...FLAGS, PARENT.pathname],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = linesOf(reaper.stdout);
  const next = async (): Promise<string[]> => {
    const { value, done } = await lines.next();
    assert.ok(!done, "the subreaper ended early");
    return value.split(" ");
  };
  let parent: number | undefined;
  const waitedFor = new Set<number>();
  try {
    parent = Number((await next())[1]);
    // Wait until every child is busy (or blocked) and the parent is ready.
    const busy = new Map<number, { what: string; kind: string }>();
    for (let line = await next(); line[0] !== "ready"; line = await next()) {
      if (line[0] !== "busy") continue;
      busy.set(Number(line[1]), {
        what: line.slice(3).join(" "),
        kind: line[2]!,
      });
    }
    assert.deepEqual(
      new Map([...busy.values()].map(({ what, kind }) => [what, kind])),
      EXPECTED,
    );
    // The busy ones and the manager server; the daemon child lives on
    // after the worker thread that spawned it ended (the kernel's
    // parent-death signal would have killed it with that thread).
    const children = descendants(parent, await parents());
    assert.equal(children.length, EXPECTED.size + 1, `${children}`);
    for (const pid of busy.keys()) assert.ok(children.includes(pid));

    const killed = performance.now();
    Deno.kill(parent, "SIGKILL");
    for (const pid of [parent, ...children]) waitedFor.add(pid);
    const times: string[] = [];
    const late: string[] = [];
    while (waitedFor.size > 0) {
      const line = await next();
      const pid = Number(line[1]);
      if (line[0] !== "reaped" || !waitedFor.delete(pid)) continue;
      const ms = performance.now() - killed;
      const name = busy.get(pid)?.what ??
        (pid === parent ? "parent" : "manager server");
      times.push(`${name}: ${ms.toFixed(0)} ms`);
      if (ms >= 1000) late.push(name);
    }
    console.log(`reaped after the parent's SIGKILL: ${times.join(", ")}`);
    assert.deepEqual(late, [], "ended later than 1 s after the parent");
    // No zombie: the subreaper has reaped every process left under it.
    assert.equal((await reaper.status).code, 0);
    const left = await parents();
    for (const pid of [parent, ...children]) assert.ok(!left.has(pid));
  } finally {
    // On failure, what is not reaped yet.
    for (const pid of parent === undefined ? [] : [parent, ...waitedFor]) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // (it has exited)
      }
    }
    // The subreaper ends once every process under it has: give them time.
    const timer = setTimeout(() => reaper.kill("SIGKILL"), 20_000);
    await lines.return(undefined);
    await reaper.status;
    clearTimeout(timer);
  }
});
