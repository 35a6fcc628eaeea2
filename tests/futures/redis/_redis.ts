// Copyright 2026 the @skein/concurrent authors. MIT license.
// A private redis-server on a free loopback port, and worker processes,
// for the RedisExecutor tests.

const BINARY = "/usr/bin/redis-server";

/** Where redis-server is, or undefined (the tests are then skipped). */
export const redisServer: string | undefined = (() => {
  for (const path of [BINARY, "/usr/local/bin/redis-server"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch { /* not there */ }
  }
  return undefined;
})();

if (redisServer === undefined) {
  console.log(
    "RedisExecutor tests skipped: no redis-server (install it: apt-get install redis-server)",
  );
}

/** Whether the Redis tests are skipped. */
export const ignore = redisServer === undefined;

/** A running private server. */
export interface RedisServer extends AsyncDisposable {
  readonly port: number;
  readonly url: string;
  /** With `tls`: the `rediss://` URL of its TLS port. */
  readonly tlsUrl?: string;
  /** Stops it (SIGKILL when `hard`). */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** The keys matching `pattern`. */
  keys(pattern: string): Promise<string[]>;
  /** The length of the list at `key`. */
  llen(key: string): Promise<number>;
  /** Sends one inline command (`SET k v`); returns the raw reply. */
  command(line: string): Promise<string>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function ping(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await conn.write(new TextEncoder().encode("PING\r\n"));
      const buf = new Uint8Array(16);
      const n = await conn.read(buf);
      return n !== null &&
        new TextDecoder().decode(buf.subarray(0, n)).startsWith("+PONG");
    } finally {
      conn.close();
    }
  } catch {
    return false;
  }
}

/** Sends one inline command, returns the raw reply. */
async function command(port: number, line: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(`${line}\r\n`));
    let out = "";
    const buf = new Uint8Array(65536);
    // Enough for the small replies tests ask for.
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      out += new TextDecoder().decode(buf.subarray(0, n));
      if (complete(out)) break;
    }
    return out;
  } finally {
    conn.close();
  }
}

function complete(reply: string): boolean {
  if (!reply.startsWith("*")) return reply.endsWith("\r\n");
  const lines = reply.split("\r\n");
  const count = Number(lines[0]!.slice(1));
  return count <= 0 || lines.length >= count * 2 + 2;
}

/**
 * Starts a private redis-server on a free 127.0.0.1 port; with `tls` (PEM
 * files), a TLS port too.
 */
export async function startRedis(
  tls?: { cert: string; key: string },
): Promise<RedisServer> {
  const port = freePort();
  const tlsPort = tls === undefined ? undefined : freePort();
  const tlsArgs = tls === undefined ? [] : [
    "--tls-port",
    String(tlsPort),
    "--tls-cert-file",
    tls.cert,
    "--tls-key-file",
    tls.key,
    "--tls-auth-clients",
    "no",
  ];
  let child: Deno.ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = new Deno.Command(redisServer!, {
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--protected-mode",
        "yes",
        ...tlsArgs,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    for (let i = 0; i < 200; i++) {
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const stop = async (hard = false): Promise<void> => {
    if (child === undefined) return;
    const running = child;
    child = undefined;
    try {
      running.kill(hard ? "SIGKILL" : "SIGTERM");
    } catch { /* gone */ }
    await running.status;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    ...(tlsPort === undefined
      ? {}
      : { tlsUrl: `rediss://127.0.0.1:${tlsPort}` }),
    stop,
    start,
    async keys(pattern: string): Promise<string[]> {
      const reply = await command(port, `KEYS ${pattern}`);
      return reply.split("\r\n").filter((line, i) =>
        i > 0 && line !== "" && !line.startsWith("$")
      );
    },
    async llen(key: string): Promise<number> {
      const reply = await command(port, `LLEN ${key}`);
      return Number(reply.slice(1).trim());
    },
    command: (line) => command(port, line),
    [Symbol.asyncDispose]: () => stop(),
  };
}

const WORKER = new URL("../../../futures/redis/worker.ts", import.meta.url);

/** A worker process started by a test. */
export interface WorkerProcess extends AsyncDisposable {
  readonly child: Deno.ChildProcess;
  /** The first line it printed (what it serves). */
  readonly banner: string;
  /** Kills it with SIGKILL and waits. */
  kill(): Promise<void>;
  /** Sends SIGTERM and waits for it to exit; returns its output after the banner. */
  stop(): Promise<string>;
}

/** Flags for a test worker on `queue`: small pool, short stall checks. */
export function workerArgs(url: string, queue: string): string[] {
  return [
    "--url",
    url,
    "--queue",
    queue,
    "--threads",
    "1",
    "--concurrency",
    "4",
    "--lock-duration",
    "2",
    "--stalled-interval",
    "1",
  ];
}

/** Starts `worker.ts` with `args` and waits for its banner. */
export async function startWorker(
  args: string[],
  authkey = "test-key",
): Promise<WorkerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "--allow-net=127.0.0.1",
      "--allow-sys",
      "--allow-run",
      "--allow-write=/tmp",
      "--allow-ffi",
      WORKER.href,
      ...args,
    ],
    env: { SKEIN_AUTHKEY: authkey, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const banner = text.split("\n")[0]!;
  let rest = text.slice(banner.length + 1);
  const drained = (async () => {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += value;
    }
  })();
  let ended = false;
  const end = async (signal: Deno.Signal): Promise<string> => {
    if (!ended) {
      ended = true;
      try {
        child.kill(signal);
      } catch { /* gone */ }
    }
    await child.status;
    await drained;
    return rest;
  };
  return {
    child,
    banner,
    kill: async () => void await end("SIGKILL"),
    stop: () => end("SIGTERM"),
    [Symbol.asyncDispose]: async () => void await end("SIGKILL"),
  };
}

/** Checks every 50 ms, for up to 30 s, until `check` is true. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}
