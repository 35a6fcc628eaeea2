// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Examples" / Doc/includes/mp_workers.py
// (worker processes fed by one Queue, results from another)
// deno run --allow-read --allow-env --allow-run examples/python_docs/multiprocessing_mp_workers.ts
// A direct port: iter(input.get, 'STOP') is a loop until 'STOP'; the
// tuples are arrays, and '%s%s' % (name, args) formats them as Python's
// str of a tuple; freeze_support() has no counterpart (nothing is frozen).
//
// The Python original:
//
//     import time
//     import random
//
//     from multiprocessing import Process, Queue, current_process, freeze_support
//
//     #
//     # Function run by worker processes
//     #
//
//     def worker(input, output):
//         for func, args in iter(input.get, 'STOP'):
//             result = calculate(func, args)
//             output.put(result)
//
//     #
//     # Function used to calculate result
//     #
//
//     def calculate(func, args):
//         result = func(*args)
//         return '%s says that %s%s = %s' % \
//             (current_process().name, func.__name__, args, result)
//
//     #
//     # Functions referenced by tasks
//     #
//
//     def mul(a, b):
//         time.sleep(0.5*random.random())
//         return a * b
//
//     def plus(a, b):
//         time.sleep(0.5*random.random())
//         return a + b
//
//     #
//     #
//     #
//
//     def test():
//         NUMBER_OF_PROCESSES = 4
//         TASKS1 = [(mul, (i, 7)) for i in range(20)]
//         TASKS2 = [(plus, (i, 8)) for i in range(10)]
//
//         # Create queues
//         task_queue = Queue()
//         done_queue = Queue()
//
//         # Submit tasks
//         for task in TASKS1:
//             task_queue.put(task)
//
//         # Start worker processes
//         for i in range(NUMBER_OF_PROCESSES):
//             Process(target=worker, args=(task_queue, done_queue)).start()
//
//         # Get and print results
//         print('Unordered results:')
//         for i in range(len(TASKS1)):
//             print('\t', done_queue.get())
//
//         # Add more tasks using `put()`
//         for task in TASKS2:
//             task_queue.put(task)
//
//         # Get and print some more results
//         for i in range(len(TASKS2)):
//             print('\t', done_queue.get())
//
//         # Tell child processes to stop
//         for i in range(NUMBER_OF_PROCESSES):
//             task_queue.put('STOP')
//
//
//     if __name__ == '__main__':
//         freeze_support()
//         test()
import { currentProcess, Process, Queue } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

type Task = [(a: number, b: number) => Promise<number>, [number, number]];

//
// Function run by worker processes
//

export async function worker(
  input: Queue<Task | "STOP">,
  output: Queue<string>,
): Promise<void> {
  for (
    let task = await input.get();
    task !== "STOP";
    task = await input.get()
  ) {
    const [func, args] = task;
    const result = await calculate(func, args);
    await output.put(result);
  }
}

//
// Function used to calculate result
//

async function calculate(
  func: Task[0],
  args: Task[1],
): Promise<string> {
  const result = await func(...args);
  return `${currentProcess().name} says that ${func.name}(${
    args.join(", ")
  }) = ${result}`;
}

//
// Functions referenced by tasks
//

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

//
//
//

async function test(): Promise<void> {
  const NUMBER_OF_PROCESSES = 4;
  const TASKS1: Task[] = [...Array(20).keys()].map((i) => [mul, [i, 7]]);
  const TASKS2: Task[] = [...Array(10).keys()].map((i) => [plus, [i, 8]]);

  // Create queues
  const taskQueue = new Queue<Task | "STOP">();
  const doneQueue = new Queue<string>();

  // Submit tasks
  for (const task of TASKS1) {
    await taskQueue.put(task);
  }

  // Start worker processes
  for (let i = 0; i < NUMBER_OF_PROCESSES; i++) {
    new Process({ target: worker, args: [taskQueue, doneQueue] }).start();
  }

  // Get and print results
  print("Unordered results:");
  for (let i = 0; i < TASKS1.length; i++) {
    print("\t", await doneQueue.get());
  }

  // Add more tasks using `put()`
  for (const task of TASKS2) {
    await taskQueue.put(task);
  }

  // Get and print some more results
  for (let i = 0; i < TASKS2.length; i++) {
    print("\t", await doneQueue.get());
  }

  // Tell child processes to stop
  for (let i = 0; i < NUMBER_OF_PROCESSES; i++) {
    await taskQueue.put("STOP");
  }
}

if (import.meta.main) {
  await test();
}
