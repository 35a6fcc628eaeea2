// Copyright 2026 the @skein/concurrent authors. MIT license.
// CPython's test_sched Timer, for promises: sleep() lets time pass only up to
// the limit advance() sets, so a test decides exactly when events fire.

export class FakeTimer {
  #time = 0;
  #stop = 0;
  #wakers: (() => void)[] = [];

  /** The timefunc. */
  time = (): number => this.#time;

  /** The delayfunc: waits until the time limit allows `seconds` to pass. */
  sleep = async (seconds: number): Promise<void> => {
    if (!(seconds >= 0)) throw new RangeError(`bad delay ${seconds}`);
    const target = this.#time + seconds;
    while (this.#stop < target) {
      this.#time = this.#stop;
      await new Promise<void>((resolve) => this.#wakers.push(resolve));
    }
    this.#time = target;
  };

  /** Raises the time limit by `seconds` and wakes the sleepers. */
  advance(seconds: number): void {
    this.#stop += seconds;
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const wake of wakers) wake();
  }
}

/** An unbounded async queue, enough to hand values from actions to a test. */
export class Inbox<T> {
  #items: T[] = [];
  #takers: ((item: T) => void)[] = [];

  put = (item: T): void => {
    const taker = this.#takers.shift();
    if (taker) taker(item);
    else this.#items.push(item);
  };

  get(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  empty(): boolean {
    return this.#items.length === 0;
  }
}

/** Lets every pending promise continuation run (one macrotask turn). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
