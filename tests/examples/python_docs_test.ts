// Copyright 2026 the @skein/concurrent authors. MIT license.
// Runs each port of a CPython documentation example under
// examples/python_docs/ as a child `deno run`, with the flags its header
// names (a line `// deno run FLAGS examples/python_docs/NAME.ts`), and
// compares its stdout with NAME.out, CPython's output with these
// conventions:
//   - `<pid>`, `<n>` stand for an integer, `<time>` for a decimal number,
//     `<address>` for a hex address, `<word>` for a run of non-blanks, and
//     `<any>` for any text on the line;
//   - the lines between `# unordered` and `# end unordered` (or the end of
//     the file) may come in any order;
//   - other lines starting with `# ` are comments (`# adapted: ...` says
//     where the port's output differs from CPython's, and why).
import assert from "node:assert/strict";

const DIR = new URL("../../examples/python_docs/", import.meta.url);
const ROOT = new URL("../../", import.meta.url);

/** The flags the test task grants; a child may be given only these. */
const ALLOWED = new Set([
  "--allow-read",
  "--allow-env",
  "--allow-run",
  "--allow-write=/tmp",
  "--allow-ffi",
  "--allow-sys",
  "--allow-net=127.0.0.1",
]);

/** Seconds a port may run before it is killed and fails. */
const TIMEOUT = 60;

/** Seconds the pipes may stay open after the port has exited. */
const PIPE_GRACE = 5;

/**
 * Ports that cannot pass until a feature being built lands (issue #18's
 * items, issue #19); remove an entry when its feature is merged.
 */
const PENDING = new Map<string, string>([]);

interface Expected {
  ordered: boolean;
  patterns: RegExp[];
}

function toPattern(line: string): RegExp {
  const escaped = line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const source = escaped
    .replaceAll("<pid>", "\\d+")
    .replaceAll("<n>", "-?\\d+")
    .replaceAll("<time>", "\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?")
    .replaceAll("<address>", "0x[0-9a-f]+")
    .replaceAll("<word>", "\\S+")
    .replaceAll("<any>", ".*");
  return new RegExp(`^${source}$`);
}

function parseExpected(text: string): Expected[] {
  const blocks: Expected[] = [{ ordered: true, patterns: [] }];
  for (const line of text.replace(/\n$/, "").split("\n")) {
    if (line === "# unordered") {
      blocks.push({ ordered: false, patterns: [] });
    } else if (line === "# end unordered") {
      blocks.push({ ordered: true, patterns: [] });
    } else if (!line.startsWith("# ")) {
      blocks.at(-1)!.patterns.push(toPattern(line));
    }
  }
  return blocks;
}

function compare(name: string, actual: string, expected: Expected[]): void {
  const lines = actual === "" ? [] : actual.replace(/\n$/, "").split("\n");
  let at = 0;
  for (const block of expected) {
    const taken = lines.slice(at, at + block.patterns.length);
    const where = `${name}: lines ${at + 1}-${at + block.patterns.length}`;
    if (block.ordered) {
      block.patterns.forEach((pattern, i) => {
        assert.ok(
          taken[i] !== undefined && pattern.test(taken[i]),
          `${name}: line ${at + i + 1} is ${
            JSON.stringify(taken[i])
          }, expected ${pattern}\n--- stdout ---\n${actual}`,
        );
      });
    } else {
      const left = [...taken];
      for (const pattern of block.patterns) {
        const found = left.findIndex((line) => pattern.test(line));
        assert.ok(
          found !== -1,
          `${where} (any order) have no line matching ${pattern}\n--- stdout ---\n${actual}`,
        );
        left.splice(found, 1);
      }
    }
    at += block.patterns.length;
  }
  assert.equal(
    lines.length,
    at,
    `${name}: ${lines.length} lines printed, ${at} expected\n--- stdout ---\n${actual}`,
  );
}

function flagsOf(name: string, source: string): string[] {
  const match = source.match(
    new RegExp(
      `^// deno run ((?:\\S+ )*)examples/python_docs/${name}\\.ts$`,
      "m",
    ),
  );
  assert.ok(match, `${name}.ts has no "// deno run ... ${name}.ts" line`);
  const flags = match[1]!.trim().split(" ").filter((flag) => flag !== "");
  for (const flag of flags) {
    assert.ok(ALLOWED.has(flag), `${name}.ts asks for ${flag}, not granted`);
  }
  return flags;
}

async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

async function runPort(name: string): Promise<void> {
  const source = await Deno.readTextFile(new URL(`${name}.ts`, DIR));
  const flags = flagsOf(name, source);
  assert.match(
    source,
    /^\/\/ Python docs: /m,
    `${name}.ts does not name its section`,
  );
  const expected = parseExpected(
    await Deno.readTextFile(new URL(`${name}.out`, DIR)),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, `examples/python_docs/${name}.ts`],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  // Read both pipes as the child writes; once it has exited (or been
  // killed), a process it left behind holding them open gets a few seconds
  // and is then cut off, so a hung port fails instead of hanging the test.
  const readers = [child.stdout.getReader(), child.stderr.getReader()];
  const reading = readers.map(readAll);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, TIMEOUT * 1000);
  const { code } = await child.status;
  clearTimeout(timer);
  const grace = setTimeout(() => {
    for (const reader of readers) reader.cancel();
  }, PIPE_GRACE * 1000);
  const [stdout, stderr] = await Promise.all(reading);
  clearTimeout(grace);
  const out = new TextDecoder().decode(stdout);
  const err = new TextDecoder().decode(stderr);
  assert.ok(
    !timedOut,
    `${name} did not finish in ${TIMEOUT} s and was killed\n--- stdout ---\n${out}--- stderr ---\n${err}`,
  );
  assert.equal(
    code,
    0,
    `${name} exited with ${code}\n--- stdout ---\n${out}--- stderr ---\n${err}`,
  );
  compare(name, out, expected);
}

const names = [...Deno.readDirSync(DIR)]
  .filter((entry) => entry.isFile && /^[a-z].*\.ts$/.test(entry.name))
  .map((entry) => entry.name.slice(0, -3))
  .sort();

for (const name of names) {
  const pending = PENDING.get(name);
  Deno.test({
    name: pending === undefined ? name : `${name} (pending: ${pending})`,
    ignore: pending !== undefined,
    fn: () => runPort(name),
  });
}

Deno.test("every pending port exists", () => {
  for (const name of PENDING.keys()) {
    assert.ok(names.includes(name), `PENDING names ${name}, which is no port`);
  }
});

Deno.test("the .out conventions", async (t) => {
  await t.step("placeholders match their kind only", () => {
    const expected = parseExpected("pid <pid> at <address>\n<time> <any>\n");
    compare("ok", "pid 12 at 0x7f\n1.5 anything here\n", expected);
    assert.throws(
      () => compare("bad", "pid x at 0x7f\n1.5 a\n", expected),
      /line 1 is "pid x at 0x7f"/,
    );
  });
  await t.step("an unordered block takes its lines in any order", () => {
    const expected = parseExpected(
      "first\n# unordered\na\nb\n# end unordered\nlast\n",
    );
    compare("ok", "first\nb\na\nlast\n", expected);
    assert.throws(
      () => compare("bad", "first\na\na\nlast\n", expected),
      /no line matching \/\^b\$\//,
    );
  });
  await t.step("comment lines are skipped, missing or extra lines fail", () => {
    const expected = parseExpected("# adapted: why\none\n");
    compare("ok", "one\n", expected);
    assert.throws(() => compare("bad", "one\ntwo\n", expected), /2 lines/);
    assert.throws(() => compare("bad", "", expected), /line 1 is undefined/);
  });
});
