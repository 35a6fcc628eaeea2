// Copyright 2026 the @skein/concurrent authors. MIT license.
// A binary min-heap of Events ordered by (time, priority, sequence). The keys
// live in typed arrays beside the events, so sifting compares contiguous
// numbers instead of chasing event objects; each event records its position
// (heapSlot) so remove() is O(log n).
import { Event } from "./event.ts";
import { heapSlot } from "./_heap_slot.ts";

const INITIAL_CAPACITY = 64;

export class EventHeap {
  #size = 0;
  #times = new Float64Array(INITIAL_CAPACITY);
  #priorities = new Float64Array(INITIAL_CAPACITY);
  #sequences = new Float64Array(INITIAL_CAPACITY);
  #events: Event[] = [];

  get size(): number {
    return this.#size;
  }

  /** The first event to run, if any. */
  head(): Event | undefined {
    return this.#events[0];
  }

  /** Whether `event` is in this heap. */
  has(event: Event): boolean {
    const index = heapSlot.get(event);
    return index >= 0 && this.#events[index] === event;
  }

  push(event: Event): void {
    if (this.#size === this.#times.length) {
      this.#resize(this.#times.length * 2);
    }
    this.#siftUp(this.#size++, event);
  }

  /** Removes and returns the first event; the heap must not be empty. */
  pop(): Event {
    const head = this.#events[0]!;
    this.remove(head);
    return head;
  }

  /** Removes `event`, which must be in this heap (see has()). */
  remove(event: Event): void {
    const index = heapSlot.get(event);
    heapSlot.set(event, -1);
    const last = --this.#size;
    const moved = this.#events.pop()!;
    if (last < this.#times.length >> 2 && last >= INITIAL_CAPACITY) {
      this.#resize(this.#times.length >> 1);
    }
    if (index === last) return;
    if (
      index > 0 && Event.compare(moved, this.#events[(index - 1) >> 1]!) < 0
    ) {
      this.#siftUp(index, moved);
    } else {
      this.#siftDown(index, moved);
    }
  }

  /** Removes every event. */
  clear(): void {
    for (let i = 0; i < this.#size; i++) heapSlot.set(this.#events[i]!, -1);
    this.#events = [];
    this.#size = 0;
    this.#resize(INITIAL_CAPACITY);
  }

  /** The events in the order they will run. */
  sorted(): Event[] {
    return this.#events.slice().sort(Event.compare);
  }

  // Moves the hole at `index` up until `event` fits, then puts it there.
  #siftUp(index: number, event: Event): void {
    const times = this.#times;
    const priorities = this.#priorities;
    const sequences = this.#sequences;
    const events = this.#events;
    const time = event.time;
    const priority = event.priority;
    const sequence = event.sequence;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent]!;
      if (
        parentTime < time || (parentTime === time &&
          (priorities[parent]! < priority ||
            (priorities[parent] === priority && sequences[parent]! < sequence)))
      ) break;
      times[index] = parentTime;
      priorities[index] = priorities[parent]!;
      sequences[index] = sequences[parent]!;
      const moved = events[parent]!;
      events[index] = moved;
      heapSlot.set(moved, index);
      index = parent;
    }
    times[index] = time;
    priorities[index] = priority;
    sequences[index] = sequence;
    events[index] = event;
    heapSlot.set(event, index);
  }

  // Moves the hole at `index` down until `event` fits, then puts it there.
  #siftDown(index: number, event: Event): void {
    const times = this.#times;
    const priorities = this.#priorities;
    const sequences = this.#sequences;
    const events = this.#events;
    const size = this.#size;
    const time = event.time;
    const priority = event.priority;
    const sequence = event.sequence;
    while (true) {
      let child = 2 * index + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size) {
        const leftTime = times[child]!;
        const rightTime = times[right]!;
        if (
          rightTime < leftTime || (rightTime === leftTime &&
            (priorities[right]! < priorities[child]! ||
              (priorities[right] === priorities[child] &&
                sequences[right]! < sequences[child]!)))
        ) child = right;
      }
      const childTime = times[child]!;
      if (
        time < childTime || (time === childTime &&
          (priority < priorities[child]! ||
            (priority === priorities[child] && sequence < sequences[child]!)))
      ) break;
      times[index] = childTime;
      priorities[index] = priorities[child]!;
      sequences[index] = sequences[child]!;
      const moved = events[child]!;
      events[index] = moved;
      heapSlot.set(moved, index);
      index = child;
    }
    times[index] = time;
    priorities[index] = priority;
    sequences[index] = sequence;
    events[index] = event;
    heapSlot.set(event, index);
  }

  #resize(capacity: number): void {
    const resized = (from: Float64Array): Float64Array<ArrayBuffer> => {
      const to = new Float64Array(capacity);
      to.set(from.subarray(0, this.#size));
      return to;
    };
    this.#times = resized(this.#times);
    this.#priorities = resized(this.#priorities);
    this.#sequences = resized(this.#sequences);
  }
}
