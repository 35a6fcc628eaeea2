// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's Lib/test/test_subprocess.py checks of run() and the
// call family, on Linux with sh, cat, printf and friends.
import assert from "node:assert/strict";
import {
  call,
  CalledProcessError,
  callSync,
  checkCall,
  checkOutput,
  checkOutputSync,
  CompletedProcess,
  DEVNULL,
  getoutput,
  getstatusoutput,
  PIPE,
  run,
  runSync,
  STDOUT,
  TimeoutExpired,
  ValueError,
} from "@skein/concurrent/subprocess";

/** Whether /proc has the process, zombie or not (asked of a child: Deno
 * itself needs --allow-all to look into /proc). */
function inProc(pid: string): boolean {
  return new Deno.Command("test", { args: ["-e", `/proc/${pid}`] })
    .outputSync().code === 0;
}

for (const [mode, runner] of [["run", run], ["runSync", runSync]] as const) {
  const go = async (...args: Parameters<typeof run>) =>
    await (runner as typeof run)(...args);

  Deno.test(`${mode}(): returncode, and check raises CalledProcessError`, async () => {
    const done = await go(["sh", "-c", "exit 47"]);
    assert.ok(done instanceof CompletedProcess);
    assert.equal(done.returncode, 47);
    assert.deepEqual(done.args, ["sh", "-c", "exit 47"]);
    assert.equal(done.stdout, null);
    assert.equal(done.stderr, null);
    await assert.rejects(
      go(["sh", "-c", "exit 47"], { check: true }),
      (error) => {
        assert.ok(error instanceof CalledProcessError);
        assert.equal(error.returncode, 47);
        assert.deepEqual(error.cmd, ["sh", "-c", "exit 47"]);
        assert.equal(
          error.message,
          "Command '['sh', '-c', 'exit 47']' returned non-zero exit status 47.",
        );
        return true;
      },
    );
    assert.equal((await go(["true"], { check: true })).returncode, 0);
  });

  Deno.test(`${mode}(): captures stdout and stderr, as bytes or text`, async () => {
    const script = "printf out; printf err >&2";
    const bytes = await go(["sh", "-c", script], { captureOutput: true });
    assert.deepEqual(bytes.stdout, new TextEncoder().encode("out"));
    assert.deepEqual(bytes.stderr, new TextEncoder().encode("err"));
    const text = await go(["sh", "-c", script], {
      stdout: PIPE,
      stderr: PIPE,
      text: true,
    });
    assert.equal(text.stdout, "out");
    assert.equal(text.stderr, "err");
    const quiet = await go(["sh", "-c", script], {
      stdout: DEVNULL,
      stderr: PIPE,
      text: true,
    });
    assert.equal(quiet.stdout, null);
    assert.equal(quiet.stderr, "err");
  });

  Deno.test(`${mode}(): stderr=STDOUT merges into stdout`, async () => {
    const done = await go(["sh", "-c", "printf a; printf b >&2; printf c"], {
      stdout: PIPE,
      stderr: STDOUT,
      text: true,
    });
    assert.equal(done.stderr, null);
    assert.deepEqual([...(done.stdout as unknown as string)].sort(), [
      "a",
      "b",
      "c",
    ]);
  });

  Deno.test(`${mode}(): input as bytes and as text`, async () => {
    const bytes = await go(["cat"], {
      input: new TextEncoder().encode("pear"),
      stdout: PIPE,
    });
    assert.deepEqual(bytes.stdout, new TextEncoder().encode("pear"));
    const text = await go(["cat"], {
      input: "apple",
      captureOutput: true,
      text: true,
    });
    assert.equal(text.stdout, "apple");
  });

  Deno.test(`${mode}(): text mode translates newlines and decodes`, async () => {
    const done = await go(["printf", "a\\r\\nb\\rc\\n"], {
      stdout: PIPE,
      universalNewlines: true,
    });
    assert.equal(done.stdout, "a\nb\nc\n");
    const latin = await go(["printf", "caf\\351"], {
      stdout: PIPE,
      encoding: "latin1",
    });
    assert.equal(latin.stdout, "caf\u00e9");
    const replaced = await go(["printf", "\\377"], {
      stdout: PIPE,
      errors: "replace",
    });
    assert.equal(replaced.stdout, "\ufffd");
  });

  Deno.test(`${mode}(): cwd, env, shell and executable`, async () => {
    const cwd = await go(["pwd"], { cwd: "/tmp", stdout: PIPE, text: true });
    assert.equal(cwd.stdout, "/tmp\n");
    const env = await go(["sh", "-c", "echo $FRUIT-$HOME"], {
      env: { FRUIT: "orange" },
      stdout: PIPE,
      text: true,
    });
    assert.equal(env.stdout, "orange-\n");
    const shell = await go("echo $((6 * 7))", {
      shell: true,
      stdout: PIPE,
      text: true,
    });
    assert.equal(shell.stdout, "42\n");
    const list = await go(["echo $0 $1", "x", "y"], {
      shell: true,
      stdout: PIPE,
      text: true,
    });
    assert.equal(list.stdout, "x y\n");
    const exe = await go(["ignored", "hi"], {
      executable: "echo",
      stdout: PIPE,
      text: true,
    });
    assert.equal(exe.stdout, "hi\n");
  });

  Deno.test(`${mode}(): timeout kills, reaps, and keeps the partial output`, async () => {
    const pidFile = await Deno.makeTempFile({ dir: "/tmp" });
    try {
      await assert.rejects(
        go(["sh", "-c", `echo $$ > ${pidFile}; echo partial; exec sleep 30`], {
          timeout: 0.5,
          stdout: PIPE,
          text: true,
        }),
        (error) => {
          assert.ok(error instanceof TimeoutExpired);
          assert.equal(error.timeout, 0.5);
          assert.equal(error.output, "partial\n");
          assert.equal(error.stdout, "partial\n");
          assert.match(error.message, /timed out after 0\.5 seconds$/);
          return true;
        },
      );
      const pid = (await Deno.readTextFile(pidFile)).trim();
      assert.ok(pid.length > 0);
      assert.ok(!inProc(pid), "the child was reaped");
    } finally {
      await Deno.remove(pidFile);
    }
  });

  Deno.test(`${mode}(): a signal gives a negative returncode`, async () => {
    const done = await go(["sh", "-c", "kill -9 $$"]);
    assert.equal(done.returncode, -9);
    await assert.rejects(go(["sh", "-c", "kill -15 $$"], { check: true }), {
      name: "CalledProcessError",
      message:
        "Command '['sh', '-c', 'kill -15 $$']' died with <Signals.SIGTERM: 15>.",
    });
  });

  Deno.test(`${mode}(): bad input gets clear errors before anything runs`, async () => {
    await assert.rejects(
      go(["true"], { captureOutput: true, stdout: PIPE }),
      {
        name: "ValueError",
        message:
          "stdout and stderr arguments may not be used with capture_output.",
      },
    );
    await assert.rejects(
      go(["cat"], { input: "x", stdin: PIPE, text: true }),
      {
        name: "ValueError",
        message: "stdin and input arguments may not both be used.",
      },
    );
    await assert.rejects(
      go(["echo", 1 as unknown as string]),
      {
        name: "TypeError",
        message:
          "Cannot run command as 'args[1]' must be a string: received number",
      },
    );
    await assert.rejects(go(["no-such-program-xyz"]), (error) => {
      assert.ok(error instanceof Deno.errors.NotFound);
      assert.match(error.message, /no-such-program-xyz/);
      return true;
    });
    await assert.rejects(
      go(["no-such-program-xyz"], { cwd: "/tmp" }),
      /cwd: '\/tmp'/,
    );
    await assert.rejects(go(["ls"], { cwd: "/no/such/dir" }), (error) => {
      assert.ok(error instanceof Deno.errors.NotFound);
      assert.match(error.message, /\/no\/such\/dir/);
      return true;
    });
    await assert.rejects(go([]), ValueError);
    await assert.rejects(go(["true"], { encoding: "klingon" }), {
      name: "ValueError",
      message:
        "Cannot run command as 'encoding' must be a known text encoding: received 'klingon'",
    });
  });
}

Deno.test("call(), checkCall() and their Sync forms", async () => {
  assert.equal(await call(["sh", "-c", "exit 3"]), 3);
  assert.equal(callSync(["sh", "-c", "exit 3"]), 3);
  assert.equal(await checkCall(["true"]), 0);
  await assert.rejects(checkCall(["false"]), {
    name: "CalledProcessError",
    message: "Command '['false']' returned non-zero exit status 1.",
  });
  await assert.rejects(call(["sleep", "10"], { timeout: 0.1 }), TimeoutExpired);
});

Deno.test("checkOutput() returns stdout and raises with it", async () => {
  assert.deepEqual(
    await checkOutput(["printf", "x"]),
    new TextEncoder().encode("x"),
  );
  assert.equal(checkOutputSync(["echo", "y"], { text: true }), "y\n");
  await assert.rejects(
    checkOutput(["sh", "-c", "echo partial; exit 5"], { text: true }),
    (error) => {
      assert.ok(error instanceof CalledProcessError);
      assert.equal(error.output, "partial\n");
      assert.equal(error.returncode, 5);
      return true;
    },
  );
  await assert.rejects(
    checkOutput(["true"], { stdout: PIPE } as never),
    {
      name: "ValueError",
      message: "stdout argument not allowed, it will be overridden.",
    },
  );
});

Deno.test("getoutput() and getstatusoutput() as Python's", async () => {
  assert.deepEqual(await getstatusoutput("echo hi; exit 3"), [3, "hi"]);
  assert.deepEqual(await getstatusoutput("echo err >&2"), [0, "err"]);
  assert.equal(await getoutput("printf 'a\\n\\n'"), "a\n");
  assert.equal(await getoutput("true"), "");
});

Deno.test("CompletedProcess reads as Python's repr and checks", () => {
  const done = new CompletedProcess(["ls"], 0, new TextEncoder().encode("x"));
  assert.equal(
    String(done),
    "CompletedProcess(args=['ls'], returncode=0, stdout=b'x')",
  );
  done.checkReturncode();
  const failed = new CompletedProcess("false", 1, null, "bad");
  assert.throws(() => failed.checkReturncode(), {
    name: "CalledProcessError",
    message: "Command 'false' returned non-zero exit status 1.",
  });
});

Deno.test("run() without --allow-run fails with Deno's error naming the flag", async () => {
  const mod = new URL("../../subprocess/mod.ts", import.meta.url).href;
  const program = await Deno.makeTempFile({ dir: "/tmp", suffix: ".ts" });
  try {
    await Deno.writeTextFile(
      program,
      `import { run } from "${mod}";\nawait run(["true"]);\n`,
    );
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "--no-check", program],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.notEqual(code, 0);
    const text = new TextDecoder().decode(stderr);
    assert.match(text, /NotCapable/);
    assert.match(text, /--allow-run/);
  } finally {
    await Deno.remove(program);
  }
});
