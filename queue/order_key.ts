// Copyright 2026 the @skein/concurrent authors. MIT license.

/**
 * The instance method by which a {@linkcode PriorityQueue} orders instances
 * of the program's own class: `[orderKey]()` returns what is compared (a
 * number, a string, or an array compared as Python's tuple), as the fields
 * of Python's `@dataclass(order=True)` that take part in comparisons. The key
 * is computed when the item is put and stored beside it, so the queue orders
 * items in shared memory without rebuilding them; two instances whose
 * classes have no such method cannot be ordered (a `TypeError`, as Python's).
 *
 * The class must be exported by a module (see `registerModule` in
 * `@skein/concurrent/threading`), as every instance that crosses.
 *
 * @example Python's "dataclass with a non-compared field"
 * ```ts
 * import { orderKey, PriorityQueue } from "@skein/concurrent/queue";
 * import assert from "node:assert/strict";
 *
 * // @dataclass(order=True)
 * // class PrioritizedItem:
 * //     priority: int
 * //     item: Any = field(compare=False)
 * export class PrioritizedItem {
 *   constructor(public priority: number, public item: unknown) {}
 *   [orderKey](): number {
 *     return this.priority;
 *   }
 * }
 *
 * const q = new PriorityQueue<PrioritizedItem>();
 * q.putNowait(new PrioritizedItem(2, { task: "write" }));
 * q.putNowait(new PrioritizedItem(1, () => "a function is never compared"));
 * const first = q.getNowait();
 * assert.ok(first instanceof PrioritizedItem);
 * assert.equal(first.priority, 1);
 * assert.deepEqual(q.getNowait().item, { task: "write" });
 * ```
 */
export const orderKey: unique symbol = Symbol.for(
  "@skein/concurrent.orderKey",
);
