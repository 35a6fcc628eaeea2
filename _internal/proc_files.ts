// Copyright 2026 the @skein/concurrent authors. MIT license.
// Reading Linux's /proc. Deno opens /proc files only under --allow-all, so
// a file is read through libc's open/read/close when FFI is granted (a few
// microseconds), else through `cat` when it may be run (a process start,
// milliseconds), else not at all.

const LIBC = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
} as const;

let libc: Deno.DynamicLibrary<typeof LIBC>["symbols"] | undefined;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// /proc/<pid>/status is about 1.5 KiB; a larger file is read in more calls.
let buffer = new Uint8Array(4096);

/** Whether `name` is granted, without prompting. */
export function granted(descriptor: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(descriptor).state === "granted";
  } catch {
    return false;
  }
}

let access: "ffi" | "cat" | undefined | null = null;

/**
 * How /proc can be read here: by FFI, through `cat`, or not at all (asked
 * once: a permission query costs tens of microseconds).
 */
export function procAccess(): "ffi" | "cat" | undefined {
  if (access !== null) return access;
  if (Deno.build.os !== "linux") access = undefined;
  else if (granted({ name: "ffi" })) access = "ffi";
  else if (granted({ name: "run", command: "cat" })) access = "cat";
  else access = undefined;
  return access;
}

function readByFfi(path: string): string | undefined {
  libc ??= Deno.dlopen("libc.so.6", LIBC).symbols;
  const fd = libc.open(encoder.encode(`${path}\0`), 0); // O_RDONLY
  if (fd < 0) return undefined;
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = new Uint8Array(buffer.length * 2);
        larger.set(buffer);
        buffer = larger;
      }
      const n = Number(
        libc.read(fd, buffer.subarray(length), BigInt(buffer.length - length)),
      );
      if (n < 0) return undefined;
      if (n === 0) break;
      length += n;
    }
    return decoder.decode(buffer.subarray(0, length));
  } finally {
    libc.close(fd);
  }
}

function readByCat(path: string): string | undefined {
  try {
    const { success, stdout } = new Deno.Command("cat", {
      args: [path],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return success ? decoder.decode(stdout) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text of a /proc file, or `undefined` when it is gone (the process
 * was reaped) or cannot be read here (see procAccess()).
 */
export function readProcFile(path: string): string | undefined {
  const how = procAccess();
  if (how === "ffi") return readByFfi(path);
  if (how === "cat") return readByCat(path);
  return undefined;
}

// Clock ticks per second of /proc's times: 100 on every Linux Deno runs on.
const TICKS = 100;

/**
 * The state letter (R running, S sleeping, Z zombie, ...) and the CPU time
 * (user + system, seconds) of process `pid`, from /proc/<pid>/stat; or
 * `undefined` when it cannot be read.
 */
export function readCpu(
  pid: number,
): { state: string; cpuSeconds: number } | undefined {
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // Fields after the command name (which may hold spaces): state is the
  // 3rd, utime and stime the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    state: fields[0] ?? "?",
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
  };
}

/**
 * The resident memory of process `pid` in MiB (VmRSS of
 * /proc/<pid>/status), or `undefined` when it cannot be read.
 */
export function readRssMb(pid: number): number | undefined {
  const status = readProcFile(`/proc/${pid}/status`);
  const rss = status === undefined ? null : /^VmRSS:\s+(\d+) kB/m.exec(status);
  return rss === null ? undefined : Number(rss[1]) / 1024;
}
