// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `multiprocessing.shared_memory`: {@linkcode SharedMemory}, a
 * POSIX shared memory segment that any process can attach to by name, Deno
 * or CPython. It maps the segment through libc, so it needs
 * `--allow-ffi`, and runs on Linux.
 *
 * | Python | here |
 * | --- | --- |
 * | `SharedMemory(name)` (attach) | `new SharedMemory(name)` |
 * | `SharedMemory(create=True, size=n)` | `new SharedMemory(null, { create: true, size: n })` |
 * | `SharedMemory(name, create, size, track=True)` | `new SharedMemory(name, { create, size, track })`, or `new SharedMemory({ name, create, size, track })` |
 * | passing `shm` or a `ShareableList` to a `Process`, `Pool`, executor or manager (pickled by name) | the same: the other side attaches to the same segment |
 * | `shm.buf`, `shm.name`, `shm.size` | the same (`buf` is a `Uint8Array`) |
 * | `shm.close()`, `shm.unlink()`, `with shm:` | the same, `using shm = ...` |
 * | `FileExistsError`, `FileNotFoundError` | `Deno.errors.AlreadyExists`, `Deno.errors.NotFound` |
 *
 * {@linkcode ShareableList} keeps a list in Python's layout.
 * `SharedMemoryManager` is exported by `@skein/concurrent/multiprocessing`
 * (Python's `multiprocessing.managers`). Tracking unlinks the segments this
 * process created when it exits, normally, by `Deno.exit()` or killed: as
 * Python's resource tracker, a small detached process waits for this one
 * to end (it needs `--allow-run` for `/bin/sh` to start; without it, a
 * process killed by a signal leaves its segments). Only the creator's
 * tracking unlinks a segment: attaching (`new SharedMemory(name)`, or a
 * segment passed to a child) never registers it, so a child's end leaves
 * the segment to its creator. (Python registers an attached segment too
 * unless given 3.13's `track=False`; here `track` concerns only the
 * segments a process creates, as if attaching always passed it.)
 * A segment that crosses to a `Thread` is attached there by name too (a
 * mapping of its own, closed when unreachable): it must not have been
 * unlinked yet, as for a process.
 *
 * @example Two views of one segment
 * ```ts
 * import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * using a = new SharedMemory({ create: true, size: 8 });
 * using b = new SharedMemory({ name: a.name });
 * a.buf[0] = 7;
 * assert.equal(b.buf[0], 7);
 * a.unlink();
 * ```
 *
 * @module
 */
export * from "./shared_memory.ts";
export * from "./shareable_list.ts";
export { ValueError } from "../../errors.ts";
