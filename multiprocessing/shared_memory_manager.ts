// Copyright 2026 the @skein/concurrent authors. MIT license.
import { RuntimeError } from "../errors.ts";
import {
  BaseManager,
  type BaseManagerOptions,
  type ManagerStartOptions,
} from "./base_manager.ts";
import type { AutoProxy } from "./base_proxy.ts";
import { SharedMemory } from "./shared_memory/shared_memory.ts";
import {
  ShareableList,
  type ShareableValue,
} from "./shared_memory/shareable_list.ts";

interface SegmentKeeper {
  track(name: string): void;
  unlinkAll(): void;
}

// Made in the server (shipped as source text, so it names nothing from
// outside): the names of the segments to unlink at shutdown, or when the
// server ends for any other reason: at its exit (the unload event), and,
// should it be killed (as it is, at once, when its parent dies: see
// _internal/parent_watch.ts), by its resource tracker.
async function makeSegmentKeeper(
  url: string,
  trackerUrl: string,
): Promise<SegmentKeeper> {
  const { SharedMemory } = await import(url);
  const { trackSegment, untrackSegment } = await import(trackerUrl);
  const names = new Set<string>();
  const unlinkAll = (): void => {
    for (const name of names) {
      try {
        const shm = new SharedMemory({ name });
        shm.unlink();
        shm.close();
      } catch {
        // unlinked already by its user
      }
      untrackSegment(`/${name}`); // (its path)
    }
    names.clear();
  };
  globalThis.addEventListener("unload", unlinkAll);
  const track = (name: string): void => {
    names.add(name);
    trackSegment(`/${name}`);
  };
  return { track, unlinkAll };
}

/**
 * A manager of shared memory segments, as Python's
 * `multiprocessing.managers.SharedMemoryManager`: `SharedMemory(size)` and
 * `ShareableList(sequence)` make segments in this process that its server
 * process unlinks at `shutdown()`, or when this process ends however it
 * ends (the server ends with it: at its exit, or, killed, by its
 * resource tracker, which needs `--allow-run` for `/bin/sh` as for any
 * tracked segment), so none is left in `/dev/shm`. Needs `--allow-ffi`;
 * Linux only.
 *
 * @example Segments that go with the manager
 * ```ts
 * import { SharedMemoryManager } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const smm = new SharedMemoryManager();
 * await smm.start();
 * const shm = await smm.SharedMemory(64);
 * const list = await smm.ShareableList([1, "two", 3.5]);
 * shm.buf[0] = 1;
 * assert.equal(list.get(1), "two");
 * shm.close();
 * list.shm.close();
 * await smm.shutdown(); // both are unlinked
 * ```
 */
export class SharedMemoryManager extends BaseManager {
  #keeper: AutoProxy<SegmentKeeper> | undefined;

  /**
   * Makes the manager; `start()` starts its server.
   *
   * @param options The `address` and `authkey`.
   */
  constructor(options: BaseManagerOptions = {}) {
    super(options);
  }

  /**
   * Starts the server process.
   *
   * @param options The server's `permissions`.
   * @returns When it is ready.
   */
  override async start(options: ManagerStartOptions = {}): Promise<void> {
    await super.start(options);
    this.#keeper = await this.create<SegmentKeeper>(
      "SegmentKeeper",
      new URL("./shared_memory/mod.ts", import.meta.url).href,
      new URL("./shared_memory/_tracker.ts", import.meta.url).href,
    );
  }

  /**
   * A new segment of `size` bytes, unlinked by the manager.
   *
   * @param size Its size in bytes.
   * @returns The segment, attached in this process.
   * @throws {RuntimeError} If the manager is not started.
   */
  async SharedMemory(size: number): Promise<SharedMemory> {
    const keeper = this.#started();
    const shm = new SharedMemory({ create: true, size, track: false });
    await this.#keep(keeper, shm);
    return shm;
  }

  /**
   * A new {@linkcode ShareableList} of `sequence`, unlinked by the
   * manager.
   *
   * @param sequence Its items.
   * @returns The list, attached in this process.
   * @throws {RuntimeError} If the manager is not started.
   */
  async ShareableList(
    sequence: Iterable<ShareableValue>,
  ): Promise<ShareableList> {
    const keeper = this.#started();
    const list = new ShareableList(sequence, { track: false });
    await this.#keep(keeper, list.shm);
    return list;
  }

  /**
   * Unlinks every segment the manager made, then stops its server.
   *
   * @returns When done.
   */
  override async shutdown(): Promise<void> {
    const keeper = this.#keeper;
    this.#keeper = undefined;
    await keeper?.unlinkAll().catch(() => {});
    await super.shutdown();
  }

  #started(): AutoProxy<SegmentKeeper> {
    if (this.#keeper === undefined) {
      throw new RuntimeError("server not yet started");
    }
    return this.#keeper;
  }

  async #keep(
    keeper: AutoProxy<SegmentKeeper>,
    shm: SharedMemory,
  ): Promise<void> {
    try {
      await keeper.track(shm.name);
    } catch (error) {
      shm.unlink();
      shm.close();
      throw error;
    }
  }
}

SharedMemoryManager.register("SegmentKeeper", makeSegmentKeeper);
