// Copyright 2026 the @skein/concurrent authors. MIT license.
// POSIX shared memory through libc, opened on first use (importing the
// module needs no --allow-ffi; using it does, and Deno's error names the
// flag). Linux (glibc) only.

const SYMBOLS = {
  shm_open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  shm_unlink: { parameters: ["buffer"], result: "i32" },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  mmap: {
    parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"],
    result: "pointer",
  },
  munmap: { parameters: ["pointer", "usize"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  lseek: { parameters: ["i32", "i64", "i32"], result: "i64" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32" },
  pidfd_open: {
    name: "syscall",
    parameters: ["i64", "i32", "u32"],
    result: "i64",
  },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_RDONLY = 0;
export const O_APPEND = 0o2000;
export const SYS_PIDFD_OPEN = 434n; // x86-64
export const POLLIN = 1;
export const PROT_READ_WRITE = 3;
export const MAP_SHARED = 1;
export const SEEK_END = 2;
const MAP_FAILED = -1n;

let lib: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** The libc functions shared memory needs. */
export function libc(): Deno.DynamicLibrary<typeof SYMBOLS>["symbols"] {
  lib ??= Deno.dlopen("libc.so.6", SYMBOLS);
  return lib.symbols;
}

/** The C string of `text`. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${text}\0`);
}

/** The errno of the last failed call, as an error naming `name`. */
export function errnoError(call: string, name: string): Error {
  const errno = new Deno.UnsafePointerView(libc().__errno_location()!)
    .getInt32();
  switch (errno) {
    case 17:
      return new Deno.errors.AlreadyExists(`File exists: '${name}'`);
    case 2:
      return new Deno.errors.NotFound(
        `No such file or directory: '${name}'`,
      );
    case 13:
      return new Deno.errors.PermissionDenied(
        `Permission denied: '${name}'`,
      );
    default:
      return new Error(`${call} failed for '${name}' with errno ${errno}`);
  }
}

/** Whether mmap() failed. */
export function mapFailed(pointer: Deno.PointerValue): boolean {
  return pointer === null ||
    BigInt(Deno.UnsafePointer.value(pointer)) ===
      BigInt.asUintN(64, MAP_FAILED);
}
