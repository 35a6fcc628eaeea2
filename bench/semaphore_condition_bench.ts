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

const startThread = (target: (...args: never[]) => void) =>
(
  ...args: unknown[]
): void => {
  new threading.Thread({
    target: target as (...args: unknown[]) => void,
    args,
    daemon: true,
  }).start();
};

const threadSems = await semaphores(
  (ping, pong) => startThread(pongSemaphores)(ping, pong, FOREVER),
  threading.Semaphore,
);
for (const sync of [false, true]) {
  Deno.bench(
    `Semaphore: release + ${
      sync ? "acquireSync()" : "await acquire()"
    } x ${ROUNDS}`,
    { group: THREADS, n: 20, warmup: 2 },
    async () => await semaphoreRounds(threadSems, sync),
  );
}

const threadConds = await conditions((cond) => {
  const cells = new Int32Array(new SharedArrayBuffer(4));
  startThread(pongConditionCells)(cond, cells, FOREVER);
  return {
    get value() {
      return Atomics.load(cells, 0);
    },
    set value(v: number) {
      Atomics.store(cells, 0, v);
    },
  };
}, threading.Condition);
for (const sync of [false, true]) {
  Deno.bench(
    `Condition: notify + ${
      sync ? "waitForSync()" : "await waitFor()"
    } x ${ROUNDS}`,
    { group: THREADS, n: 20, warmup: 2 },
    async () => await conditionRounds(threadConds, sync),
  );
}

// Processes.

const rawEcho = new Deno.Command(Deno.execPath(), {
  args: ["run", new URL("./fixtures/raw_echo.ts", import.meta.url).pathname],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const rawWriter = rawEcho.stdin.getWriter();
const rawReader = rawEcho.stdout.getReader();

Deno.bench(`raw: 1-byte stdin/stdout echo x ${ROUNDS}`, {
  group: PROCESSES,
  baseline: true,
  n: 5,
  warmup: 1,
}, async () => {
  const frame = new Uint8Array([1, 0, 0, 0, 7]);
  for (let i = 0; i < ROUNDS; i++) {
    await rawWriter.write(frame);
    let got = 0;
    while (got < frame.length) got += (await rawReader.read()).value!.length;
  }
});

// A child blocked in a futex wait would outlive this process: killed at
// unload.
const children: mp.Process[] = [];
const startChild = (target: (...args: never[]) => void) =>
(
  ...args: unknown[]
): void => {
  const child = new mp.Process({
    target: target as (...args: unknown[]) => void,
    args,
    daemon: true,
  });
  child.start();
  children.push(child);
};

const processSems = await semaphores(
  (ping, pong) => startChild(pongSemaphores)(ping, pong, FOREVER),
  mp.Semaphore,
);
for (const sync of [false, true]) {
  Deno.bench(
    `Semaphore: release + ${
      sync ? "acquireSync()" : "await acquire()"
    } x ${ROUNDS}`,
    { group: PROCESSES, n: 5, warmup: 1 },
    async () => await semaphoreRounds(processSems, sync),
  );
}

const processConds = await conditions((cond) => {
  const turn = new mp.RawValue("i", 0);
  startChild(pongCondition)(cond, turn, FOREVER);
  return turn;
}, mp.Condition);
for (const sync of [false, true]) {
  Deno.bench(
    `Condition: notify + ${
      sync ? "waitForSync()" : "await waitFor()"
    } x ${ROUNDS}`,
    { group: PROCESSES, n: 5, warmup: 1 },
    async () => await conditionRounds(processConds, sync),
  );
}

globalThis.addEventListener("unload", () => {
  rawEcho.kill();
  for (const child of children) child.kill();
  closeIdleWorkers();
});
