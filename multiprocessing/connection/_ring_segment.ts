// Copyright 2026 the @skein/concurrent authors. MIT license.
// The shared memory segment of a pipe whose ends live in two processes:
// a ring for each direction (_internal/byte_ring.ts), mapped once per
// process. Its name goes when both ends have closed (the second close
// unlinks it), when a process that holds an end dies (the process that
// passed the end there unlinks it), or with its creator (the resource
// tracker); the memory goes when the last process unmaps it.
import {
  RING_HEADER_BYTES,
  RING_HEADER_WORDS,
  RingReader,
  RingWriter,
} from "../../_internal/byte_ring.ts";
import { granted } from "../../_internal/child_permissions.ts";
import { onEndsGone } from "../../_internal/process_links.ts";
import { SegmentWords } from "../../_internal/segment_words.ts";
import { SharedMemory } from "../shared_memory/shared_memory.ts";

/** Each direction's ring, in bytes: a bigger message goes in pieces. */
export const RING_CAPACITY = 2048 * 1024;
// The segment: a word counting the closed ends, then both directions.
const ENDS_CLOSED = 0;
const FIRST_RING = 64;
const SIZE = FIRST_RING + 2 * (RING_HEADER_BYTES + RING_CAPACITY);

let sharing: boolean | undefined;

/**
 * Whether this process can make and map a pipe's segment: Linux on
 * x86-64 (the futex call's number), with all of `--allow-ffi`.
 */
export function canShare(): boolean {
  return sharing ??= Deno.build.os === "linux" &&
    Deno.build.arch === "x86_64" && granted("ffi");
}

const mapped = new Map<string, RingSegment>();
// Ends that went from here to a child, and the segment each uses.
const passed = new Map<string, RingSegment>();
onEndsGone((ids) => {
  for (const id of ids) {
    passed.get(id)?.unlink();
    passed.delete(id);
  }
});

/** A pipe's segment as mapped in this process. */
export class RingSegment {
  readonly name: string;
  #shm: SharedMemory;
  #cells: Int32Array;
  #users = 0; // ends here that use it, and waits in flight
  #unlinked = false;

  private constructor(shm: SharedMemory) {
    this.#shm = shm;
    this.name = shm.name;
    this.#cells = new Int32Array(shm.buf.buffer, 0, FIRST_RING / 4);
  }

  /** A new segment, unlinked with this process at the latest. */
  static create(): RingSegment {
    const segment = new RingSegment(
      new SharedMemory({ create: true, size: SIZE }),
    );
    mapped.set(segment.name, segment);
    return segment;
  }

  /**
   * The segment `name`, mapped here on first use.
   *
   * @throws {Deno.errors.NotFound} If it is gone.
   */
  static attach(name: string): RingSegment {
    let segment = mapped.get(name);
    if (segment === undefined) {
      segment = new RingSegment(new SharedMemory({ name }));
      mapped.set(name, segment);
    }
    return segment;
  }

  /** The reader and writer of end `side` (0 or 1) of the pipe. */
  side(side: number): { reader: RingReader; writer: RingWriter } {
    return {
      reader: this.#ring(RingReader, 1 - side),
      writer: this.#ring(RingWriter, side),
    };
  }

  #ring<T>(
    Side: new (words: SegmentWords, data: Uint8Array) => T,
    direction: number,
  ): T {
    const buffer = this.#shm.buf.buffer;
    const at = FIRST_RING + direction * (RING_HEADER_BYTES + RING_CAPACITY);
    return new Side(
      new SegmentWords(new Int32Array(buffer, at, RING_HEADER_WORDS)),
      new Uint8Array(buffer, at + RING_HEADER_BYTES, RING_CAPACITY),
    );
  }

  /** Whether the name is gone (no other process can attach). */
  get unlinked(): boolean {
    return this.#unlinked;
  }

  /** One more user here (an end, or a wait in flight). */
  use(): void {
    this.#users++;
  }

  /** One user fewer: the last unmaps the segment here. */
  release(): void {
    if (--this.#users > 0) return;
    mapped.delete(this.name);
    this.#shm.close();
  }

  /** End `id` went to a child: unlink when that child exits. */
  passedOn(id: string): void {
    passed.set(id, this);
  }

  /** An end closed: the second to close unlinks the name. */
  endClosed(): void {
    if (Atomics.add(this.#cells, ENDS_CLOSED, 1) >= 1) this.unlink();
  }

  /** Removes the name (once; it may be gone already). */
  unlink(): void {
    if (this.#unlinked) return;
    this.#unlinked = true;
    try {
      this.#shm.unlink();
    } catch {
      // unlinked by the other end's process
    }
  }
}
