// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: sched -- the scheduler example (print_time, enter, enterabs)
// deno run examples/python_docs/sched_print_times.ts
// Adapted: the docs' delays of 10 and 5 seconds are 1 and 0.5 (the example
// runs in the tests); time.time is the clock of performance.now() and time.sleep an
// async sleep; kwargs={'a': 'keyword'} reaches the action as its last
// argument, an object (JavaScript has no keyword arguments).
//
// The Python original:
//
//     # The docs' delays are 10 and 5 seconds; here 1 and 0.5 (the example runs
//     # in the tests). The enterabs times are in the past, so they run first.
//     import sched, time
//     s = sched.scheduler(time.time, time.sleep)
//     def print_time(a='default'):
//         print("From print_time", time.time(), a)
//
//     def print_some_times():
//         print(time.time())
//         s.enter(1, 1, print_time)
//         s.enter(0.5, 2, print_time, argument=('positional',))
//         # despite having higher priority, 'keyword' runs after 'positional' as enter() is relative
//         s.enter(0.5, 1, print_time, kwargs={'a': 'keyword'})
//         s.enterabs(1_650_000_000, 10, print_time, argument=("first enterabs",))
//         s.enterabs(1_650_000_000, 5, print_time, argument=("second enterabs",))
//         s.run()
//         print(time.time())
//
//     print_some_times()
import { scheduler } from "../../sched/mod.ts"; // jsr:@skein/concurrent/sched
import { print } from "./_print.ts";

// time.time(), in microseconds as Python's (Date.now() counts whole
// milliseconds, which would give 'positional' and 'keyword' one time).
const time = (): number => (performance.timeOrigin + performance.now()) / 1000;
const sleep = (seconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, seconds * 1000));

const s = new scheduler({ timefunc: time, delayfunc: sleep });
function printTime(a: string | { a: string } = "default"): void {
  print("From print_time", time(), typeof a === "string" ? a : a.a);
}

async function printSomeTimes(): Promise<void> {
  print(time());
  s.enter(1, 1, printTime);
  s.enter(0.5, 2, printTime, { argument: ["positional"] });
  // despite having higher priority, 'keyword' runs after 'positional' as enter() is relative
  s.enter(0.5, 1, printTime, { kwargs: { a: "keyword" } });
  s.enterabs(1_650_000_000, 10, printTime, { argument: ["first enterabs"] });
  s.enterabs(1_650_000_000, 5, printTime, { argument: ["second enterabs"] });
  await s.run();
  print(time());
}

await printSomeTimes();
