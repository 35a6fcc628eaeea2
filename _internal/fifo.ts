// Copyright 2026 the @skein/concurrent authors. MIT license.
// A FIFO queue with O(1) shift: Array.prototype.shift moves every element,
// which made draining 100,000 queued tasks quadratic.

/** A first-in, first-out queue. */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** How many items are queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Adds an item at the back. */
  push(item: T): void {
    this.#items.push(item);
  }

  /** Removes and returns the front item, if any. */
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    // Drop the consumed front once it is most of the array.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** The front item, if any, left in place. */
  peek(): T | undefined {
    return this.#head === this.#items.length
      ? undefined
      : this.#items[this.#head];
  }

  /** Puts items back at the front, in their order. */
  unshift(...items: T[]): void {
    if (items.length <= this.#head) {
      this.#head -= items.length;
      for (const [i, item] of items.entries()) {
        this.#items[this.#head + i] = item;
      }
    } else {
      this.#items = [...items, ...this.#items.slice(this.#head)];
      this.#head = 0;
    }
  }

  /** Every item, front first, left in place. */
  items(): T[] {
    return this.#items.slice(this.#head) as T[];
  }

  /** Removes and returns every item, front first. */
  drain(): T[] {
    const items = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return items;
  }
}
