// Copyright 2026 the @skein/concurrent authors. MIT license.
// A tour of @skein/concurrent: run it first with
//   npx -y deno@2.9.6 task demo
// Each section shows one module; the whole tour takes under two seconds.
import { sched } from "../mod.ts";

const started = performance.now();
const elapsed = (): string =>
  `${((performance.now() - started) / 1000).toFixed(2)}s`;

console.log("== sched: an event scheduler, as Python's sched ==");
{
  using s = new sched.scheduler();
  const say = (what: string): void => console.log(`  ${elapsed()}  ${what}`);
  const now = s.timefunc(); // monotonic seconds
  // Events run by time; at equal times the lower priority number goes first.
  s.enterabs(now + 0.3, 1, say, { argument: ["third (0.3s, priority 1)"] });
  s.enterabs(now + 0.1, 1, say, { argument: ["first (0.1s)"] });
  s.enterabs(now + 0.3, 0, say, { argument: ["second (0.3s, priority 0)"] });
  const dropped = s.enter(0.2, 1, say, { argument: ["never printed"] });
  s.cancel(dropped);
  // An action may schedule more work while the scheduler runs.
  s.enter(0.4, 1, () => {
    say("fourth, which schedules a fifth");
    s.enter(0.1, 1, say, { argument: ["fifth (entered during run)"] });
  });
  console.log(`  queued: ${s.queue.length} events`);
  await s.run();
}
console.log(`done in ${elapsed()}`);
