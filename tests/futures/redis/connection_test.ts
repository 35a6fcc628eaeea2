// Copyright 2026 the @skein/concurrent authors. MIT license.
// Redis unreachable, lost and back: clear errors on the futures, never a
// hang, and the executor works again once the server returns.
import assert from "node:assert/strict";
import { registerModule } from "../../../threading/mod.ts";
import {
  RedisConnectionError,
  RedisExecutor,
} from "../../../futures/redis/mod.ts";
import { ignore, startRedis, startWorker, workerArgs } from "./_redis.ts";
import { add, later } from "./fixtures/tasks.ts";

registerModule(new URL("./fixtures/tasks.ts", import.meta.url));

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name:
    "RedisExecutor: an unreachable server fails the futures after connectTimeout, and shutdown() returns",
  ignore,
  async fn(): Promise<void> {
    const ex = new RedisExecutor({
      url: `redis://127.0.0.1:${freePort()}`,
      queue: "nowhere",
      authkey: "test-key",
      connectTimeout: 0.5,
    });
    await assert.rejects(ex.submit(add, 1, 2).result(), (error) => {
      assert.ok(error instanceof RedisConnectionError);
      assert.match(
        error.message,
        /Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/? for 0\.5 s/,
      );
      return true;
    });
    await ex.shutdown();
  },
});

const openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});

Deno.test({
  name:
    "RedisExecutor: rediss:// speaks TLS and checks the server's certificate (a self-signed one is a clear error)",
  ignore: ignore || openssl === undefined,
  async fn(): Promise<void> {
    const dir = await Deno.makeTempDir({ prefix: "skein_redis_tls_" });
    try {
      const cert = `${dir}/cert.pem`;
      const key = `${dir}/key.pem`;
      const made = await new Deno.Command(openssl!, {
        args: [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
          "-addext",
          "subjectAltName=IP:127.0.0.1",
          "-keyout",
          key,
          "-out",
          cert,
        ],
        stdout: "null",
        stderr: "null",
      }).output();
      assert.ok(made.success, "openssl made no certificate");
      await using redis = await startRedis({ cert, key });
      const ex = new RedisExecutor({
        url: redis.tlsUrl!,
        queue: "tls",
        authkey: "test-key",
        connectTimeout: 1,
      });
      // The handshake happened, and the client refused a certificate no
      // authority it trusts has signed: TLS is on, and not blind.
      await assert.rejects(ex.submit(add, 1, 2).result(), (error) => {
        assert.ok(error instanceof RedisConnectionError);
        assert.match(
          error.message,
          /Cannot reach Redis at rediss:\/\/127\.0\.0\.1:\d+\/? for 1 s: self[- ]signed certificate/,
        );
        return true;
      });
      await ex.shutdown();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "RedisExecutor: a server lost mid-run fails the waiting futures; once it is back, calls run again",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using _worker = await startWorker(workerArgs(redis.url, "lost"));
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "lost",
      authkey: "test-key",
      connectTimeout: 1,
    });
    assert.equal(await ex.submit(add, 1, 2), 3);
    const waiting = ex.submit(later, 3000, "late");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.stop(true);
    await assert.rejects(waiting.result(), RedisConnectionError);
    await redis.start();
    // The worker and the executor reconnect by themselves.
    assert.equal(await ex.submit(add, 2, 3).result({ timeout: 30 }), 5);
  },
});

Deno.test({
  name:
    "RedisExecutor: calls whose jobs a server restart lost (no persistence) are sent again and resolve",
  ignore,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    // One call at a time: the second waits in the queue, in memory only.
    const args = workerArgs(redis.url, "restart");
    args[args.indexOf("--concurrency") + 1] = "1";
    await using _worker = await startWorker(args);
    await using ex = new RedisExecutor({
      url: redis.url,
      queue: "restart",
      authkey: "test-key",
    });
    const running = ex.submit(later, 1000, "first");
    const waiting = ex.submit(later, 10, "second");
    while (!running.running()) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Back within connectTimeout: no future fails, and the queued job is
    // gone with the server's memory.
    await redis.stop(true);
    await redis.start();
    assert.equal(await waiting.result({ timeout: 30 }), "second");
    assert.equal(await running.result({ timeout: 30 }), "first");
  },
});
