// Copyright 2026 the @skein/concurrent authors. MIT license.
// Waiting on a word of shared memory between processes: Linux's futex
// system call through libc's syscall(). Atomics.wait cannot: it waits only
// on a SharedArrayBuffer, and mapped memory is not one. The async form
// runs the call on Deno's blocking-call threads (a nonblocking FFI call).

const SYS_FUTEX = 202n; // x86-64
const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;

const SIGNATURE = {
  parameters: ["i64", "pointer", "i32", "i32", "pointer", "pointer", "i32"],
  result: "i64",
} as const;

type Symbols = {
  syscall: typeof SIGNATURE;
  syscallAsync: typeof SIGNATURE & { nonblocking: true; name: "syscall" };
};

let lib: Deno.DynamicLibrary<Symbols> | undefined;

function futex(): Deno.DynamicLibrary<Symbols>["symbols"] {
  lib ??= Deno.dlopen("libc.so.6", {
    syscall: SIGNATURE,
    syscallAsync: { ...SIGNATURE, nonblocking: true, name: "syscall" },
  });
  return lib.symbols;
}

// A struct timespec for `timeout` seconds (undefined: none). The caller
// keeps the array alive while the call may read it.
function timespec(timeout: number | undefined): BigInt64Array | undefined {
  if (timeout === undefined) return undefined;
  const spec = new BigInt64Array(2);
  const seconds = Math.floor(timeout);
  spec[0] = BigInt(seconds);
  spec[1] = BigInt(Math.floor((timeout - seconds) * 1e9));
  return spec;
}

function pointer(spec: BigInt64Array | undefined): Deno.PointerValue {
  return spec === undefined ? null : Deno.UnsafePointer.of(spec);
}

/**
 * Blocks while the int32 at `word` holds `expected`, until woken or
 * `timeout` seconds pass.
 */
export function waitSync(
  word: Deno.PointerValue,
  expected: number,
  timeout?: number,
): void {
  const spec = timespec(timeout);
  futex().syscall(
    SYS_FUTEX,
    word,
    FUTEX_WAIT,
    expected,
    pointer(spec),
    null,
    0,
  );
}

/** waitSync() without blocking the thread. */
export async function wait(
  word: Deno.PointerValue,
  expected: number,
  timeout?: number,
): Promise<void> {
  const spec = timespec(timeout);
  await futex().syscallAsync(
    SYS_FUTEX,
    word,
    FUTEX_WAIT,
    expected,
    pointer(spec),
    null,
    0,
  );
  spec?.fill(0n); // (kept alive until the call has returned)
}

/** Wakes up to `count` processes waiting on the int32 at `word`. */
export function wake(word: Deno.PointerValue, count: number): void {
  futex().syscall(SYS_FUTEX, word, FUTEX_WAKE, count, null, null, 0);
}
