// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * A worker for `RedisExecutor` as a program: it serves a queue
 * (see {@linkcode serve}), prints what it serves, and on SIGINT or SIGTERM
 * stops taking jobs, lets its running tasks finish, and exits.
 *
 * ```sh
 * SKEIN_AUTHKEY=secret deno run -A jsr:@skein/concurrent/futures/redis/worker \
 *   --url redis://127.0.0.1:6379 --queue work --concurrency 4
 * ```
 *
 * Flags: `--url` (required), `--queue` (required), `--authkey` (or the
 * `SKEIN_AUTHKEY` environment variable, which keeps it out of `ps`),
 * `--concurrency N`, `--threads [N]` (the default) or `--processes [N]`
 * (the local pool and its size), `--permissions JSON` (the task processes'
 * Deno permissions, e.g. `'{"net":false}'` or `'"none"'`; needs
 * `--processes`), `--allow-modules PREFIX[,PREFIX...]`, `--lock-duration S`,
 * `--stalled-interval S`.
 *
 * @example Parse a command line without starting
 * ```ts
 * import { parseWorkerArgs } from "@skein/concurrent/futures/redis/worker";
 * import assert from "node:assert/strict";
 *
 * const options = parseWorkerArgs(
 *   ["--url", "redis://127.0.0.1:6379", "--queue", "q", "--processes", "2"],
 *   { SKEIN_AUTHKEY: "k" },
 * );
 * assert.equal(options.queue, "q");
 * assert.equal(options.processes, true);
 * assert.equal(options.maxWorkers, 2);
 * ```
 *
 * @module
 */
import { ValueError } from "../../errors.ts";
import { type RedisWorker, serve, type ServeOptions } from "./serve.ts";

const NUMBERS = {
  "--concurrency": "concurrency",
  "--lock-duration": "lockDuration",
  "--stalled-interval": "stalledInterval",
} as const;

/**
 * Reads the worker's command line (see the module's docs) into
 * {@linkcode serve}'s options.
 *
 * @param args The arguments, as `Deno.args`.
 * @param env The environment, for `SKEIN_AUTHKEY`.
 * @returns The options.
 * @throws {ValueError} If a flag is unknown, lacks its value, or a
 * required one is missing.
 */
export function parseWorkerArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ServeOptions {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) {
        throw new ValueError(`Cannot start worker as '${flag}' needs a value`);
      }
      return next;
    };
    const count = (): void => {
      const next = args[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        options.maxWorkers = Number(next);
        i++;
      }
    };
    if (flag === "--url") options.url = value();
    else if (flag === "--queue") options.queue = value();
    else if (flag === "--authkey") options.authkey = value();
    else if (flag === "--threads") {
      options.processes = false;
      count();
    } else if (flag === "--processes") {
      options.processes = true;
      count();
    } else if (flag === "--allow-modules") {
      options.allowModules = [
        ...(options.allowModules as string[] ?? []),
        ...value().split(",").filter((prefix) => prefix !== ""),
      ];
    } else if (flag === "--permissions") {
      const text = value();
      try {
        options.permissions = JSON.parse(text);
      } catch {
        throw new ValueError(
          `Cannot start worker as '--permissions' must be JSON: current value is '${text}'`,
        );
      }
    } else if (flag in NUMBERS) {
      const text = value();
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) {
        throw new ValueError(
          `Cannot start worker as '${flag}' must be a number: current value is '${text}'`,
        );
      }
      options[NUMBERS[flag as keyof typeof NUMBERS]] = n;
    } else {
      throw new ValueError(`Cannot start worker as '${flag}' is not a flag`);
    }
  }
  options.authkey ??= env.SKEIN_AUTHKEY;
  for (const name of ["url", "queue", "authkey"]) {
    if (options[name] === undefined) {
      throw new ValueError(
        `Cannot start worker as '--${name}' is missing${
          name === "authkey" ? " (or set SKEIN_AUTHKEY)" : ""
        }`,
      );
    }
  }
  return options as unknown as ServeOptions;
}

/**
 * Runs a worker from a command line until SIGINT or SIGTERM.
 *
 * @param args The arguments, as `Deno.args`.
 * @returns When the worker has stopped.
 */
export async function main(args: readonly string[]): Promise<void> {
  const worker: RedisWorker = await serve(
    parseWorkerArgs(args, Deno.env.toObject()),
  );
  console.log(worker.description);
  const stopped = Promise.withResolvers<Deno.Signal>();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const handlers = signals.map((signal) => {
    const handler = (): void => stopped.resolve(signal);
    Deno.addSignalListener(signal, handler);
    return handler;
  });
  const signal = await stopped.promise;
  signals.forEach((s, i) => Deno.removeSignalListener(s, handlers[i]!));
  console.log(`${signal}: finishing running tasks`);
  await worker.close();
  console.log("stopped");
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(2);
  }
}
