// Copyright 2026 the @skein/concurrent authors. MIT license.
import { checkOptionKeys } from "../../_internal/keywords.ts";
import { trackSegment, untrackSegment } from "./_tracker.ts";
import { describe } from "../../_internal/describe.ts";
import { toProcess } from "../../_internal/portable.ts";
import {
  registerShareable,
  type SharedState,
  toShared,
} from "../../_internal/shareable.ts";
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
   * `psm_...` name when creating without one. `null` is Python's `None`.
   */
  name?: string | null;
  /**
   * Create a new segment (else attach to the existing one `name`).
   *
   * @default {false}
   */
  create?: boolean;
  /**
   * The size in bytes of a new segment (attaching takes the segment's own
   * size).
   *
   * @default {0}
   */
  size?: number;
  /**
   * Unlink a segment this process created when it exits without having
   * unlinked it, however it exits (Python's resource tracker: a small
   * detached process, started with the first tracked segment, unlinks
   * what is left after a kill; it needs `--allow-run` for `/bin/sh`,
   * without which only a normal exit or `Deno.exit()` unlinks). Attaching
   * never registers a segment: only its creator's tracking unlinks it, so
   * a child that attached (a segment passed to a `Process`) leaves it in
   * place when it ends.
   *
   * @default {true}
   */
  track?: boolean;
}

/** Options of {@linkcode SharedMemory} after a positional `name`. */
export type SharedMemoryNamedOptions = Omit<SharedMemoryOptions, "name">;

const TAG = "shared_memory.SharedMemory";

// Segments this process created with track, not yet unlinked.
const tracked = new Set<string>();
let exitHook = false;

// Python's __del__: a mapping nobody can reach any more (neither its
// SharedMemory nor a view of its buffer) is unmapped. A copy attached in a
// pool worker for one task is thus freed after the task.
interface Mapping {
  readonly pointer: Deno.PointerValue;
  readonly size: number;
}
const unmapper = new FinalizationRegistry<Mapping>(({ pointer, size }) => {
  libc().munmap(pointer, BigInt(size));
});

/**
 * A POSIX shared memory segment (`/dev/shm`), as Python's
 * `multiprocessing.shared_memory.SharedMemory`: create one, or attach to
 * one by name from any process, Deno or CPython. `buf` is a `Uint8Array`
 * over the mapped memory, the same bytes in every process that attached.
 * Needs `--allow-ffi` (it maps the segment through libc); Linux only.
 *
 * Passed to a `Process`, a `Pool` or `ProcessPoolExecutor` task, a
 * manager call or a `Thread` (as an argument, inside an object, in a
 * queue item or a result), it crosses as Python pickles it: by name, and
 * the other side attaches to the same segment (the name must still exist
 * then: unlink after the other side has attached). What the other side
 * attached is closed when it is no longer reachable there, and with its
 * process; it is never unlinked by the resource tracker, which unlinks
 * only what its own process created.
 *
 * @example Create, write, attach, unlink
 * ```ts
 * import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * using shm = new SharedMemory(null, { create: true, size: 16 });
 * shm.buf.set([1, 2, 3]);
 * using other = new SharedMemory(shm.name); // attach, as SharedMemory(name)
 * assert.deepEqual([...other.buf.subarray(0, 3)], [1, 2, 3]);
 * shm.unlink();
 * ```
 *
 * @example Python's keywords as one options object
 * ```ts
 * import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * using shm = new SharedMemory({ create: true, size: 8, track: false });
 * using same = new SharedMemory({ name: shm.name });
 * assert.equal(same.size, 8);
 * shm.unlink();
 * ```
 *
 * @example A child process attaches to the same segment
 * ```ts
 * import { Process } from "@skein/concurrent/multiprocessing";
 * import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * using shm = new SharedMemory(null, { create: true, size: 4 });
 * const p = new Process({
 *   target: (segment: SharedMemory) => segment.buf.fill(7),
 *   args: [shm],
 * });
 * p.start();
 * await p.join();
 * assert.deepEqual([...shm.buf], [7, 7, 7, 7]);
 * shm.unlink();
 * ```
 */
export class SharedMemory implements Disposable {
  #name: string;
  #size: number;
  #pointer: Deno.PointerValue;
  #buffer: ArrayBuffer | undefined;
  #buf: Uint8Array | undefined;
  #mapping: Mapping;

  /**
   * Creates or attaches to a segment: Python's `SharedMemory(name)`
   * attaches, `SharedMemory(name, { create: true, size })` or
   * `SharedMemory(null, { create: true, size })` creates.
   *
   * @param name The segment's name; `null` (Python's `None`) for a new
   * random name when creating.
   * @param options `create`, `size`, `track`.
   * @throws {ValueError} If creating with a size below 1, or attaching
   * without a name.
   * @throws {TypeError} If an argument has the wrong type.
   * @throws {Deno.errors.AlreadyExists} If creating a name that exists.
   * @throws {Deno.errors.NotFound} If attaching to a name that does not.
   * @throws {Deno.errors.NotCapable} Without `--allow-ffi`.
   */
  constructor(name: string | null, options?: SharedMemoryNamedOptions);
  /**
   * Creates or attaches to a segment, with Python's keywords as one
   * options object.
   *
   * @param options `name`, `create`, `size`, `track`.
   * @throws {ValueError} If creating with a size below 1, or attaching
   * without a name.
   * @throws {TypeError} If an option has the wrong type.
   * @throws {Deno.errors.AlreadyExists} If creating a name that exists.
   * @throws {Deno.errors.NotFound} If attaching to a name that does not.
   * @throws {Deno.errors.NotCapable} Without `--allow-ffi`.
   */
  constructor(options?: SharedMemoryOptions);
  constructor(
    nameOrOptions: string | null | SharedMemoryOptions = {},
    more: SharedMemoryNamedOptions = {},
  ) {
    const positional = typeof nameOrOptions === "string" ||
      nameOrOptions === null;
    const options: SharedMemoryOptions = positional
      ? { ...more, name: nameOrOptions }
      : nameOrOptions;
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Cannot open SharedMemory as 'name' must be a string or null, or the first argument an options object: received ${
          describe(nameOrOptions)
        }`,
      );
    }
    if (positional && (typeof more !== "object" || more === null)) {
      throw new TypeError(
        `Cannot open SharedMemory as 'options' must be an object: received ${
          describe(more)
        }`,
      );
    }
    if (positional && (more as SharedMemoryOptions).name !== undefined) {
      throw new TypeError(
        "Cannot open SharedMemory as 'name' is given twice: pass it either first or in the options",
      );
    }
    checkOptionKeys("open SharedMemory", options, [
      "name",
      "create",
      "size",
      "track",
    ]);
    const { create = false, size = 0, track = true } = options;
    let name = options.name ?? undefined;
    if (name !== undefined && typeof name !== "string") {
      throw new TypeError(
        `Cannot open SharedMemory as 'name' must be a string or null: received ${
          describe(name)
        }`,
      );
    }
    for (const [key, value] of [["create", create], ["track", track]]) {
      if (typeof value !== "boolean") {
        throw new TypeError(
          `Cannot open SharedMemory as '${key}' must be a boolean: received ${
            describe(value)
          }`,
        );
      }
    }
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0) {
      throw new ValueError(
        `Cannot open SharedMemory as 'size' must be a positive integer: current value is ${
          typeof size === "number" ? size : describe(size)
        }`,
      );
    }
    if (create && size === 0) {
      throw new ValueError(
        "Cannot create SharedMemory as 'size' must be a positive number different from zero: current value is 0",
      );
    }
    if (!create && name === undefined) {
      throw new ValueError(
        "Cannot attach to SharedMemory as 'name' can only be null if 'create' is true: pass the segment's name to attach (new SharedMemory(name)), or { create: true, size } to create one",
      );
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
    this.#mapping = { pointer: this.#pointer, size: this.#size };
    unmapper.register(this.#buffer, this.#mapping, this.#mapping);
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
    unmapper.unregister(this.#mapping);
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
   * What attaches a thread to the same segment (used by the package when
   * the segment is passed to one).
   *
   * @ignore
   */
  [toShared](): SharedState {
    return { tag: TAG, buffers: [], data: this.#name };
  }

  /**
   * What attaches another process to the same segment (used by the
   * package when the segment is passed to one), as Python's pickle: the
   * name.
   *
   * @ignore
   */
  [toProcess](): { tag: string; data: unknown } {
    return { tag: TAG, data: this.#name };
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

// The other side of a crossing: attach by name, as Python's unpickling.
function attachCrossed(name: string): SharedMemory {
  try {
    return new SharedMemory(name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new Deno.errors.NotFound(
      `Cannot attach to SharedMemory '${name}' passed here as it was unlinked before this side attached: unlink a segment once every thread or process it is passed to has attached`,
      { cause: error },
    );
  }
}

registerShareable(
  TAG,
  import.meta.url,
  (state) => attachCrossed(state.data as string),
);
