// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Sharing state between processes" /
// Shared memory (Value and Array)
// deno run --allow-read --allow-env --allow-run --allow-ffi examples/python_docs/multiprocessing_value_array.ts
// A direct port: arr[:] is a copy of the array's items.
//
// The Python original:
//
//     from multiprocessing import Process, Value, Array
//
//     def f(n, a):
//         n.value = 3.1415927
//         for i in range(len(a)):
//             a[i] = -a[i]
//
//     if __name__ == '__main__':
//         num = Value('d', 0.0)
//         arr = Array('i', range(10))
//
//         p = Process(target=f, args=(num, arr))
//         p.start()
//         p.join()
//
//         print(num.value)
//         print(arr[:])
import { Array, Process, Value } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export function f(n: Value<"d">, a: Array<"i">): void {
  n.value = 3.1415927;
  for (let i = 0; i < a.length; i++) {
    a.array[i] = -a.array[i]!;
  }
}

if (import.meta.main) {
  const num = new Value("d", 0.0);
  // deno-lint-ignore no-array-constructor -- multiprocessing.Array
  const arr = new Array("i", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  const p = new Process({ target: f, args: [num, arr] });
  p.start();
  await p.join();

  print(num.value);
  print([...arr.array]);
}
