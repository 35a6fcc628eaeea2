// Copyright 2026 the @skein/concurrent authors. MIT license.
// How a Pipe's end moves its messages. While both ends are in one process,
// and when one of them went to a process without FFI, as link records
// (_internal/process_links.ts: a child's stdin and stdout, through the
// parents between). When an end goes to a child that has FFI (and this
// process has it), the pair switches to a shared memory segment with a
// ring for each direction (./_ring_segment.ts), and the links carry only
// the news that a process holding the peer died (EOF) and a nudge from a
// writer whose ring is full while the reader does not read (so a child
// can send more than the ring holds and exit, as over a pipe of frames).
import type { Partial } from "../../_internal/byte_ring.ts";
import {
  ringBytes,
  type RingReader,
  type RingWriter,
} from "../../_internal/byte_ring.ts";
import {
  permissionFlags,
  type ProcessPermissions,
} from "../../_internal/child_permissions.ts";
import { Fifo } from "../../_internal/fifo.ts";
import { hold as holdExit, letGo } from "../../_internal/holds.ts";
import {
  closeEnd,
  deliver,
  type LinkMessage,
  openEnd,
} from "../../_internal/process_links.ts";
import { hold, release } from "../../_internal/wait.ts";
import type { End, Transport } from "./_transport.ts";
import { canShare, RingSegment } from "./_ring_segment.ts";

/** A message sent and not yet (wholly) in the ring: `mark`, `message`. */
interface Unsent {
  readonly message: Uint8Array;
  readonly mark?: number | undefined;
  done: number;
}

/** What an end carries to the process it moves to. */
export interface MovedEnd extends End {
  /** Which end of the pair: 0 (the first of Pipe()'s pair) or 1. */
  readonly side: number;
  /** Messages that reached it here and were not taken. */
  readonly pending: Uint8Array[];
  /** Whether the end of the stream reached it here. */
  readonly eof: boolean;
  /** The pair's segment, when it talks over shared memory. */
  readonly ring?: string;
  /** A message it had begun to take from the ring. */
  readonly partial?: Partial | undefined;
  /** Messages it sent that are not yet in the ring. */
  readonly unsent?: Unsent[];
}

// A nudge: the writer's ring is full, take what is there. (No message is
// empty: an object's record has its flags, raw bytes their mark.)
const DRAIN = new Uint8Array(0);
// How long a writer waits for room before it nudges again, in seconds.
const NUDGE_SECONDS = 0.05;

let destinationShares = false;
let destinationLasts = false;

/**
 * Whether a child started with `permissions` gets all of --allow-ffi
 * (never true when the check of `permissions` fails: it throws later).
 */
export function childHasFfi(
  permissions: ProcessPermissions | undefined,
): boolean {
  try {
    return permissionFlags("start process", permissions).includes(
      "--allow-ffi",
    );
  } catch {
    return false;
  }
}

/**
 * Runs `encode` (which may move ends to a child) knowing whether that
 * child has FFI (only then may the ends go over shared memory) and is
 * not a daemon (which this process must not wait for).
 */
export function movingTo<T>(
  childHasFfi: boolean,
  daemon: boolean,
  encode: () => T,
): T {
  destinationShares = childHasFfi;
  destinationLasts = !daemon;
  try {
    return encode();
  } finally {
    destinationShares = false;
    destinationLasts = false;
  }
}

/**
 * Whether the child being encoded for can take a feed over shared memory
 * that this process reads for as long as the child lives (a process
 * Queue's puts): it has FFI, this process too, and it is no daemon.
 */
export function feedsOverSharedMemory(): boolean {
  return destinationShares && destinationLasts && canShare();
}

/** The ends of one Pipe() in this process. */
interface Pair {
  readonly ends: (PipeTransport | undefined)[];
  segment?: RingSegment;
}

/** A Pipe end's transport (see the top of this file). */
export class PipeTransport implements Transport {
  readonly end: End;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly #side: number;
  readonly #pair: Pair;
  #receive: (message: LinkMessage) => void = () => {};
  #arrived: MovedEnd | undefined;
  // Over shared memory:
  #segment: RingSegment | undefined;
  #reader: RingReader | undefined;
  #writer: RingWriter | undefined;
  #unsent = new Fifo<Unsent>();
  #flushing = false;
  #closing = false;
  #wanted = false; // someone waits for a message
  #looping = false;
  #sleeping = false;
  #eofSeen = false;
  #peerGone = false;
  // Over links:
  #held = false;
  #spins = true;

  /**
   * End `end` of a pair: `side` 0 or 1 of a new Pipe() (`pair` holds
   * both), or one that `arrived` from another process.
   */
  constructor(end: End, side: number, pair?: Pair, arrived?: MovedEnd) {
    this.end = {
      id: end.id,
      peer: end.peer,
      readable: end.readable,
      writable: end.writable,
    };
    this.readable = end.readable;
    this.writable = end.writable;
    this.#side = side;
    this.#pair = pair ?? { ends: [] };
    this.#pair.ends[side] = this;
    this.#arrived = arrived;
    if (arrived?.ring !== undefined) {
      this.#pair.segment = RingSegment.attach(arrived.ring);
      this.#pair.segment.arrived(side);
      this.#useRing(this.#pair.segment);
      this.#reader?.resume(arrived.partial);
      for (const unsent of arrived.unsent ?? []) this.#unsent.push(unsent);
    }
  }

  open(receive: (message: LinkMessage) => void): void {
    this.#receive = receive;
    openEnd(this.end.id, (message) => this.#link(message));
    const arrived = this.#arrived;
    this.#arrived = undefined;
    for (const message of arrived?.pending ?? []) receive(message);
    if (arrived?.eof) receive(null);
    if (this.#unsent.length > 0) this.#flush();
  }

  send(message: Uint8Array): void {
    if (this.#writer === undefined) return deliver(this.end.peer, message);
    this.#write(message, undefined);
  }

  sendMarked(mark: number, bytes: Uint8Array): boolean {
    if (this.#writer === undefined) return false;
    this.#write(bytes, mark);
    return true;
  }

  // Into the ring, what fits (without a copy of its own); the rest waits.
  #write(message: Uint8Array, mark: number | undefined): void {
    const writer = this.#writer!;
    if (this.#peerGone || writer.readerClosed()) return; // dropped
    let done = 0;
    if (this.#unsent.length === 0) {
      done = writer.write(message, 0, mark);
      if (done === ringBytes(message.length + (mark === undefined ? 0 : 1))) {
        return;
      }
    }
    // The caller may change its buffer once this returns: keep a copy.
    this.#unsent.push({ message: message.slice(), mark, done });
    this.#flush();
  }

  /**
   * Reads for as long as the stream lasts, each message to `receive` as it
   * comes (then `null`), without spinning: a feed that this process takes
   * in whether or not anyone waits (it holds the process till the end).
   */
  feed(receive: (message: LinkMessage) => void): void {
    this.#spins = false;
    this.open(receive);
    this.hold(true);
  }

  /** Takes what the ring holds now, and its end. */
  pull(): void {
    const reader = this.#reader;
    if (reader === undefined || this.#eofSeen) return;
    reader.read(this.#receive);
    if (!reader.ready() && reader.writerClosed()) {
      this.#eofSeen = true;
      this.#receive(null);
    }
  }

  close(): void {
    if (this.#segment === undefined) {
      closeEnd(this.end.id);
      deliver(this.end.peer, null);
      return;
    }
    // (The links stay open until the last message is out: a peer that
    // dies meanwhile ends the wait for room.)
    this.#reader?.close();
    this.#stopReading();
    this.#closing = true;
    if (!this.#flushing) this.#finishClose();
  }

  hold(waiting: boolean): void {
    if (this.#segment === undefined) {
      if (waiting === this.#held) return;
      this.#held = waiting;
      if (waiting) hold();
      else release();
      return;
    }
    this.#wanted = waiting;
    if (!waiting) {
      if (this.#sleeping) this.#reader?.wake();
    } else if (!this.#looping && this.#reader !== undefined) this.#read();
  }

  /**
   * The data that moves this end to the process `toProcess` is encoding
   * for, with `pending` (and `eof`), what reached it here untaken.
   *
   * @throws {TypeError} If the pair talks over shared memory and that
   * process has no FFI.
   */
  moving(pending: Uint8Array[], eof: boolean): MovedEnd {
    const pair = this.#pair;
    const data = { ...this.end, side: this.#side, pending, eof };
    let segment = pair.segment;
    if (segment === undefined || segment.unlinked) {
      // The first end to leave chooses, while its peer is here to switch
      // to the ring too; a peer gone already, or in another process (this
      // end came here over links: its peer would never read the ring), no
      // ring.
      if (
        segment !== undefined || pair.ends[1 - this.#side] === undefined ||
        !destinationShares || !canShare()
      ) {
        return data;
      }
      segment = pair.segment = RingSegment.create();
    } else if (!destinationShares) {
      throw new TypeError(
        "Cannot pass this Connection to a process without --allow-ffi: its pair talks over shared memory since one end went to a process with it",
      );
    }
    segment.sending(this.#side);
    return {
      ...data,
      ring: segment.name,
      partial: this.#reader?.partial(),
      unsent: this.#unsent.drain().map((u) => ({ ...u })),
    };
  }

  /** This end now lives in a child: stop using it here. */
  moved(): void {
    closeEnd(this.end.id);
    const pair = this.#pair;
    pair.ends[this.#side] = undefined;
    const segment = pair.segment;
    if (segment === undefined || segment.unlinked) return;
    segment.passedOn(this.end.id, this.#side);
    this.#stopReading();
    this.#unsent.drain(); // (they went with it)
    this.#closing = true; // the flusher stops at once
    if (this.#segment !== undefined) this.#leaveRing();
    // The peer still here switches to the ring.
    const peer = pair.ends[1 - this.#side];
    if (peer !== undefined && peer.#segment === undefined) {
      peer.#useRing(segment);
    }
  }

  #useRing(segment: RingSegment): void {
    segment.use();
    this.#segment = segment;
    const { reader, writer } = segment.side(this.#side);
    if (this.readable) this.#reader = reader;
    if (this.writable) this.#writer = writer;
    if (this.#held) { // someone waited over links: now over the ring
      this.#held = false;
      release();
      this.hold(true);
    }
  }

  #leaveRing(): void {
    const segment = this.#segment!;
    this.#segment = undefined;
    this.#reader = undefined;
    this.#writer = undefined;
    segment.release();
  }

  // A link record for this end: the peer's process died, or a nudge.
  #link(message: LinkMessage): void {
    if (message?.length === 0) return this.pull(); // (DRAIN)
    if (this.#segment === undefined) return this.#receive(message);
    if (message !== null) return this.#receive(message); // (sent before)
    this.pull();
    this.#peerGone = true;
    this.#unsent.drain();
    if (!this.#eofSeen) {
      this.#eofSeen = true;
      this.#receive(null);
    }
  }

  // Takes messages while someone waits for one.
  async #read(): Promise<void> {
    const reader = this.#reader!;
    const segment = this.#segment!;
    this.#looping = true;
    segment.use();
    reader.setActive(true);
    try {
      while (this.#wanted && this.#reader === reader) {
        this.pull();
        if (!this.#wanted || this.#eofSeen) break;
        this.#sleeping = true;
        await reader.waitData(this.#spins);
        this.#sleeping = false;
      }
    } finally {
      this.#sleeping = false;
      this.#looping = false;
      reader.setActive(false);
      segment.release();
    }
  }

  #stopReading(): void {
    this.#wanted = false;
    if (this.#sleeping) this.#reader?.wake();
  }

  // Writes the messages the ring had no room for, as it empties.
  async #flush(): Promise<void> {
    if (this.#flushing) return;
    const writer = this.#writer!;
    const segment = this.#segment!;
    this.#flushing = true;
    segment.use();
    holdExit(); // a child exits once its messages are out
    try {
      while (this.#unsent.length > 0 && !this.#peerGone) {
        if (writer.readerClosed() || this.#writer !== writer) break;
        const seen = writer.spaceSeq();
        for (let first; (first = this.#unsent.peek()) !== undefined;) {
          first.done = writer.write(first.message, first.done, first.mark);
          const length = first.message.length +
            (first.mark === undefined ? 0 : 1);
          if (first.done < ringBytes(length)) break;
          this.#unsent.shift();
        }
        if (this.#unsent.length === 0) break;
        if (!writer.readerActive()) deliver(this.end.peer, DRAIN);
        await writer.waitSpace(seen, NUDGE_SECONDS);
      }
    } finally {
      this.#flushing = false;
      segment.release();
      letGo();
      if (this.#closing && this.#segment === segment) this.#finishClose();
    }
  }

  #finishClose(): void {
    closeEnd(this.end.id);
    this.#unsent.drain();
    this.#writer?.close();
    this.#segment!.endClosed();
    this.#leaveRing();
  }
}
