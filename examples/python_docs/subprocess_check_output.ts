// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: subprocess -- "Older high-level API" / check_output (the
// interactive examples)
// deno run --allow-run examples/python_docs/subprocess_check_output.ts
// A direct port of the session as a script: each result's repr printed
// (the session echoes it), the traceback caught and printed.
//
// The Python original:
//
//     # The docs' interactive session, as a script (the session echoes each
//     # result's repr; the traceback is caught and printed).
//     import subprocess
//
//     print(repr(subprocess.check_output(["echo", "Hello World!"])))
//     print(repr(subprocess.check_output(["echo", "Hello World!"], text=True)))
//     try:
//         subprocess.check_output("exit 1", shell=True)
//     except subprocess.CalledProcessError as e:
//         print('subprocess.CalledProcessError:', e)
//     print(repr(subprocess.check_output(
//         "ls non_existent_file; exit 0",
//         stderr=subprocess.STDOUT,
//         shell=True)))
import {
  CalledProcessError,
  checkOutput,
  STDOUT,
} from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { print, repr } from "./_print.ts";

print(repr(await checkOutput(["echo", "Hello World!"])));
print(repr(await checkOutput(["echo", "Hello World!"], { text: true })));
try {
  await checkOutput("exit 1", { shell: true });
} catch (e) {
  if (!(e instanceof CalledProcessError)) throw e;
  print("subprocess.CalledProcessError:", e.message);
}
print(repr(
  await checkOutput(
    "ls non_existent_file; exit 0",
    { stderr: STDOUT, shell: true },
  ),
));
