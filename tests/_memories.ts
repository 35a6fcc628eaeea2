// Copyright 2026 the @skein/concurrent authors. MIT license.
// The two memories a primitive's words can live in, for contract tests
// that run the same bodies over both: a SharedArrayBuffer (threads) and a
// shared memory segment waited on with futex (processes).
import { SharedMemory } from "@skein/concurrent/multiprocessing/shared_memory";
import type { SharedWords } from "../_internal/shared_words.ts";
import { SabWords } from "../_internal/sab_words.ts";
import { SegmentWords } from "../_internal/segment_words.ts";

/** Where words come from: `words(n)` hands out `n` zeroed words. */
export interface Memory {
  words(n: number): SharedWords;
  /** Whether a wait there can be withdrawn by an AbortSignal. */
  signals: boolean;
  close(): void;
}

/** Each memory's name and how to open it; `close()` it when done. */
export const MEMORIES: [string, () => Memory][] = [
  ["SharedArrayBuffer", () => ({
    words: (n) => new SabWords(n),
    signals: true,
    close: () => {},
  })],
  ["shared memory segment", () => {
    // One segment, handed out in slices; closed and unlinked at the end.
    const shm = new SharedMemory({ create: true, size: 1 << 20 });
    let next = 0;
    return {
      words(n): SharedWords {
        if (next + n * 4 > shm.size) throw new RangeError("segment is full");
        const cells = new Int32Array(shm.buf.buffer, next, n);
        next += n * 4;
        return new SegmentWords(cells);
      },
      signals: false,
      close(): void {
        shm.close();
        shm.unlink();
      },
    };
  }],
];
