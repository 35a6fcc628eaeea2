// Copyright 2026 the @skein/concurrent authors. MIT license.
// Semaphore and Condition ping-pong between two threads and between two
// processes, against the raw platform: Atomics.wait/waitAsync on a
// SharedArrayBuffer (threads), bytes echoed through a child's stdin and
// stdout (processes). The other side of each ping-pong runs until this
// process exits (deno bench may run more iterations than asked).
import * as threading from "@skein/concurrent/threading";
import * as mp from "@skein/concurrent/multiprocessing";
import { closeIdleWorkers } from "../_internal/worker_pool.ts";
import { pongRaw } from "./fixtures/targets.ts";
import {
  pongCondition,
  pongConditionCells,
  pongSemaphores,
} from "./fixtures/semaphore_condition_targets.ts";
import { rawEcho } from "./fixtures/raw_echo_client.ts";

threading.registerModule(new URL("./fixtures/targets.ts", import.meta.url));
threading.registerModule(
  new URL("./fixtures/semaphore_condition_targets.ts", import.meta.url),
);

const ROUNDS = 1000;
const FOREVER = Number.MAX_SAFE_INTEGER;
const THREADS = "ping-pong, 2 threads";
const PROCESSES = "ping-pong, 2 processes";

interface Sem {
  acquire(): Promise<boolean>;
  acquireSync(): boolean;
  release(): void;
}

interface Cond extends Sem {
  waitFor<T>(predicate: () => T): Promise<T>;
  waitForSync<T>(predicate: () => T): T;
  notify(): void;
}

// Starts the other side, then one round trip so that it is running.
async function semaphores(
  start: (ping: Sem, pong: Sem) => void,
  Semaphore: new (value: number) => Sem,
): Promise<{ ping: Sem; pong: Sem }> {
  const ping = new Semaphore(0);
  const pong = new Semaphore(0);
  start(ping, pong);
  ping.release();
  await pong.acquire();
  return { ping, pong };
}

async function conditions(
  start: (cond: Cond) => { value: number },
  Condition: new () => Cond,
): Promise<{ cond: Cond; turn: { value: number } }> {
  const cond = new Condition();
  const turn = start(cond);
  await cond.acquire();
  turn.value = 1;
  cond.notify();
  await cond.waitFor(() => turn.value === 0);
  cond.release();
  return { cond, turn };
}

async function semaphoreRounds(
  { ping, pong }: { ping: Sem; pong: Sem },
  sync: boolean,
): Promise<void> {
  for (let i = 0; i < ROUNDS; i++) {
    ping.release();
    if (sync) pong.acquireSync();
    else await pong.acquire();
  }
}

async function conditionRounds(
  { cond, turn }: { cond: Cond; turn: { value: number } },
  sync: boolean,
): Promise<void> {
  if (sync) cond.acquireSync();
  else await cond.acquire();
  for (let i = 0; i < ROUNDS; i++) {
    turn.value = 1;
    cond.notify();
    if (sync) cond.waitForSync(() => turn.value === 0);
    else await cond.waitFor(() => turn.value === 0);
  }
  cond.release();
}

// Threads.

const raw = new Int32Array(new SharedArrayBuffer(8));
new threading.Thread({ target: pongRaw, args: [raw, FOREVER], daemon: true })
  .start();

Deno.bench(`raw: Atomics.notify + waitAsync round trip x ${ROUNDS}`, {
  group: THREADS,
  baseline: true,
  n: 20,
  warmup: 2,
}, async () => {
  for (let i = 0; i < ROUNDS; i++) {
    Atomics.store(raw, 0, 1);
    Atomics.notify(raw, 0);
    while (Atomics.load(raw, 1) === 0) {
      const wait = Atomics.waitAsync(raw, 1, 0);
      if (wait.async) await wait.value;
    }
    Atomics.store(raw, 1, 0);
  }
});

// The four benches of one group: Semaphore and Condition, sync and async,
// against the other side started by `start`. `turn` makes the condition's
// shared turn word and names the other side's target that uses it.
async function pingPongs(
  group: string,
  options: { n: number; warmup: number },
  start: (target: (...args: never[]) => void, ...args: unknown[]) => void,
  classes: { Semaphore: new (value: number) => Sem; Condition: new () => Cond },
  turn: () => [{ value: number }, unknown, (...args: never[]) => void],
): Promise<void> {
  const sems = await semaphores(
    (ping, pong) => start(pongSemaphores, ping, pong, FOREVER),
    classes.Semaphore,
  );
  const conds = await conditions((cond) => {
    const [word, arg, target] = turn();
    start(target, cond, arg, FOREVER);
    return word;
  }, classes.Condition);
  const benches: [string, string, (sync: boolean) => Promise<void>][] = [
    ["Semaphore: release", "acquire", (sync) => semaphoreRounds(sems, sync)],
    ["Condition: notify", "waitFor", (sync) => conditionRounds(conds, sync)],
  ];
  for (const [name, wait, rounds] of benches) {
    for (const sync of [false, true]) {
      const how = sync ? `${wait}Sync()` : `await ${wait}()`;
      Deno.bench(
        `${name} + ${how} x ${ROUNDS}`,
        { group, ...options },
        async () => await rounds(sync),
      );
    }
  }
}

await pingPongs(
  THREADS,
  { n: 20, warmup: 2 },
  (target, ...args) => {
    new threading.Thread({
      target: target as (...args: unknown[]) => void,
      args,
      daemon: true,
    }).start();
  },
  threading,
  () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    const word = {
      get value() {
        return Atomics.load(cells, 0);
      },
      set value(v: number) {
        Atomics.store(cells, 0, v);
      },
    };
    return [word, cells, pongConditionCells];
  },
);

// Processes.

const echo = rawEcho();

Deno.bench(`raw: 1-byte stdin/stdout echo x ${ROUNDS}`, {
  group: PROCESSES,
  baseline: true,
  n: 5,
  warmup: 1,
}, async () => await echo.roundTrips(ROUNDS));

// A child blocked in a futex wait would outlive this process: killed at
// unload.
const children: mp.Process[] = [];
await pingPongs(
  PROCESSES,
  { n: 5, warmup: 1 },
  (target, ...args) => {
    const child = new mp.Process({
      target: target as (...args: unknown[]) => void,
      args,
      daemon: true,
    });
    child.start();
    children.push(child);
  },
  mp,
  () => {
    const turn = new mp.RawValue("i", 0);
    return [turn, turn, pongCondition];
  },
);

globalThis.addEventListener("unload", () => {
  echo.kill();
  for (const child of children) child.kill();
  closeIdleWorkers();
});
