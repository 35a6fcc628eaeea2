// Copyright 2026 the @skein/concurrent authors. MIT license.
// The queue classes by order and by tag, so that a queue crossing to this
// thread is rebuilt as its class over the same memory.
import { registerShareable } from "../_internal/shareable.ts";
import { SharedQueue } from "./_shared_queue.ts";

const orders = new WeakMap<object, number>();
const tags = new WeakMap<object, string>();
let adopting: SharedQueue | undefined;

// The module a receiving thread imports for any queue class.
const RECEIVE = new URL("./_shareables.ts", import.meta.url).href;

/** Registers a queue class as shareable under `tag`, keeping `order`. */
export function registerQueueClass(
  tag: string,
  cls: new () => object,
  order: number,
): void {
  orders.set(cls, order);
  tags.set(cls, tag);
  registerShareable(tag, RECEIVE, (state) => {
    adopting = new SharedQueue(order, 0, [...state.buffers]);
    try {
      return new cls();
    } finally {
      adopting = undefined;
    }
  });
}

/** The core a constructor called by registerQueueClass() adopts. */
export function adopted(): SharedQueue | undefined {
  return adopting;
}

/** The order of `cls` or of its nearest registered base class. */
export function orderOf(cls: object): number | undefined {
  return lookup(orders, cls);
}

/** The tag of `cls` or of its nearest registered base class. */
export function tagOf(cls: object): string | undefined {
  return lookup(tags, cls);
}

function lookup<T>(map: WeakMap<object, T>, cls: object): T | undefined {
  for (let c: object | null = cls; c !== null; c = Object.getPrototypeOf(c)) {
    const found = map.get(c);
    if (found !== undefined) return found;
  }
  return undefined;
}
