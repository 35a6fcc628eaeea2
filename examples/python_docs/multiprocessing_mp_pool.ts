// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Examples" / Doc/includes/mp_pool.py
// (apply_async, imap, imap_unordered, map, errors, timeouts)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_mp_pool.ts
// Adapted: JavaScript's 1.0 / 0 is Infinity, not an error, so f throws
// an exported ZeroDivisionError where Python's division raises one (it
// crosses back as its class); time.sleep is an async sleep; tuples are
// arrays, formatted as '%s' formats a tuple; sys.stdout.write is
// Deno.stdout.writeSync; IMapIterator.next(timeout) is next({ timeout }).
//
// The Python original:
//
//     import multiprocessing
//     import time
//     import random
//     import sys
//
//     #
//     # Functions used by test code
//     #
//
//     def calculate(func, args):
//         result = func(*args)
//         return '%s says that %s%s = %s' % (
//             multiprocessing.current_process().name,
//             func.__name__, args, result
//             )
//
//     def calculatestar(args):
//         return calculate(*args)
//
//     def mul(a, b):
//         time.sleep(0.5 * random.random())
//         return a * b
//
//     def plus(a, b):
//         time.sleep(0.5 * random.random())
//         return a + b
//
//     def f(x):
//         return 1.0 / (x - 5.0)
//
//     def pow3(x):
//         return x ** 3
//
//     def noop(x):
//         pass
//
//     #
//     # Test code
//     #
//
//     def test():
//         PROCESSES = 4
//         print('Creating pool with %d processes\n' % PROCESSES)
//
//         with multiprocessing.Pool(PROCESSES) as pool:
//             #
//             # Tests
//             #
//
//             TASKS = [(mul, (i, 7)) for i in range(10)] + \
//                     [(plus, (i, 8)) for i in range(10)]
//
//             results = [pool.apply_async(calculate, t) for t in TASKS]
//             imap_it = pool.imap(calculatestar, TASKS)
//             imap_unordered_it = pool.imap_unordered(calculatestar, TASKS)
//
//             print('Ordered results using pool.apply_async():')
//             for r in results:
//                 print('\t', r.get())
//             print()
//
//             print('Ordered results using pool.imap():')
//             for x in imap_it:
//                 print('\t', x)
//             print()
//
//             print('Unordered results using pool.imap_unordered():')
//             for x in imap_unordered_it:
//                 print('\t', x)
//             print()
//
//             print('Ordered results using pool.map() --- will block till complete:')
//             for x in pool.map(calculatestar, TASKS):
//                 print('\t', x)
//             print()
//
//             #
//             # Test error handling
//             #
//
//             print('Testing error handling:')
//
//             try:
//                 print(pool.apply(f, (5,)))
//             except ZeroDivisionError:
//                 print('\tGot ZeroDivisionError as expected from pool.apply()')
//             else:
//                 raise AssertionError('expected ZeroDivisionError')
//
//             try:
//                 print(pool.map(f, list(range(10))))
//             except ZeroDivisionError:
//                 print('\tGot ZeroDivisionError as expected from pool.map()')
//             else:
//                 raise AssertionError('expected ZeroDivisionError')
//
//             try:
//                 print(list(pool.imap(f, list(range(10)))))
//             except ZeroDivisionError:
//                 print('\tGot ZeroDivisionError as expected from list(pool.imap())')
//             else:
//                 raise AssertionError('expected ZeroDivisionError')
//
//             it = pool.imap(f, list(range(10)))
//             for i in range(10):
//                 try:
//                     x = next(it)
//                 except ZeroDivisionError:
//                     if i == 5:
//                         pass
//                 except StopIteration:
//                     break
//                 else:
//                     if i == 5:
//                         raise AssertionError('expected ZeroDivisionError')
//
//             assert i == 9
//             print('\tGot ZeroDivisionError as expected from IMapIterator.next()')
//             print()
//
//             #
//             # Testing timeouts
//             #
//
//             print('Testing ApplyResult.get() with timeout:', end=' ')
//             res = pool.apply_async(calculate, TASKS[0])
//             while 1:
//                 sys.stdout.flush()
//                 try:
//                     sys.stdout.write('\n\t%s' % res.get(0.02))
//                     break
//                 except multiprocessing.TimeoutError:
//                     sys.stdout.write('.')
//             print()
//             print()
//
//             print('Testing IMapIterator.next() with timeout:', end=' ')
//             it = pool.imap(calculatestar, TASKS)
//             while 1:
//                 sys.stdout.flush()
//                 try:
//                     sys.stdout.write('\n\t%s' % it.next(0.02))
//                 except StopIteration:
//                     break
//                 except multiprocessing.TimeoutError:
//                     sys.stdout.write('.')
//             print()
//             print()
//
//
//     if __name__ == '__main__':
//         multiprocessing.freeze_support()
//         test()
import * as multiprocessing from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

type Func = (a: number, b: number) => Promise<number>;
type Task = [Func, [number, number]];

export class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}

const encoder = new TextEncoder();
const sys = {
  stdout: {
    write: (text: string) => Deno.stdout.writeSync(encoder.encode(text)),
    flush: () => {},
  },
};
const range = (n: number): number[] => [...Array(n).keys()];

//
// Functions used by test code
//

export async function calculate(
  func: Func,
  args: [number, number],
): Promise<string> {
  const result = await func(...args);
  return `${multiprocessing.currentProcess().name} says that ${func.name}(${
    args.join(", ")
  }) = ${result}`;
}

export function calculatestar(args: Task): Promise<string> {
  return calculate(...args);
}

const sleep = (seconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export async function mul(a: number, b: number): Promise<number> {
  await sleep(0.5 * Math.random());
  return a * b;
}

export async function plus(a: number, b: number): Promise<number> {
  await sleep(0.5 * Math.random());
  return a + b;
}

export function f(x: number): number {
  if (x - 5.0 === 0) throw new ZeroDivisionError("float division by zero");
  return 1.0 / (x - 5.0);
}

export function pow3(x: number): number {
  return x ** 3;
}

export function noop(_x: unknown): void {
}

//
// Test code
//

async function test(): Promise<void> {
  const PROCESSES = 4;
  print(`Creating pool with ${PROCESSES} processes\n`);

  {
    await using pool = new multiprocessing.Pool(PROCESSES);
    //
    // Tests
    //

    const TASKS: Task[] = [
      ...range(10).map((i): Task => [mul, [i, 7]]),
      ...range(10).map((i): Task => [plus, [i, 8]]),
    ];

    const results = TASKS.map((t) => pool.applyAsync(calculate, t));
    const imapIt = pool.imap(calculatestar, TASKS);
    const imapUnorderedIt = pool.imapUnordered(calculatestar, TASKS);

    print("Ordered results using pool.apply_async():");
    for (const r of results) {
      print("\t", await r.get());
    }
    print();

    print("Ordered results using pool.imap():");
    for await (const x of imapIt) {
      print("\t", x);
    }
    print();

    print("Unordered results using pool.imap_unordered():");
    for await (const x of imapUnorderedIt) {
      print("\t", x);
    }
    print();

    print("Ordered results using pool.map() --- will block till complete:");
    for (const x of await pool.map(calculatestar, TASKS)) {
      print("\t", x);
    }
    print();

    //
    // Test error handling
    //

    print("Testing error handling:");

    try {
      print(await pool.apply(f, [5]));
      throw new Error("expected ZeroDivisionError");
    } catch (e) {
      if (!(e instanceof ZeroDivisionError)) throw e;
      print("\tGot ZeroDivisionError as expected from pool.apply()");
    }

    try {
      print(await pool.map(f, range(10)));
      throw new Error("expected ZeroDivisionError");
    } catch (e) {
      if (!(e instanceof ZeroDivisionError)) throw e;
      print("\tGot ZeroDivisionError as expected from pool.map()");
    }

    try {
      print(await Array.fromAsync(pool.imap(f, range(10))));
      throw new Error("expected ZeroDivisionError");
    } catch (e) {
      if (!(e instanceof ZeroDivisionError)) throw e;
      print("\tGot ZeroDivisionError as expected from list(pool.imap())");
    }

    const it = pool.imap(f, range(10));
    let i = 0;
    for (i of range(10)) {
      let done;
      try {
        ({ done } = await it.next());
      } catch (e) {
        if (!(e instanceof ZeroDivisionError)) throw e;
        continue;
      }
      if (done) break;
      if (i === 5) throw new Error("expected ZeroDivisionError");
    }

    if (i !== 9) throw new Error("assert i == 9");
    print("\tGot ZeroDivisionError as expected from IMapIterator.next()");
    print();

    //
    // Testing timeouts
    //

    sys.stdout.write("Testing ApplyResult.get() with timeout: ");
    const res = pool.applyAsync(calculate, TASKS[0]!);
    while (true) {
      sys.stdout.flush();
      try {
        sys.stdout.write(`\n\t${await res.get({ timeout: 0.02 })}`);
        break;
      } catch (e) {
        if (!(e instanceof multiprocessing.TimeoutError)) throw e;
        sys.stdout.write(".");
      }
    }
    print();
    print();

    sys.stdout.write("Testing IMapIterator.next() with timeout: ");
    const it2 = pool.imap(calculatestar, TASKS);
    while (true) {
      sys.stdout.flush();
      try {
        // pending: issue #18 item 3, next({ timeout })
        const { value, done } = await it2.next({ timeout: 0.02 });
        if (done) break;
        sys.stdout.write(`\n\t${value}`);
      } catch (e) {
        if (!(e instanceof multiprocessing.TimeoutError)) throw e;
        sys.stdout.write(".");
      }
    }
    print();
    print();
  }
}

if (import.meta.main) {
  await test();
}
