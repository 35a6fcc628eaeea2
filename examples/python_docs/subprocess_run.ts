// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: subprocess -- "Using the subprocess Module" / run (the
// interactive examples)
// deno run --allow-run examples/python_docs/subprocess_run.ts
// Adapted: the session echoes each result's repr, here printed; the
// traceback is caught and printed; the first ls -l lists /dev/null (the
// docs list the working directory, whose listing changes).
//
// The Python original:
//
//     # The docs' interactive session, as a script: each result is printed
//     # (the session echoes its repr), the traceback caught. The first call's
//     # `ls -l` lists /dev/null (the docs list the working directory, whose
//     # listing changes).
//     import subprocess
//
//     print(repr(subprocess.run(["ls", "-l", "/dev/null"])))  # doesn't capture output
//
//     try:
//         subprocess.run("exit 1", shell=True, check=True)
//     except subprocess.CalledProcessError as e:
//         print('subprocess.CalledProcessError:', e)
//
//     print(repr(subprocess.run(["ls", "-l", "/dev/null"], capture_output=True)))
import { CalledProcessError, run } from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { print, repr } from "./_print.ts";

print(repr(await run(["ls", "-l", "/dev/null"]))); // doesn't capture output

try {
  await run("exit 1", { shell: true, check: true });
} catch (e) {
  if (!(e instanceof CalledProcessError)) throw e;
  print("subprocess.CalledProcessError:", e.message);
}

print(repr(await run(["ls", "-l", "/dev/null"], { captureOutput: true })));
