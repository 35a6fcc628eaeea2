// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: multiprocessing -- "Managers" / Customized managers
// (MathsClass)
// deno run --allow-read --allow-env --allow-run --allow-net=127.0.0.1 examples/python_docs/multiprocessing_custom_manager.ts
// Adapted: JavaScript cannot add a typed method per registered type, so
// manager.Maths() is manager.create("Maths") (the README's mapping), and a
// proxy's methods return promises.
//
// The Python original:
//
//     from multiprocessing.managers import BaseManager
//
//     class MathsClass:
//         def add(self, x, y):
//             return x + y
//         def mul(self, x, y):
//             return x * y
//
//     class MyManager(BaseManager):
//         pass
//
//     MyManager.register('Maths', MathsClass)
//
//     if __name__ == '__main__':
//         with MyManager() as manager:
//             maths = manager.Maths()
//             print(maths.add(4, 3))         # prints 7
//             print(maths.mul(7, 8))         # prints 56
import { BaseManager } from "../../multiprocessing/mod.ts"; // jsr:@skein/concurrent/multiprocessing
import { print } from "./_print.ts";

export class MathsClass {
  add(x: number, y: number): number {
    return x + y;
  }
  mul(x: number, y: number): number {
    return x * y;
  }
}

export class MyManager extends BaseManager {}

MyManager.register("Maths", MathsClass);

if (import.meta.main) {
  await using manager = new MyManager();
  await manager.start();
  const maths = await manager.create<MathsClass>("Maths");
  print(await maths.add(4, 3)); // prints 7
  print(await maths.mul(7, 8)); // prints 56
}
