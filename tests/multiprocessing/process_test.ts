// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's _test_multiprocessing.py checks of processes
// (exit codes, terminate/kill, names, current/parent process, close, join
// timeouts) with real child processes, plus this package's rules:
// permissions never grow, an unguarded main module cannot fork-bomb, and
// no child outlives its parent.
import assert from "node:assert/strict";
import {
  activeChildren,
  cpuCount,
  currentProcess,
  ForkServerProcess,
  getAllStartMethods,
  getContext,
  getStartMethod,
  parentProcess,
  Process,
  processCpuCount,
  RuntimeError,
  setStartMethod,
  SpawnProcess,
  ValueError,
} from "@skein/concurrent/multiprocessing";
import { registerModule } from "@skein/concurrent/threading";
import { run } from "@skein/concurrent/subprocess";
import {
  checkIdentity,
  checkKwargs,
  ExitWithField,
  exitWithSum,
  fail,
  sleep,
  tryFetch,
} from "./fixtures/process_targets.ts";

registerModule(new URL("./fixtures/process_targets.ts", import.meta.url));

async function started<A extends unknown[]>(
  process: Process<A>,
): Promise<Process<A>> {
  process.start();
  await process.join();
  return process;
}

Deno.test("Process: exit codes are Python's", async (t) => {
  await t.step("0 when the target returns", async () => {
    const p = await started(new Process({ target: sleep, args: [1] }));
    assert.equal(p.exitcode, 0);
  });
  await t.step("the code given to Deno.exit", async () => {
    const p = await started(
      new Process({ target: exitWithSum, args: [1, 2, 4] }),
    );
    assert.equal(p.exitcode, 7);
  });
  await t.step("1 after an uncaught exception", async () => {
    const p = await started(new Process({ target: fail, args: ["boom"] }));
    assert.equal(p.exitcode, 1);
  });
  await t.step("kwargs come last, as one object", async () => {
    const p = await started(
      new Process({
        target: checkKwargs as (a: number) => void,
        args: [1],
        kwargs: { b: 2 },
      }),
    );
    assert.equal(p.exitcode, 0);
  });
});

Deno.test("Process: terminate and kill give minus the signal (_TestProcess.test_terminate, test_kill)", async () => {
  for (const [stop, code] of [["terminate", -15], ["kill", -9]] as const) {
    const p = new Process({ target: sleep, args: [60_000] });
    p.daemon = true;
    p.start();
    assert.equal(p.isAlive(), true);
    assert.ok(activeChildren().includes(p));
    assert.equal(p.exitcode, null);
    for (const timeout of [0, -1, 0.2]) {
      assert.equal(await p.join({ timeout }), undefined); // times out
      assert.equal(p.exitcode, null);
      assert.equal(p.isAlive(), true);
    }
    p[stop]();
    assert.equal(await p.join(), undefined);
    assert.equal(p.isAlive(), false);
    assert.ok(!activeChildren().includes(p));
    await p.join();
    assert.equal(p.exitcode, code);
  }
});

Deno.test("Process: joinSync blocks until the child exits", async () => {
  const p = new Process({ target: exitWithSum, args: [5] });
  p.start();
  // Right after start() the arguments are not sent yet: blocking now
  // would hang, so it throws.
  assert.throws(() => p.joinSync(), RuntimeError);
  await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  p.joinSync({ timeout: 60 });
  assert.equal(p.exitcode, 5);
  await p.join(); // reaped by the event loop
});

Deno.test("Process: names, pid, daemon, and the lifecycle errors", async () => {
  const p = new Process({ target: sleep, args: [1] });
  assert.match(p.name, /^Process-\d+$/);
  assert.equal(p.pid, null);
  assert.equal(p.daemon, false);
  await assert.rejects(p.join(), RuntimeError);
  p.name = "worker";
  p.daemon = true;
  p.start();
  assert.equal(typeof p.pid, "number");
  assert.equal(p.ident, p.pid);
  assert.throws(() => p.start(), RuntimeError);
  assert.throws(() => {
    p.daemon = false;
  }, RuntimeError);
  assert.throws(() => p.close(), ValueError);
  assert.equal(await p.sentinel, 0);
  p.close();
  for (const closed of [() => p.exitcode, () => p.pid, () => p.ident]) {
    assert.throws(closed, {
      name: "ValueError",
      message: "process object is closed",
    });
  }
  assert.equal(p.name, "worker");
  assert.throws(() => new Process({ target: 1 as never }), TypeError);
  assert.throws(() => new Process({ args: 1 as never }), TypeError);
});

Deno.test("Process: authkey is this process's unless set", () => {
  const p = new Process();
  assert.deepEqual(p.authkey, currentProcess().authkey);
  p.authkey = new Uint8Array([1, 2, 3]);
  assert.deepEqual(p.authkey, new Uint8Array([1, 2, 3]));
  assert.throws(() => p.authkey = "key" as never, TypeError);
});

Deno.test("Process: the child knows its name and its parent", async () => {
  const p = new Process({
    target: checkIdentity,
    args: ["checker", Deno.pid, currentProcess().authkey],
    name: "checker",
  });
  await started(p);
  assert.equal(p.exitcode, 0);
  const me = currentProcess();
  assert.equal(me.name, "MainProcess");
  assert.equal(me.pid, Deno.pid);
  assert.equal(me.ident, Deno.pid);
  assert.equal(me.daemon, false);
  assert.equal(me.exitcode, null);
  assert.equal(me.isAlive(), true);
  assert.ok(me.authkey instanceof Uint8Array && me.authkey.length > 0);
  assert.equal(parentProcess(), null);
});

Deno.test("Process: activeChildren lists the running children (_TestProcess.test_active_children)", async () => {
  assert.ok(Array.isArray(activeChildren()));
  const p = new Process({ target: sleep, args: [60_000] });
  assert.ok(!activeChildren().includes(p));
  p.daemon = true;
  p.start();
  assert.ok(activeChildren().includes(p));
  p.terminate();
  await p.join();
  assert.ok(!activeChildren().includes(p));
});

Deno.test("Process: what cannot cross is a TypeError before any child starts", () => {
  const p = new Process({
    target: exitWithSum,
    args: [new SharedArrayBuffer(8) as never],
  });
  assert.throws(() => p.start(), {
    name: "TypeError",
    message: /args\[0\].*another process/,
  });
  assert.equal(p.pid, null);
});

Deno.test("Process: permissions never grow, and narrow on request", async () => {
  // The test task grants --allow-net=127.0.0.1 only: asking for all of it
  // is refused before anything starts.
  const greedy = new Process({
    target: sleep,
    args: [1],
    permissions: { net: true },
  });
  assert.throws(() => greedy.start(), Deno.errors.NotCapable);
  assert.equal(greedy.pid, null);
  // A child denied the network gets Deno's permission error for a fetch.
  const denied = new Process({
    target: tryFetch,
    args: ["http://127.0.0.1:59999/"],
    permissions: { net: false },
  });
  await started(denied);
  assert.equal(denied.exitcode, 7);
  // A grant limited to a host passes when named.
  const named = new Process({
    target: tryFetch,
    args: ["http://127.0.0.1:59999/"],
    permissions: { net: ["127.0.0.1"] },
  });
  await started(named);
  assert.equal(named.exitcode, 1); // allowed, then refused by the port
  assert.throws(
    () => new Process({ permissions: 5 as never }).start(),
    TypeError,
  );
});

Deno.test("start methods: spawn (the default) and forkserver, no fork", () => {
  assert.deepEqual(getAllStartMethods(), ["spawn", "forkserver"]);
  assert.equal(getStartMethod(), "spawn");
  setStartMethod("spawn", { force: true });
  assert.throws(() => setStartMethod("spawn"), RuntimeError);
  assert.throws(() => getContext("fork"), {
    name: "ValueError",
    message: /Deno cannot fork/,
  });
  assert.throws(() => setStartMethod("fork", { force: true }), ValueError);
  assert.equal(getContext("forkserver").getStartMethod(), "forkserver");
  assert.equal(getContext("forkserver").Process, ForkServerProcess);
  assert.match(new ForkServerProcess().name, /^ForkServerProcess-\d+$/);
  // Python's get_context("spawn").Process is SpawnProcess, a Process
  // named after its class.
  assert.equal(getContext().Process, SpawnProcess);
  assert.ok(new SpawnProcess() instanceof Process);
  assert.match(new SpawnProcess().name, /^SpawnProcess-\d+$/);
  assert.match(new Process().name, /^Process-\d+$/);
  // One context, as Python's: its own getContext() is itself, and a
  // concrete context's start method is fixed.
  assert.equal(getContext(), getContext("spawn"));
  assert.equal(getContext().getContext(), getContext());
  assert.throws(() => getContext().setStartMethod("spawn"), ValueError);
  assert.throws(() => getContext("bogus"), {
    name: "ValueError",
    message: "cannot find context for 'bogus'",
  });
  setStartMethod(null, { force: true });
  assert.equal(getStartMethod(true), null);
  assert.equal(getStartMethod(), "spawn");
  const ctx = getContext("spawn");
  for (
    const name of [
      "Pipe",
      "Queue",
      "JoinableQueue",
      "SimpleQueue",
      "Pool",
      "Lock",
      "RLock",
      "Condition",
      "Semaphore",
      "BoundedSemaphore",
      "Event",
      "Barrier",
      "Value",
      "Array",
      "Manager",
    ] as const
  ) assert.equal(typeof ctx[name], "function", name);
  assert.deepEqual(ctx.getAllStartMethods(), ["spawn", "forkserver"]);
  assert.ok(cpuCount() >= 1);
  assert.equal(processCpuCount(), cpuCount());
});

const here = new URL("./fixtures/", import.meta.url);
const deno = Deno.execPath();

// Whether `pid` is still a live process (a zombie counts as gone).
async function alive(pid: number): Promise<boolean> {
  const out = await run(["cat", `/proc/${pid}/stat`], {
    captureOutput: true,
    text: true,
  });
  if (out.returncode !== 0) return false;
  return !/^\d+ \(.*\) [ZX]/.test(out.stdout as string);
}

async function gone(pid: number, seconds: number): Promise<boolean> {
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    if (!await alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !await alive(pid);
}

Deno.test("an unguarded main module gets the bootstrapping error, no bomb", async () => {
  const out = await run(
    [deno, "run", "-A", new URL("start_at_top_level.ts", here).pathname],
    { captureOutput: true, text: true, timeout: 60 },
  );
  assert.match(out.stderr as string, /bootstrapping phase/);
  assert.match(out.stdout as string, /exitcode 1/);
  assert.equal(out.returncode, 0);
});

Deno.test("a joined child is reaped: no zombie", async () => {
  const p = new Process({ target: sleep, args: [1] });
  p.start();
  const pid = p.pid!;
  await p.join();
  const out = await run(["test", "-e", `/proc/${pid}`]);
  assert.notEqual(out.returncode, 0);
});

for (const kind of ["daemon", "killed parent", "pool worker amid a task"]) {
  Deno.test(`no child outlives its parent: ${kind}`, async () => {
    const parent = new Deno.Command(deno, {
      args: [
        "run",
        "-A",
        new URL("leave_children.ts", here).pathname,
        kind === "daemon"
          ? "daemon"
          : kind === "killed parent"
          ? "wait"
          : "pool",
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = parent.stdout.getReader();
    const { value } = await reader.read();
    const pid = Number(new TextDecoder().decode(value).trim());
    assert.ok(pid > 0);
    if (kind !== "daemon") parent.kill("SIGKILL");
    await parent.status;
    await reader.cancel();
    assert.ok(await gone(pid, 5), `child ${pid} outlived its parent`);
  });
}

Deno.test("Process: an exported subclass overriding run() runs in the child", async () => {
  const p = new ExitWithField(40);
  p.start();
  await p.join();
  assert.equal(p.exitcode, 41); // its field crossed, and its name (Python names it after its class)
  class Unexported extends Process {
    override run(): void {}
  }
  assert.throws(() => new Unexported().start(), {
    name: "RuntimeError",
    message: /no module exports it/,
  });
});

// A program in a folder of its own, with bare specifiers from its config
// file: the child imports its main module as the parent did.
async function program(config: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "skein-program-" });
  await Deno.mkdir(`${dir}/lib`);
  await Deno.mkdir(`${dir}/src`);
  await Deno.writeTextFile(
    `${dir}/${config}`,
    JSON.stringify({ imports: { "greeting/": "./lib/" } }),
  );
  await Deno.writeTextFile(
    `${dir}/lib/greet.ts`,
    'export const greet = (name: string): string => "hello " + name;\n',
  );
  await Deno.writeTextFile(`${dir}/data.txt`, "data");
  await Deno.writeTextFile(`${dir}/secret.txt`, "secret");
  const lib = new URL("../../multiprocessing/mod.ts", import.meta.url).href;
  await Deno.writeTextFile(
    `${dir}/${config === "deno.json" ? "" : "src/"}main.ts`,
    `import { greet } from "greeting/greet.ts";
import { Process, Queue } from "${lib}";

function read(name: string): string {
  try {
    return Deno.readTextFileSync("${dir}/" + name);
  } catch (error) {
    return (error as Error).name;
  }
}

export async function report(q: Queue<unknown>): Promise<void> {
  await q.put({
    greeting: greet("child"),
    main: import.meta.main,
    gc: typeof (globalThis as { gc?: unknown }).gc,
    data: read("data.txt"),
    secret: read("secret.txt"),
  });
}

if (import.meta.main) {
  const q = new Queue();
  const p = new Process({ target: report, args: [q] });
  p.start();
  console.log(JSON.stringify(await q.get()));
  await p.join();
}
`,
  );
  return dir;
}

// Runs the program made by program(config) with `flags` (from `/`, so no
// config file is found from the working directory); what its child saw.
async function runProgram(
  config: string,
  flags: (dir: string) => string[],
): Promise<unknown> {
  const dir = await program(config);
  try {
    const main = config === "deno.json" ? "main.ts" : "src/main.ts";
    const out = await run(
      [deno, "run", ...flags(dir), `${dir}/${main}`],
      { captureOutput: true, text: true, timeout: 60, cwd: "/" },
    );
    assert.equal(out.stderr, "");
    return JSON.parse(out.stdout as string);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a child loads the program with its parent's flags", async (t) => {
  const child = { greeting: "hello child", main: false };
  await t.step("the config file found next to the main module", async () => {
    assert.deepEqual(
      await runProgram(
        "deno.json",
        (dir) => ["--allow-run", `--allow-read=${dir}`],
      ),
      {
        ...child,
        gc: "undefined",
        data: "data", // a limited grant is inherited
        secret: "secret",
      },
    );
  });
  await t.step("a named config file, and no read permission", async () => {
    assert.deepEqual(
      await runProgram(
        "app.json",
        (dir) => ["--allow-run", `--config=${dir}/app.json`],
      ),
      { ...child, gc: "undefined", data: "NotCapable", secret: "NotCapable" },
    );
  });
  await t.step("a named config file, V8 flags and denials", async () => {
    assert.deepEqual(
      await runProgram("app.json", (dir) => [
        "--allow-run",
        "--allow-read",
        `--deny-read=${dir}/secret.txt`,
        "--config",
        `${dir}/app.json`,
        "--v8-flags=--expose-gc",
      ]),
      { ...child, gc: "function", data: "data", secret: "NotCapable" },
    );
  });
});

Deno.test("a child ends when its non-daemon threads have (test_wait_for_threads)", async () => {
  const out = await run(
    [deno, "run", "-A", new URL("wait_threads.ts", here).pathname],
    { captureOutput: true, text: true, timeout: 60 },
  );
  assert.equal(out.stdout, "thread done\njoined 0\n", out.stderr as string);
});
