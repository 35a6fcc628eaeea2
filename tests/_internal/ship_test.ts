// Copyright 2026 the @skein/concurrent authors. MIT license.
// Built-ins cross by their global property path, as pickle sends
// `math.pow`; a function that cannot cross fails at the call that sends it.
import assert from "node:assert/strict";
import { decode, encode } from "../../_internal/codec.ts";
import { encodeBytes } from "../../_internal/wire_encode.ts";
import { decodeBytes, load, readNeeds } from "../../_internal/wire_decode.ts";
import { findExport, globalPath } from "../../_internal/ship.ts";
import {
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "@skein/concurrent/futures";
import { Thread } from "@skein/concurrent/threading";

// The built-ins shipped below (taken outside the async tests, which must
// not call sync file functions themselves).
const { copyFileSync, writeTextFileSync } = Deno;

Deno.test("globalPath() finds built-ins by their property path", () => {
  assert.equal(globalPath(Math.pow), "Math.pow");
  assert.equal(globalPath(JSON.stringify), "JSON.stringify");
  assert.equal(globalPath(Deno.copyFileSync), "Deno.copyFileSync");
  assert.equal(globalPath(console.log), "console.log");
  assert.equal(globalPath(crypto.randomUUID), "crypto.randomUUID");
  assert.equal(globalPath(parseInt), "parseInt");
  assert.equal(globalPath(function copyFileSync(): void {}), undefined);
  assert.equal(globalPath(Math.max.bind(null)), undefined);
  assert.equal(globalPath((): number => 1), undefined);
});

Deno.test("a built-in crosses both codecs as itself", async () => {
  const viaMessage = await decode(
    structuredClone(encode([Math.pow, Deno.readTextFile], "value")),
  ) as unknown[];
  assert.equal(viaMessage[0], Math.pow);
  assert.equal(viaMessage[1], Deno.readTextFile);
  const bytes = encodeBytes({ f: JSON.stringify }, "item", true).slice();
  const needs = readNeeds(bytes)!;
  assert.deepEqual(needs.fns.map((ref) => ref.name), ["JSON.stringify"]);
  await load(needs);
  assert.equal((decodeBytes(bytes) as { f: unknown }).f, JSON.stringify);
});

/** Runs `fn` in a new directory under /tmp holding file `a`, then removes it. */
async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: "/tmp" });
  try {
    await Deno.writeTextFile(`${dir}/a`, "copied");
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("built-ins run in threads by their path, fire-and-forget included", async () => {
  await inTempDir(async (dir) => {
    {
      await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
      assert.equal(await pool.submit(Math.pow, 2, 10).result(), 1024);
      const texts: string[] = [];
      for await (const s of pool.map(JSON.stringify, [[1], { a: 2 }])) {
        texts.push(s);
      }
      assert.deepEqual(texts, ["[1]", '{"a":2}']);
      const id = await pool.submit(crypto.randomUUID).result();
      assert.match(id, /^[0-9a-f-]{36}$/);
      pool.submit(copyFileSync, `${dir}/a`, `${dir}/b`); // not awaited
    } // shutdown waits for it
    assert.equal(await Deno.readTextFile(`${dir}/b`), "copied");
    const t = new Thread({
      target: writeTextFileSync,
      args: [`${dir}/c`, "written"],
    });
    t.start();
    await t.join();
    assert.equal(await Deno.readTextFile(`${dir}/c`), "written");
  });
});

Deno.test("built-ins run in worker processes by their path", async () => {
  await inTempDir(async (dir) => {
    {
      await using pool = new ProcessPoolExecutor({ maxWorkers: 1 });
      assert.equal(await pool.submit(Math.pow, 3, 3).result(), 27);
      pool.submit(copyFileSync, `${dir}/a`, `${dir}/b`);
    }
    assert.equal(await Deno.readTextFile(`${dir}/b`), "copied");
  });
});

Deno.test("a function that cannot cross is a TypeError at submit and start", async () => {
  await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const bound = Math.max.bind(null);
  assert.throws(() => pool.submit(bound, 1, 2), {
    name: "TypeError",
    message:
      /^Cannot send fn to another thread as it is a bound or built-in function 'bound max' that no global property path \(such as 'Math\.max'\) reaches/,
  });
  const push = ([] as number[]).push;
  assert.throws(
    () => new Thread({ target: push as () => void }).start(),
    { name: "TypeError", message: /built-in function 'push'/ },
  );
  await using processes = new ProcessPoolExecutor({ maxWorkers: 1 });
  assert.throws(() => processes.submit(bound, 1, 2), {
    name: "TypeError",
    message: /'bound max'/,
  });
});

Deno.test("findExport() passes over a module that fails to import; its error is the answer when no other module exports the function", async () => {
  const missing = new URL("./fixtures/no_such_module.ts", import.meta.url).href;
  const real = new URL("./fixtures/shipped_fns.ts", import.meta.url).href;
  const { triple } = await import(real);
  const ref = (modules: string[]) => ({
    id: crypto.randomUUID(),
    name: "triple",
    source: triple.toString(),
    modules,
  });
  assert.equal(await findExport(ref([missing, real])), triple);
  await assert.rejects(findExport(ref([missing])), {
    name: "TypeError",
    message: /Module not found .*no_such_module\.ts/,
  });
});
