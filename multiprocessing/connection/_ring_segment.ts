// Copyright 2026 the @skein/concurrent authors. MIT license.
// The shared memory segment of a pipe whose ends live in two processes:
// a ring for each direction (_internal/byte_ring.ts), mapped once per
// process. Its name goes when both ends have closed, or when a process
// that holds an end dies (the process that passed the end there sees it),
// but never while an end is on its way to a process that has yet to
// attach (that process unlinks it once there); and at the latest with its
// creator (the resource tracker). The memory goes when the last process
// unmaps it.
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
// The segment: words of the pair, then both directions.
const ENDS_CLOSED = 0; // how many ends have closed
const UNLINK_WANTED = 1; // both ends closed, or a holder died
const IN_TRANSIT = 2; // + side: that end left a process and has not arrived
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
// Ends that went from here to a child: their segment and side.
const passed = new Map<string, { segment: RingSegment; side: number }>();
onEndsGone((ids) => {
  for (const id of ids) {
    const gone = passed.get(id);
    if (gone === undefined) continue;
    passed.delete(id);
    gone.segment.holderDied(gone.side);
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

  /**
   * Whether the name is gone or going (both ends closed, or a process
   * that held one died): no end can move to another process over it.
   */
  get unlinked(): boolean {
    return this.#unlinked || Atomics.load(this.#cells, UNLINK_WANTED) !== 0;
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

  /** End `side` is leaving this process: the name must stay till it arrives. */
  sending(side: number): void {
    Atomics.store(this.#cells, IN_TRANSIT + side, 1);
  }

  /** End `side` has arrived (attached) here. */
  arrived(side: number): void {
    Atomics.store(this.#cells, IN_TRANSIT + side, 0);
    if (Atomics.load(this.#cells, UNLINK_WANTED) !== 0) this.unlink();
  }

  /**
   * End `id` (`side`) went to a child: the name goes if it dies (the
   * mapping stays here till then, to say so in the segment).
   */
  passedOn(id: string, side: number): void {
    this.use();
    passed.set(id, { segment: this, side });
  }

  /** The process holding end `side` died: it will not arrive anywhere. */
  holderDied(side: number): void {
    Atomics.store(this.#cells, IN_TRANSIT + side, 0);
    this.#wantUnlink();
    this.release();
  }

  /** An end closed: the second to close unlinks the name. */
  endClosed(): void {
    if (Atomics.add(this.#cells, ENDS_CLOSED, 1) >= 1) this.#wantUnlink();
  }

  // The name goes now, or when the last end in transit arrives (whichever
  // of the two sees the other's word unlinks it; maybe both, once each).
  #wantUnlink(): void {
    Atomics.store(this.#cells, UNLINK_WANTED, 1);
    if (
      Atomics.load(this.#cells, IN_TRANSIT) === 0 &&
      Atomics.load(this.#cells, IN_TRANSIT + 1) === 0
    ) this.unlink();
  }

  /** Removes the name (once here; another process may have). */
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
