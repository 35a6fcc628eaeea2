// Copyright 2026 the @skein/concurrent authors. MIT license.
// A Redis connection that knows whether it is up: ioredis reconnects by
// itself and holds commands while it is down; this tells its owner when
// it has been down for longer than it will wait, so nothing hangs.
import { Redis } from "./_deps.ts";
import { safeUrl } from "./_protocol.ts";
import { RedisConnectionError } from "./errors.ts";

/** A Redis client for `url`, reconnecting (at most 1 s apart) forever. */
export function connect(url: URL, name: string): Redis {
  return new Redis(url.href, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
    // rediss: URLs turn TLS on in ioredis itself.
  });
}

/**
 * Watches `redis`: `onDown(error)` runs when it has not been ready for
 * `timeout` seconds (from now, or from when it was lost), and again after
 * each later loss. Returns the function that stops watching.
 */
export function watchConnection(
  redis: Redis,
  url: URL,
  timeout: number,
  onDown: (error: RedisConnectionError) => void,
): { stop(): void; isUp(): boolean; lastError(): unknown } {
  let last: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let up = redis.status === "ready";
  const arm = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (up) return;
      const why = last instanceof Error ? `: ${last.message}` : "";
      onDown(
        new RedisConnectionError(
          `Cannot reach Redis at ${safeUrl(url)} for ${timeout} s${why}`,
          { cause: last },
        ),
      );
      arm();
    }, timeout * 1000);
  };
  const onReady = (): void => {
    up = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const onClose = (): void => {
    up = false;
    arm();
  };
  const onError = (error: unknown): void => {
    last = error;
  };
  redis.on("ready", onReady);
  redis.on("close", onClose);
  redis.on("error", onError);
  if (!up) arm();
  return {
    stop(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      redis.off("ready", onReady);
      redis.off("close", onClose);
      redis.off("error", onError);
    },
    isUp: () => up,
    lastError: () => last,
  };
}
