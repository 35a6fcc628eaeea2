// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: concurrent.futures -- "Executor Objects" / shutdown (copying
// four files with shutil.copy in a with block)
// deno run --allow-read --allow-env --allow-write=/tmp examples/python_docs/futures_shutdown_copy.ts
// Adapted: the docs copy src1.txt ... src4.txt of the working directory;
// here (as in the Python original below) they are made first in a new
// temporary directory, and the directory is listed after. shutil.copy is
// Deno.copyFileSync, which crosses to the threads by its global name.
//
// The Python original:
//
//     # The docs copy src1.txt ... src4.txt of the working directory; here they
//     # are made first in a new temporary directory, and the copies listed after.
//     import os
//     import shutil
//     import tempfile
//     from concurrent.futures import ThreadPoolExecutor
//
//     os.chdir(tempfile.mkdtemp())
//     for i in range(1, 5):
//         with open(f'src{i}.txt', 'w') as f:
//             f.write(f'file {i}\n')
//
//     with ThreadPoolExecutor(max_workers=4) as e:
//         e.submit(shutil.copy, 'src1.txt', 'dest1.txt')
//         e.submit(shutil.copy, 'src2.txt', 'dest2.txt')
//         e.submit(shutil.copy, 'src3.txt', 'dest3.txt')
//         e.submit(shutil.copy, 'src4.txt', 'dest4.txt')
//
//     for name in sorted(os.listdir()):
//         with open(name) as f:
//             print(name, f.read(), end='')
import { ThreadPoolExecutor } from "../../futures/mod.ts"; // jsr:@skein/concurrent/futures
import { print } from "./_print.ts";

if (import.meta.main) {
  Deno.chdir(Deno.makeTempDirSync());
  for (let i = 1; i <= 4; i++) {
    Deno.writeTextFileSync(`src${i}.txt`, `file ${i}\n`);
  }

  {
    await using e = new ThreadPoolExecutor({ maxWorkers: 4 });
    e.submit(Deno.copyFileSync, "src1.txt", "dest1.txt");
    e.submit(Deno.copyFileSync, "src2.txt", "dest2.txt");
    e.submit(Deno.copyFileSync, "src3.txt", "dest3.txt");
    e.submit(Deno.copyFileSync, "src4.txt", "dest4.txt");
  }

  const names = [...Deno.readDirSync(".")].map((entry) => entry.name).sort();
  for (const name of names) {
    print(name, Deno.readTextFileSync(name).replace(/\n$/, ""));
  }
  Deno.removeSync(Deno.cwd(), { recursive: true });
}
