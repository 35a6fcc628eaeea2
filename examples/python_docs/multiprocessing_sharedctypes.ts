// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Shared ctypes Objects" /
// The multiprocessing.sharedctypes module (the modify() example)
// deno run --allow-read --allow-env --allow-run --allow-ffi examples/python_docs/multiprocessing_sharedctypes.ts
// Adapted: ctypes has no counterpart, so c_double is the typecode "d" and
// the array of Point structures (x, y: c_double) an Array("d") of the
// points' coordinates in turn; tuples are arrays, and JavaScript prints
// the double 4.0 as 4. s.value.upper() is the bytes upper-cased.
//
// The Python original:
//
//     from multiprocessing import Process, Lock
//     from multiprocessing.sharedctypes import Value, Array
//     from ctypes import Structure, c_double
//
//     class Point(Structure):
//         _fields_ = [('x', c_double), ('y', c_double)]
//
//     def modify(n, x, s, A):
//         n.value **= 2
//         x.value **= 2
//         s.value = s.value.upper()
//         for a in A:
//             a.x **= 2
//             a.y **= 2
//
//     if __name__ == '__main__':
//         lock = Lock()
//
//         n = Value('i', 7)
//         x = Value(c_double, 1.0/3.0, lock=False)
//         s = Array('c', b'hello world', lock=lock)
//         A = Array(Point, [(1.875,-6.25), (-5.75,2.0), (2.375,9.5)], lock=lock)
//
//         p = Process(target=modify, args=(n, x, s, A))
//         p.start()
//         p.join()
//
//         print(n.value)
//         print(x.value)
//         print(s.value)
//         print([(a.x, a.y) for a in A])
import { Array, Lock, Process, Value } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

const upper = (bytes: Uint8Array): Uint8Array =>
  new TextEncoder().encode(new TextDecoder().decode(bytes).toUpperCase());

export function modify(
  n: Value<"i">,
  x: Value<"d">,
  s: { value: Uint8Array },
  A: Array<"d">,
): void {
  n.value **= 2;
  x.value **= 2;
  s.value = upper(s.value);
  for (let i = 0; i < A.length; i++) {
    A.array[i]! **= 2;
  }
}

if (import.meta.main) {
  const lock = new Lock();

  const n = new Value("i", 7);
  const x = new Value("d", 1.0 / 3.0, { lock: false });
  // deno-lint-ignore no-array-constructor -- multiprocessing.Array
  const s = new Array(
    "c",
    new TextEncoder().encode("hello world"),
    { lock },
  );
  // deno-lint-ignore no-array-constructor -- multiprocessing.Array
  const A = new Array("d", [1.875, -6.25, -5.75, 2.0, 2.375, 9.5], { lock });

  const p = new Process({ target: modify, args: [n, x, s, A] });
  p.start();
  await p.join();

  print(n.value);
  print(x.value);
  print(s.value);
  print([0, 1, 2].map((i) => [A.array[2 * i], A.array[2 * i + 1]]));
}
