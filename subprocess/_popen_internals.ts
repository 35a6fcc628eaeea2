// Copyright 2026 the @skein/concurrent authors. MIT license.
// What run() needs of a Popen beyond Python's API; filled by popen.ts.
import type { Popen } from "./popen.ts";

export const popenInternals = {} as {
  /** Stops the reading begun by communicate() and waits until it stops. */
  cancelReading(popen: Popen): Promise<void>;
};
