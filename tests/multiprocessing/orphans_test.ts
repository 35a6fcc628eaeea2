// Copyright 2026 the @skein/concurrent authors. MIT license.
// No child outlives its parent's SIGKILL, busy or blocked: see
// _internal/parent_watch.ts. The parent (fixtures/orphan_parent.ts) runs
// under a small Python subreaper, which kills it, and to which its orphans
// go (their parent pid changes, as under init): it reaps each at once and
// reports when, so every death is timed where it happens, and none is left
// a zombie (this machine's init reaps late).
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
// Runs the command in its arguments as a child subreaper (prctl 36) and
// says "parent <pid>"; SIGKILLs it when a line (or the end) comes on its
// stdin; meanwhile reaps every process that ends under it, saying "reaped
// <pid> <wait status> <ms since the SIGKILL>", until none is left.
const SUBREAPER = `
import ctypes, os, signal, subprocess, sys, threading, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
parent = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL)
print("parent", parent.pid, flush=True)
killed = None
def reap():
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return
        ms = -1 if killed is None else (time.monotonic() - killed) * 1000
        print("reaped", pid, status, round(ms), flush=True)
reaper = threading.Thread(target=reap)
reaper.start()
sys.stdin.readline()
killed = time.monotonic()
os.kill(parent.pid, signal.SIGKILL)
reaper.join()
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
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = reaper.stdin.getWriter();
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
    // Wait until every child is busy (or blocked) and the parent is ready;
    // should that never happen, the output ends with the parent.
    const stuck = setTimeout(() => writer.close().catch(() => {}), 120_000);
    const busy = new Map<number, { what: string; kind: string }>();
    let ready = false;
    let thread = 0;
    while (!ready || busy.size < EXPECTED.size) {
      const line = await next();
      ready ||= line[0] === "ready";
      if (line[0] === "thread") thread = Number(line[1]);
      if (line[0] !== "busy") continue;
      busy.set(Number(line[1]), {
        what: line.slice(3).join(" "),
        kind: line[2]!,
      });
    }
    clearTimeout(stuck);
    assert.deepEqual(
      new Map([...busy.values()].map(({ what, kind }) => [what, kind])),
      EXPECTED,
    );
    // The busy ones and the manager server; the daemon child lives on
    // after the worker thread that spawned it ended (the kernel's
    // parent-death signal would have killed it with that thread).
    const { success: threadLives } = await new Deno.Command("test", {
      args: ["-e", `/proc/${parent}/task/${thread}`],
    }).output();
    assert.ok(thread > 0 && !threadLives, `thread ${thread} has not ended`);
    const children = descendants(parent, await parents());
    assert.equal(children.length, EXPECTED.size + 1, `${children}`);
    for (const pid of busy.keys()) assert.ok(children.includes(pid));

    await writer.write(new TextEncoder().encode("kill\n"));
    for (const pid of [parent, ...children]) waitedFor.add(pid);
    const times: string[] = [];
    const late: string[] = [];
    while (waitedFor.size > 0) {
      const line = await next();
      if (line[0] !== "reaped") continue;
      const [pid, status, ms] = line.slice(1).map(Number) as number[];
      if (!waitedFor.delete(pid!)) continue;
      const name = busy.get(pid!)?.what ??
        (pid === parent ? "parent" : "manager server");
      times.push(`${name}: ${ms} ms (wait status ${status})`);
      if (ms! < 0 || ms! >= 1000) late.push(name);
    }
    console.log(`reaped after the parent's SIGKILL: ${times.join(", ")}`);
    assert.deepEqual(late, [], "ended later than 1 s after the parent");
    // No zombie: the subreaper has reaped every process left under it.
    assert.equal((await reaper.status).code, 0);
    const left = await parents();
    for (const pid of [parent, ...children]) assert.ok(!left.has(pid));
  } finally {
    // (On failure: the subreaper kills the parent, then what it can.)
    await writer.close().catch(() => {});
    const timer = setTimeout(() => {
      for (const pid of waitedFor) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch {
          // (it has exited)
        }
      }
    }, 20_000);
    await lines.return(undefined);
    await reaper.status;
    clearTimeout(timer);
  }
});
