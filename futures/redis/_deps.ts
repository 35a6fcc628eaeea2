// Copyright 2026 the @skein/concurrent authors. MIT license.
// The only npm imports of the package, pinned: BullMQ and the ioredis it
// depends on (the exact version its package.json names).
export {
  type Job,
  Queue,
  QueueEvents,
  UnrecoverableError,
  Worker,
} from "npm:bullmq@5.81.5";
export { Redis, type RedisOptions } from "npm:ioredis@5.11.1";
