// Copyright 2026 the @skein/concurrent authors. MIT license.
// Imported before test modules, makes the tests they register run again
// with the forkserver start method (see forkserver_core_test.ts): each
// under its name + " [forkserver]", with one spare started first and the
// spares ended after (Deno's sanitizers count a spare as a running child).
// Tests of what only "spawn" does are left out, and, to keep CI short,
// those whose children are started by a program the test runs (that
// program's start method is its own) or that check what a pool does with
// its calls rather than how its workers start, or that start no child.
import {
  setForkserverSpares,
  setStartMethod,
} from "@skein/concurrent/multiprocessing";

const SPAWN_ONLY = [
  /^start methods/, // checks the default, "spawn"
  /SpawnPoolWorker/, // forkserver workers are ForkServerPoolWorker-N
  /parent's flags|unguarded main module|outlives its parent|without --allow-ffi/,
  /imap|IMapIterator|callbacks|AsyncResult|another shape|processes first/,
  // CPython's cases (cpython_*_test.ts) that start no child:
  /_TestProcess\.test_daemon_argument|_TestQueue\.test_(qsize|no_import|timeout|queue_feeder)/,
  /_TestConnection\.test_(duplex_false|sendbytes|context)|test_empty_string/,
];

const register = Deno.test;

type Fn = (t: Deno.TestContext) => void | Promise<void>;

function definition(args: unknown[]): Deno.TestDefinition {
  const fn = args.at(-1) as Fn;
  if (args.length === 1 && typeof args[0] === "object") {
    return args[0] as Deno.TestDefinition;
  }
  if (args.length === 1) return { name: fn.name, fn };
  const [first, second] = args;
  const options = (typeof first === "object" ? first : second) ?? {};
  const name = typeof first === "string" ? first : fn.name;
  return { ...(options as object), name, fn };
}

function forkserverTest(...args: unknown[]): void {
  const test = definition(args);
  if (SPAWN_ONLY.some((pattern) => pattern.test(test.name))) return;
  register({
    ...test,
    name: `${test.name} [forkserver]`,
    fn: async (t) => {
      setStartMethod("forkserver", { force: true });
      await setForkserverSpares(1);
      try {
        await test.fn(t);
      } finally {
        await setForkserverSpares(0);
        setStartMethod(null, { force: true });
      }
    },
  });
}

Object.assign(forkserverTest, { ignore: register.ignore, only: register.only });
Object.defineProperty(Deno, "test", { value: forkserverTest });
