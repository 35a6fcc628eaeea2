// Copyright 2026 the @skein/concurrent authors. MIT license.
// The resource tracker's program (Python's resource_tracker): started
// detached by a process that creates tracked segments, it waits for that
// process to end, however it ends (a pidfd becomes readable even when it
// is killed), then unlinks the segments its registry still lists.
// Arguments: the pid to watch, the registry segment's name.
import { cString, libc, O_RDONLY, POLLIN, SYS_PIDFD_OPEN } from "./_libc.ts";

const [pidText = "", registry = ""] = Deno.args;
const pid = Number(pidText);
// A ^C to the terminal's process group must not end the tracker first.
Deno.addSignalListener("SIGINT", () => {});
Deno.addSignalListener("SIGTERM", () => {});

const c = libc();
const pidfd = Number(c.pidfd_open(SYS_PIDFD_OPEN, pid, 0));
if (pidfd >= 0) {
  const pollfd = new Int32Array([pidfd, POLLIN]);
  while (c.poll(new Uint8Array(pollfd.buffer), 1n, -1) < 0) {
    // interrupted by a signal: wait again
  }
  c.close(pidfd);
}

// The registry: lines "+name" and "-name", appended as segments come and go.
const fd = c.shm_open(cString(registry), O_RDONLY, 0);
if (fd >= 0) {
  const chunks: number[] = [];
  const buffer = new Uint8Array(65536);
  for (let n; (n = Number(c.read(fd, buffer, BigInt(buffer.length)))) > 0;) {
    chunks.push(...buffer.subarray(0, n));
  }
  c.close(fd);
  const live = new Set<string>();
  for (
    const line of new TextDecoder().decode(new Uint8Array(chunks)).split("\n")
  ) {
    if (line.startsWith("+")) live.add(line.slice(1));
    else if (line.startsWith("-")) live.delete(line.slice(1));
  }
  for (const name of live) c.shm_unlink(cString(name));
  c.shm_unlink(cString(registry));
}
Deno.exit(0);
