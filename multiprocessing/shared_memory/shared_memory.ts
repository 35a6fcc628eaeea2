// Copyright 2026 the @skein/concurrent authors. MIT license.
import { trackSegment, untrackSegment } from "./_tracker.ts";
import { describe } from "../../_internal/describe.ts";
import { ValueError } from "../../errors.ts";
import {
  cString,
  errnoError,
  libc,
  MAP_SHARED,
  mapFailed,
  O_CREAT,
  O_EXCL,
  O_RDWR,
  PROT_READ_WRITE,
  SEEK_END,
} from "./_libc.ts";
import { customInspect, pyRepr } from "../../_internal/py_repr.ts";

/** Options of {@linkcode SharedMemory}, as Python's arguments. */
export interface SharedMemoryOptions {
  /**
   * The segment's name (without the leading `/`); a new random
   * `psm_...` name when creating without one.
   */
  name?: string;
  /** Create a new segment (else attach to the existing one `name`). */
  create?: boolean;
  /** The size in bytes of a new segment. */
  size?: number;
  /**
   * Unlink a segment this process created when it exits without having
   * unlinked it, however it exits (Python's resource tracker: a small
   * detached process, started with the first tracked segment, unlinks
   * what is left after a kill; it needs `--allow-run` for `/bin/sh`,
   * without which only a normal exit or `Deno.exit()` unlinks).
   *
   * @default {true}
   */
  track?: boolean;
}

// Segments this process created with track, not yet unlinked.
const tracked = new Set<string>();
let exitHook = false;

/**
 * A POSIX shared memory segment (`/dev/shm`), as Python's
 * `multiprocessing.shared_memory.SharedMemory`: create one, or attach to
 * one by name from any process, Deno or CPython. `buf` is a `Uint8Array`
 * over the mapped memory, the same bytes in every process that attached.
 * Needs `--allow-ffi` (it maps the segment through libc); Linux only.
 *
 * @example Create, write, attach, unlink
 * ```ts
 * import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * using shm = new SharedMemory({ create: true, size: 16 });
 * shm.buf.set([1, 2, 3]);
 * using other = new SharedMemory({ name: shm.name });
 * assert.deepEqual([...other.buf.subarray(0, 3)], [1, 2, 3]);
 * shm.unlink();
 * ```
 */
export class SharedMemory implements Disposable {
  #name: string;
  #size: number;
  #pointer: Deno.PointerValue;
  #buffer: ArrayBuffer | undefined;
  #buf: Uint8Array | undefined;

  /**
   * Creates or attaches to a segment.
   *
   * @param options `name`, `create`, `size`, `track`.
   * @throws {ValueError} If creating with a size below 1, or attaching
   * without a name.
   * @throws {Deno.errors.AlreadyExists} If creating a name that exists.
   * @throws {Deno.errors.NotFound} If attaching to a name that does not.
   * @throws {Deno.errors.NotCapable} Without `--allow-ffi`.
   */
  constructor(options: SharedMemoryOptions = {}) {
    const { create = false, size = 0, track = true } = options;
    let { name } = options;
    if (name !== undefined && typeof name !== "string") {
      throw new TypeError(
        `Cannot open SharedMemory as 'name' must be a string: received ${
          describe(name)
        }`,
      );
    }
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
      throw new ValueError("'size' must be a positive integer");
    }
    if (create && size === 0) {
      throw new ValueError(
        "'size' must be a positive number different from zero",
      );
    }
    if (!create && name === undefined) {
      throw new ValueError("'name' can only be None if create=True");
    }
    const c = libc();
    name ??= `psm_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const path = name.startsWith("/") ? name : `/${name}`;
    const flags = create ? O_CREAT | O_EXCL | O_RDWR : O_RDWR;
    const fd = c.shm_open(cString(path), flags, 0o600);
    if (fd < 0) throw errnoError("shm_open", path);
    try {
      if (create && c.ftruncate(fd, BigInt(size)) !== 0) {
        const error = errnoError("ftruncate", path);
        c.shm_unlink(cString(path));
        throw error;
      }
      const length = create ? size : Number(c.lseek(fd, 0n, SEEK_END));
      if (length === 0) {
        throw new ValueError(`Cannot attach to '${path}': it is empty`);
      }
      const pointer = c.mmap(
        null,
        BigInt(length),
        PROT_READ_WRITE,
        MAP_SHARED,
        fd,
        0n,
      );
      if (mapFailed(pointer)) throw errnoError("mmap", path);
      this.#pointer = pointer;
      this.#size = length;
    } finally {
      c.close(fd);
    }
    this.#name = path.slice(1);
    this.#buffer = Deno.UnsafePointerView.getArrayBuffer(
      this.#pointer!,
      this.#size,
    );
    this.#buf = new Uint8Array(this.#buffer);
    if (create && track) {
      tracked.add(path);
      trackSegment(path);
      if (!exitHook) {
        exitHook = true;
        globalThis.addEventListener("unload", unlinkTracked);
      }
    }
  }

  /** The segment's name, as another process attaches to it. */
  get name(): string {
    return this.#name;
  }

  /** The size in bytes. */
  get size(): number {
    return this.#size;
  }

  /**
   * The segment's bytes.
   *
   * @throws {ValueError} After `close()`.
   */
  get buf(): Uint8Array {
    if (this.#buf === undefined) {
      throw new ValueError("Cannot use SharedMemory.buf after close()");
    }
    return this.#buf;
  }

  /**
   * Unmaps the segment from this process (it stays for the others); views
   * of `buf` become empty rather than point at unmapped memory.
   */
  close(): void {
    if (this.#buffer === undefined) return;
    this.#buffer.transfer(0); // detaches every view of it
    this.#buffer = undefined;
    this.#buf = undefined;
    libc().munmap(this.#pointer, BigInt(this.#size));
  }

  /**
   * Removes the segment's name, as Python's `unlink()`: it is freed when
   * every process has closed it. Call it once, from one process.
   *
   * @throws {Deno.errors.NotFound} If it was unlinked already.
   */
  unlink(): void {
    const path = `/${this.#name}`;
    if (tracked.delete(path)) untrackSegment(path);
    if (libc().shm_unlink(cString(path)) !== 0) {
      throw errnoError("shm_unlink", path);
    }
  }

  /** Closes the segment, as Python's `with` exit. */
  [Symbol.dispose](): void {
    this.close();
  }
  /**
   * Python's repr: `SharedMemory('psm_1f2e3d', size=1024)`.
   *
   * @returns The repr.
   */
  toString(): string {
    return `${this.constructor.name}(${
      pyRepr(this.#name)
    }, size=${this.#size})`;
  }

  /**
   * The same repr for `console.log` and `Deno.inspect`.
   *
   * @ignore
   */
  [customInspect](): string {
    return this.toString();
  }
}

function unlinkTracked(): void {
  if (tracked.size === 0) return;
  const c = libc();
  for (const path of tracked) c.shm_unlink(cString(path));
  tracked.clear();
}
