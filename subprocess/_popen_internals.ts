// Copyright 2026 the @skein/concurrent authors. MIT license.
// What run() and multiprocessing need of a Popen beyond Python's API;
// filled by popen.ts.
import type { Popen } from "./popen.ts";

export const popenInternals = {} as {
  /** Stops the reading begun by communicate() and waits until it stops. */
  cancelReading(popen: Popen): Promise<void>;
  /** Whether the child keeps this process alive (Deno's ref/unref). */
  setRef(popen: Popen, ref: boolean): void;
};
