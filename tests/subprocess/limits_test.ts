// Copyright 2026 the @skein/concurrent authors. MIT license.
// subprocess's `limits`: memoryMb, cpuSeconds, wallSeconds on any program;
// a breach is on Popen and CompletedProcess, and `check` raises it.
import assert from "node:assert/strict";
import {
  CalledProcessError,
  checkCall,
  checkOutput,
  Popen,
  ResourceLimitError,
  run,
  runSync,
  SubprocessError,
  ValueError,
} from "@skein/concurrent/subprocess";

// Python allocates outside any JavaScript heap: bytearray is resident.
const HOLD_200_MB = "b = bytearray(200 * 2**20)\nimport time\ntime.sleep(30)";

Deno.test("run() enforces each limit and reports it", async (t) => {
  await t.step("memoryMb: killed past its resident memory", async () => {
    const done = await run(["python3", "-c", HOLD_200_MB], {
      limits: { memoryMb: 60 },
    });
    assert.equal(done.returncode, -9);
    assert.equal(done.limitExceeded?.kind, "memoryMb");
    assert.equal(done.limitExceeded.limit, 60);
    assert.ok(done.limitExceeded.used > 60);
  });
  await t.step("cpuSeconds: SIGXCPU from RLIMIT_CPU", async () => {
    const done = await run(["python3", "-c", "while True: pass"], {
      limits: { cpuSeconds: 1 },
    });
    assert.ok([-24, -9].includes(done.returncode), String(done.returncode));
    assert.equal(done.limitExceeded?.kind, "cpuSeconds");
    assert.ok(done.limitExceeded.used >= 1);
  });
  await t.step("wallSeconds: killed when it runs longer", async () => {
    const done = await run(["sleep", "30"], { limits: { wallSeconds: 0.3 } });
    assert.equal(done.returncode, -9);
    assert.equal(done.limitExceeded?.kind, "wallSeconds");
    assert.ok(done.limitExceeded.used >= 0.3);
  });
  await t.step("within its limits: no breach", async () => {
    const done = await run(["true"], {
      limits: { memoryMb: 500, cpuSeconds: 10, wallSeconds: 30 },
    });
    assert.equal(done.returncode, 0);
    assert.equal(done.limitExceeded, null);
  });
});

Deno.test("a breach with check is a ResourceLimitError", async (t) => {
  await t.step("run(..., { check: true })", async () => {
    await assert.rejects(
      run(["sh", "-c", "echo started; exec sleep 30"], {
        limits: { wallSeconds: 0.3 },
        check: true,
        captureOutput: true,
        text: true,
      }),
      (error: ResourceLimitError) => {
        assert.ok(error instanceof SubprocessError);
        assert.ok(error instanceof CalledProcessError);
        assert.equal(error.kind, "wallSeconds");
        assert.equal(error.limit, 0.3);
        assert.equal(error.returncode, -9);
        assert.equal(error.stdout, "started\n");
        assert.match(
          error.message,
          /^Command '\['sh', '-c', 'echo started; exec sleep 30'\]' was ended: wall-clock time [\d.]+ s exceeded its limit of 0.3 s \(limits.wallSeconds\)$/,
        );
        return true;
      },
    );
  });
  await t.step("checkCall and checkOutput", async () => {
    const limits = { wallSeconds: 0.3 };
    await assert.rejects(
      checkCall(["sleep", "30"], { limits }),
      ResourceLimitError,
    );
    await assert.rejects(
      checkOutput(["sleep", "30"], { limits }),
      ResourceLimitError,
    );
  });
  await t.step("runSync", () => {
    const done = runSync(["sleep", "30"], { limits: { wallSeconds: 0.3 } });
    assert.equal(done.limitExceeded?.kind, "wallSeconds");
    assert.throws(() => done.checkReturncode(), ResourceLimitError);
  });
});

Deno.test("Popen shows the breach as limitExceeded", async () => {
  await using p = new Popen(["sleep", "30"], { limits: { wallSeconds: 0.3 } });
  assert.equal(p.poll(), null);
  assert.equal(await p.wait(), -9);
  assert.equal(p.limitExceeded?.kind, "wallSeconds");
});

Deno.test("Popen.waitSync() enforces the limits while it blocks", async () => {
  await using p = new Popen(["sleep", "30"], { limits: { wallSeconds: 0.3 } });
  assert.equal(p.waitSync({ timeout: 30 }), -9);
  assert.equal(p.limitExceeded?.kind, "wallSeconds");
});

Deno.test("bad limits are rejected before the command starts", async (t) => {
  const cases: [unknown, string, string][] = [
    [
      { heapMb: 100 },
      "ValueError",
      "Cannot run command as 'limits.heapMb' (JavaScript heap) cannot be enforced for a program that is not a child deno (heapMb is V8's: see multiprocessing.Process)",
    ],
    [
      { wallSecs: 1 },
      "TypeError",
      "Cannot run command as 'limits.wallSecs' is not a limit: expected one of heapMb, memoryMb, cpuSeconds, wallSeconds",
    ],
    [
      { memoryMb: 0 },
      "ValueError",
      "Cannot run command as 'limits.memoryMb' must be a finite number > 0: current value is 0",
    ],
    [
      { cpuSeconds: "1" },
      "TypeError",
      "Cannot run command as 'limits.cpuSeconds' must be a number > 0: received string",
    ],
    [
      5,
      "TypeError",
      "Cannot run command as 'limits' must be an object of heapMb, memoryMb, cpuSeconds, wallSeconds: received number",
    ],
  ];
  for (const [limits, name, message] of cases) {
    await t.step(message, async () => {
      const options = { limits } as never;
      await assert.rejects(run(["true"], options), { name, message });
      assert.throws(() => new Popen(["true"], options), { name, message });
      assert.throws(() => runSync(["true"], options), { name, message });
    });
  }
  assert.equal(new ValueError("x").name, "ValueError");
});

Deno.test("a limit this process cannot enforce is a ValueError saying why", async () => {
  const fixture = new URL("./fixtures/unenforceable.ts", import.meta.url);
  const out = await run(
    [
      Deno.execPath(),
      "run",
      "--no-prompt",
      "--allow-run=true",
      fixture.pathname,
    ],
    { captureOutput: true, text: true, check: true },
  );
  assert.equal(
    out.stdout,
    "ValueError: Cannot run command as 'limits.memoryMb' cannot be enforced here: it is sampled from Linux's /proc, read with --allow-ffi or --allow-run=cat\n" +
      "ValueError: Cannot run command as 'limits.cpuSeconds' cannot be enforced here: RLIMIT_CPU is set with prlimit(2), which needs --allow-ffi (or --allow-run=prlimit)\n",
  );
});
