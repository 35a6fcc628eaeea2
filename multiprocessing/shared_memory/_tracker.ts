// Copyright 2026 the @skein/concurrent authors. MIT license.
// This process's side of the resource tracker: the first tracked segment
// starts the tracker program, detached through /bin/sh so that no child
// or pipe of this process stays open, and every tracked segment's name
// goes into a registry segment the tracker reads once this process has
// ended. Without --allow-run for /bin/sh there is no tracker, and only a
// normal exit unlinks (the caller's unload hook).
import { cString, libc, O_APPEND, O_CREAT, O_EXCL, O_RDWR } from "./_libc.ts";

let registry: number | undefined; // the registry's fd; -1: no tracker

function start(): number {
  const run = Deno.permissions.querySync({ name: "run", command: "/bin/sh" });
  if (run.state !== "granted") return -1;
  const name = `/skein_tracker_${Deno.pid}_${crypto.randomUUID().slice(0, 8)}`;
  const c = libc();
  const fd = c.shm_open(
    cString(name),
    O_RDWR | O_CREAT | O_EXCL | O_APPEND,
    0o600,
  );
  if (fd < 0) return -1;
  const main = new URL("./_tracker_main.ts", import.meta.url).href;
  const { success } = new Deno.Command("/bin/sh", {
    args: [
      "-c",
      '"$0" run --no-config --no-lock --allow-ffi "$1" "$2" "$3" </dev/null >/dev/null 2>&1 &',
      Deno.execPath(),
      main,
      String(Deno.pid),
      name,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).outputSync();
  if (!success) {
    c.close(fd);
    c.shm_unlink(cString(name));
    return -1;
  }
  return fd;
}

function note(line: string): void {
  registry ??= start();
  if (registry < 0) return;
  const bytes = new TextEncoder().encode(`${line}\n`);
  libc().write(registry, bytes, BigInt(bytes.length));
}

/** Tells the tracker to unlink `path` if this process ends without it. */
export function trackSegment(path: string): void {
  note(`+${path}`);
}

/** Tells the tracker `path` was unlinked here. */
export function untrackSegment(path: string): void {
  if (registry !== undefined) note(`-${path}`);
}
