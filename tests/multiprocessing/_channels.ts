// Copyright 2026 the @skein/concurrent authors. MIT license.
// The two channels between processes, picked by a child's permissions: a
// ring in shared memory when both sides have FFI (the default grants),
// else frames on the child's stdin and stdout. Tests of pipes and queues
// that start children run over each.
import type { ProcessPermissions } from "@skein/concurrent/multiprocessing";

/** Each channel's name, and the permissions that make a child use it. */
export const CHANNELS: readonly (readonly [string, ProcessPermissions])[] = [
  ["shared memory", "inherit"],
  ["stdin/stdout", { ffi: false }],
];
