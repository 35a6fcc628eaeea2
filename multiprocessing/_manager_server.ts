// Copyright 2026 the @skein/concurrent authors. MIT license.
// The entry of a manager's server process (started by BaseManager.start()):
// it serves until asked to shut down, then exits.
import type { Connection } from "./connection/connection.ts";
import type { ManagerAddress } from "./connection/_socket.ts";
import { type RegisteredType, Server } from "./server.ts";

/**
 * Runs `initialize` (Python's initializer and initargs), then serves until
 * asked to shut down; sends the bound address (or the error that
 * prevented listening) on `report` first.
 */
export async function serve(
  address: ManagerAddress,
  authkey: Uint8Array,
  registry: Record<string, RegisteredType>,
  report: Connection,
  initialize: [(...args: unknown[]) => unknown, unknown[]] | null,
): Promise<void> {
  let server: Server;
  try {
    if (initialize !== null) await initialize[0](...initialize[1]);
    server = new Server(registry, address, authkey);
  } catch (error) {
    report.send(["error", error]);
    report.close();
    return;
  }
  report.send(["ok", server.address]);
  report.close();
  await server.serveForever();
  Deno.exit(0);
}
