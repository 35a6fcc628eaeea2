// Copyright 2026 the @skein/concurrent authors. MIT license.
// Ports what CPython's test_subprocess.py checks of Popen.
import assert from "node:assert/strict";
import {
  PIPE,
  Popen,
  TimeoutExpired,
  ValueError,
} from "@skein/concurrent/subprocess";

/** Whether /proc has the process, zombie or not (asked of a child: Deno
 * itself needs --allow-all to look into /proc). */
function inProc(pid: number): boolean {
  return new Deno.Command("test", { args: ["-e", `/proc/${pid}`] })
    .outputSync().code === 0;
}

Deno.test("Popen: pid, returncode, poll and wait", async () => {
  await using p = new Popen(["sh", "-c", "exit 7"]);
  assert.ok(p.pid > 0);
  assert.equal(p.returncode, null);
  assert.equal(await p.wait(), 7);
  assert.equal(p.returncode, 7);
  assert.equal(p.poll(), 7);
});

Deno.test("Popen.wait() with a timeout raises TimeoutExpired and the child goes on", async () => {
  await using p = new Popen(["sleep", "30"]);
  await assert.rejects(p.wait({ timeout: 0.05 }), (error) => {
    assert.ok(error instanceof TimeoutExpired);
    assert.deepEqual(error.cmd, ["sleep", "30"]);
    return true;
  });
  assert.equal(p.poll(), null);
  p.kill();
  assert.equal(await p.wait(), -9);
});

Deno.test("Popen.terminate() and kill() give negative returncodes; signals after exit do nothing", async () => {
  await using a = new Popen(["sleep", "30"]);
  a.terminate();
  assert.equal(await a.wait(), -15);
  a.kill(); // already exited: no error
  await using b = new Popen(["sleep", "30"]);
  b.sendSignal("SIGINT");
  assert.equal(await b.wait(), -2);
});

Deno.test("Popen.communicate() after a timeout loses no output", async () => {
  await using p = new Popen(
    ["sh", "-c", "echo first; sleep 0.3; echo second"],
    { stdout: PIPE, text: true },
  );
  await assert.rejects(p.communicate({ timeout: 0.1 }), (error) => {
    assert.ok(error instanceof TimeoutExpired);
    assert.equal(error.output, "first\n");
    return true;
  });
  // Python's documented pattern, without the kill: communicate again.
  const [out, err] = await p.communicate();
  assert.equal(out, "first\nsecond\n");
  assert.equal(err, null);
  await assert.rejects(p.communicate({ input: "late" }), ValueError);
});

Deno.test("Popen.communicate() after kill() returns what was written", async () => {
  await using p = new Popen(["sh", "-c", "echo before; exec sleep 30"], {
    stdout: PIPE,
  });
  await assert.rejects(p.communicate({ timeout: 0.2 }), TimeoutExpired);
  p.kill();
  const [out] = await p.communicate();
  assert.deepEqual(out, new TextEncoder().encode("before\n"));
  assert.equal(p.returncode, -9);
});

Deno.test("Popen: writing stdin and reading stdout as streams", async () => {
  await using p = new Popen(["tr", "a-z", "A-Z"], {
    stdin: PIPE,
    stdout: PIPE,
  });
  const writer = p.stdin!.getWriter();
  await writer.write(new TextEncoder().encode("shout"));
  await writer.close();
  const text = await new Response(p.stdout!).text();
  assert.equal(text, "SHOUT");
  assert.equal(await p.wait(), 0);
});

Deno.test("Popen: a pipeline p1 | p2 moves 10 MB without deadlock", async () => {
  const size = 10 * 1024 * 1024;
  await using p1 = new Popen(["head", "-c", String(size), "/dev/zero"], {
    stdout: PIPE,
  });
  await using p2 = new Popen(["wc", "-c"], {
    stdin: p1.stdout!,
    stdout: PIPE,
    text: true,
  });
  const [out] = await p2.communicate();
  assert.equal(Number(String(out).trim()), size);
  assert.equal(await p1.wait(), 0);
  assert.equal(p2.returncode, 0);
});

Deno.test("Popen: yes | head -n 1 ends yes by SIGPIPE once head exits", async (t) => {
  await t.step("with closeStdout(), as Python's docs write it", async () => {
    const p1 = new Popen(["yes"], { stdout: PIPE });
    try {
      const p2 = new Popen(["head", "-n", "1"], {
        stdin: p1.stdout!,
        stdout: PIPE,
        text: true,
      });
      await p1.closeStdout(); // Allow p1 to receive a SIGPIPE if p2 exits.
      const [out] = await p2.communicate();
      assert.equal(out, "y\n");
      assert.equal(p2.returncode, 0);
      assert.equal(await p1.wait({ timeout: 60 }), -13);
    } finally {
      p1.kill();
      await p1[Symbol.asyncDispose]();
    }
  });

  await t.step(
    "without it: the handed-over stdout is the relay's",
    async () => {
      const p1 = new Popen(["yes"], { stdout: PIPE });
      try {
        await using p2 = new Popen(["head", "-n", "1"], {
          stdin: p1.stdout!,
          stdout: PIPE,
        });
        assert.equal(await p2.wait(), 0);
        assert.equal(await p1.wait({ timeout: 60 }), -13);
      } finally {
        p1.kill();
        await p1[Symbol.asyncDispose]();
      }
    },
  );
});

Deno.test("Popen: a pipeline's p2 exiting stops the relay at once, as Python's pipe", async () => {
  // p1 writes a line, then waits on its stdin: p2 (head) has exited by
  // then, and communicate() returns without waiting for p1 to write again;
  // p1's writes then meet a closed pipe (SIGPIPE), as in Python.
  const p1 = new Popen(
    ["sh", "-c", "echo a; read _; while :; do echo b; done"],
    {
      stdin: PIPE,
      stdout: PIPE,
    },
  );
  try {
    await using p2 = new Popen(["head", "-n", "1"], {
      stdin: p1.stdout!,
      stdout: PIPE,
      text: true,
    });
    await p1.closeStdout();
    const [out] = await p2.communicate({ timeout: 60 });
    assert.equal(out, "a\n");
    await p1.communicate({ input: "\n", timeout: 60 });
    assert.equal(p1.returncode, -13);
  } finally {
    p1.kill();
    await p1[Symbol.asyncDispose]();
  }
});

Deno.test("Popen.closeStdout()", async (t) => {
  await t.step(
    "closes a stdout nobody took: the child gets SIGPIPE",
    async () => {
      const p = new Popen(["yes"], { stdout: PIPE });
      try {
        await p.closeStdout();
        assert.equal(await p.wait({ timeout: 60 }), -13);
      } finally {
        p.kill();
        await p[Symbol.asyncDispose]();
      }
    },
  );

  await t.step("does nothing when stdout is not PIPE", async () => {
    await using p = new Popen(["true"]);
    await p.closeStdout();
    assert.equal(await p.wait(), 0);
  });

  await t.step(
    "throws, changing nothing, for a stdout a reader holds",
    async () => {
      await using p = new Popen(["echo", "hi"], { stdout: PIPE, text: true });
      const reader = p.stdout!.getReader();
      await assert.rejects(
        () => p.closeStdout(),
        (error: unknown) =>
          error instanceof TypeError &&
          error.message ===
            "Cannot close stdout as it is locked by a reader: cancel it through that reader",
      );
      const { value } = await reader.read();
      assert.equal(new TextDecoder().decode(value), "hi\n");
      await reader.cancel();
      assert.equal(await p.wait(), 0);
    },
  );
});

Deno.test("Popen: 10 MB through cat with communicate()", async () => {
  const input = new Uint8Array(10 * 1024 * 1024).map((_, i) => i % 251);
  await using p = new Popen(["cat"], { stdin: PIPE, stdout: PIPE });
  const [out] = await p.communicate({ input });
  assert.equal((out as Uint8Array).length, input.length);
  assert.deepEqual(out, input);
});

Deno.test("Popen: a killed child is reaped (no zombie in /proc)", async () => {
  const p = new Popen(["sleep", "30"]);
  assert.ok(inProc(p.pid));
  p.kill();
  await p.wait();
  await p[Symbol.asyncDispose]();
  assert.ok(!inProc(p.pid));
});

Deno.test("Popen: await using waits and cancels unread streams", async () => {
  let pid = 0;
  {
    await using p = new Popen(["sh", "-c", "echo unread; echo also >&2"], {
      stdout: PIPE,
      stderr: PIPE,
    });
    pid = p.pid;
  }
  assert.ok(!inProc(pid));
});

Deno.test("Popen: bad arguments", () => {
  assert.throws(() => new Popen(["echo", null as unknown as string]), {
    name: "TypeError",
    message: "Cannot run command as 'args[1]' must be a string: received null",
  });
  assert.throws(
    () => new Popen(["true"], { stdout: 5 as unknown as -1 }),
    { name: "TypeError", message: /'stdout' must be PIPE, DEVNULL or null/ },
  );
});

Deno.test("Popen.waitSync() blocks until exit, with a timeout", async () => {
  await using p = new Popen(["sh", "-c", "sleep 0.1; exit 5"]);
  assert.throws(() => p.waitSync({ timeout: 0.01 }), TimeoutExpired);
  assert.equal(p.waitSync(), 5);
  assert.equal(p.returncode, 5);
  await using q = new Popen(["sh", "-c", "kill -9 $$"]);
  assert.equal(q.waitSync({ timeout: 5 }), -9);
  assert.equal(await q.wait(), -9);
});
