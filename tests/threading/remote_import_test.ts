// Copyright 2026 the @skein/concurrent authors. MIT license.
// Threads work when the package is imported from the network (as from JSR):
// the package is served over HTTP to a child program.
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

Deno.test("Thread works when the package is imported over HTTP", async () => {
  const controller = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen(): void {},
  }, async (request) => {
    const path = new URL(request.url).pathname;
    try {
      const body = await Deno.readTextFile(new URL(`.${path}`, ROOT));
      return new Response(body, {
        headers: { "content-type": "application/typescript" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const origin = `http://127.0.0.1:${server.addr.port}`;
  const program = await Deno.makeTempFile({ dir: "/tmp", suffix: ".ts" });
  try {
    await Deno.writeTextFile(
      program,
      `import { Thread } from "${origin}/threading/mod.ts";
export function work(cell: Int32Array): void { cell[0] = 99; }
if (import.meta.main) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Thread({ target: work, args: [cell] });
  thread.start();
  await thread.join();
  console.log(cell[0]);
}
`,
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-check", `--reload=${origin}`, program],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.equal(new TextDecoder().decode(stdout).trim(), "99");
  } finally {
    await Deno.remove(program);
    controller.abort();
    await server.finished;
  }
});
