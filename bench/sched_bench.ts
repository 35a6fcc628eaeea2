// Copyright 2026 the @skein/concurrent authors. MIT license.
// sched: entering and running events with an injected clock, against sorting
// the same records with Array.prototype.sort. bench/sched_cpython.py measures
// CPython's sched on the same workload for comparison.
import { Event, scheduler } from "@skein/concurrent/sched";

function times(n: number): Float64Array {
  // The same pseudo-random times in every run and in sched_cpython.py.
  const out = new Float64Array(n);
  let seed = 42;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out[i] = seed / 2 ** 31 * 1000;
  }
  return out;
}

const N = 100_000;
const TIMES = times(N);
const noop = (): void => {};
const dueClock = { timefunc: () => 1e9, delayfunc: noop };

function filled(n: number, source: Float64Array): scheduler {
  const s = new scheduler(dueClock);
  for (let i = 0; i < n; i++) s.enterabs(source[i]!, 1, noop);
  return s;
}

Deno.bench("Array.prototype.sort of 100k records", {
  group: "sched 100k events",
  baseline: true,
}, () => {
  const records = [];
  for (let i = 0; i < N; i++) {
    records.push({ time: TIMES[i]!, priority: 1, sequence: i });
  }
  records.sort((a, b) =>
    (a.time - b.time) || (a.priority - b.priority) || (a.sequence - b.sequence)
  );
});

Deno.bench("scheduler.enterabs() x 100k", {
  group: "sched 100k events",
}, () => {
  filled(N, TIMES)[Symbol.dispose]();
});

Deno.bench("scheduler.runSync() of 100k due events", {
  group: "sched 100k events",
}, (b) => {
  const s = filled(N, TIMES);
  b.start();
  s.runSync();
  b.end();
});

Deno.bench("scheduler.run() of 100k due events", {
  group: "sched 100k events",
}, async (b) => {
  const s = filled(N, TIMES);
  b.start();
  await s.run();
  b.end();
});

Deno.bench("scheduler.cancel() x 100k", {
  group: "sched 100k events",
}, (b) => {
  const s = new scheduler(dueClock);
  const events = [];
  for (let i = 0; i < N; i++) events.push(s.enterabs(TIMES[i]!, 1, noop));
  b.start();
  for (let i = N - 1; i >= 0; i -= 2) s.cancel(events[i]!);
  for (let i = N - 2; i >= 0; i -= 2) s.cancel(events[i]!);
  b.end();
});

// enter is O(log n): per event it costs about the same at 10k, 100k and 1M.
// At 1M the time is mostly V8 allocating a million live objects, so each
// size is measured against allocating the same Events into a plain array.
const BIG = times(1_000_000);
for (const n of [10_000, 100_000, 1_000_000]) {
  const group = `sched enterabs x ${n.toLocaleString("en")}`;
  const iterations = n === 1_000_000 ? 10 : 1_000_000 / n * 5;
  Deno.bench(`new Event() x ${n.toLocaleString("en")} into an array`, {
    group,
    baseline: true,
    n: iterations,
  }, () => {
    const events = [];
    for (let i = 0; i < n; i++) {
      events.push(new Event(BIG[i]!, 1, i, noop, [], undefined));
    }
  });
  Deno.bench(`scheduler.enterabs() x ${n.toLocaleString("en")}`, {
    group,
    n: iterations,
  }, () => {
    filled(n, BIG)[Symbol.dispose]();
  });
}
