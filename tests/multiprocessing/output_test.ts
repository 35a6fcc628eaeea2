// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a child writes to stdout or stderr reaches its parent's at once and
// whole, for Process, Pool and ProcessPoolExecutor children alike. The
// parent is a program (fixtures/child_output.ts) read here through pipes,
// as a shell pipeline or a log collector reads it: no pty.
import assert from "node:assert/strict";

const program = new URL("./fixtures/child_output.ts", import.meta.url)
  .pathname;
const decoder = new TextDecoder();

interface Run {
  /** What each read of the watched stream gave, in order. */
  chunks: string[];
  /** The other stream, whole. */
  other: string;
  code: number;
}

// Runs the program with `args`; `first` sees the first read of `watched`
// (and may write to the program's stdin) before the rest is read.
async function runProgram(
  args: string[],
  watched: "stdout" | "stderr",
  first?: (chunk: string, stdin: WritableStream<Uint8Array>) => Promise<void>,
): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", program, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const other = new Response(
    watched === "stdout" ? child.stderr : child.stdout,
  ).text();
  const chunks: string[] = [];
  try {
    for await (const chunk of child[watched]) {
      chunks.push(decoder.decode(chunk));
      if (chunks.length === 1 && first) await first(chunks[0]!, child.stdin);
    }
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    await child.stdin.close().catch(() => {});
    const status = await child.status;
    if (status.code !== 0) {
      // Shown with the failure, or the failure itself.
      chunks.push(`(exit code ${status.code}: ${await other})`);
    }
  }
  return { chunks, other: await other, code: (await child.status).code };
}

for (const kind of ["process", "pool", "executor"]) {
  for (const stream of ["stdout", "stderr"] as const) {
    Deno.test(`${kind}: a child's line on ${stream} arrives whole before it writes again`, async () => {
      // The child prints "hello world" and waits until the line is seen
      // here (told on the program's stdin); held back or split, the
      // first read is less than the line (and the child, its wait timed
      // out, prints "never seen").
      const run = await runProgram(
        [kind, "handshake", stream],
        stream,
        async (chunk, stdin) => {
          assert.equal(chunk, "hello world\n");
          const writer = stdin.getWriter();
          await writer.write(new TextEncoder().encode("seen\n"));
          writer.releaseLock();
        },
      );
      assert.deepEqual(run.chunks, ["hello world\n", "after\n"]);
      assert.equal(run.other, "");
      assert.equal(run.code, 0);
    });
  }

  Deno.test(`${kind}: 10 children printing under a Lock give 10 whole lines (the docs' Lock example)`, async () => {
    const run = await runProgram([kind, "lock"], "stdout");
    assert.equal(run.code, 0, run.other);
    // Each read is whole lines: each child's line was one write.
    for (const chunk of run.chunks) {
      assert.match(chunk, /^(hello world \d\n)+$/);
    }
    const lines = run.chunks.join("").split("\n");
    assert.equal(lines.pop(), "");
    assert.deepEqual(
      lines.sort(),
      Array.from({ length: 10 }, (_, i) => `hello world ${i}`),
    );
  });
}

for (const kind of ["process", "pool"]) {
  Deno.test(`${kind}: 4 children printing 100 lines each at once, no lock: every line whole, each child's in order`, async () => {
    const run = await runProgram([kind, "burst"], "stdout");
    assert.equal(run.code, 0, run.other);
    const lines = run.chunks.join("").split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, 400);
    const next = [0, 0, 0, 0];
    for (const line of lines) {
      const [i, k] = line.split(" ").map(Number) as [number, number];
      assert.equal(
        line,
        `${i} ${k} `.padEnd(999, String.fromCharCode(97 + i)),
        "a whole line",
      );
      assert.equal(k, next[i]!++, `child ${i}'s lines in order`);
    }
  });
}

Deno.test("pool: a child's output to a closed stdout is dropped; its results still arrive", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", program, "pool", "closed"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await child.stdout.cancel();
  const stderr = await new Response(child.stderr).text();
  const status = await child.status;
  assert.equal(stderr, "returned 7\n");
  assert.equal(status.code, 0);
});
