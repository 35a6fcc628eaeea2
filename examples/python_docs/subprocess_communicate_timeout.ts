// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: subprocess -- "Popen Objects" / communicate (kill on a
// timeout, then finish communicating)
// deno run --allow-run examples/python_docs/subprocess_communicate_timeout.ts
// Adapted: the docs leave the command open; here (as in the Python
// original below) sleep 10 with a timeout of 0.2 s instead of 15, and the
// results printed.
//
// The Python original:
//
//     # Popen.communicate: kill the child on a timeout, then finish the
//     # communication. The docs leave the command open; here `sleep 10`, and a
//     # timeout of 0.2 s instead of 15.
//     import subprocess
//     from subprocess import TimeoutExpired
//
//     proc = subprocess.Popen(["sleep", "10"], stdout=subprocess.PIPE)
//     try:
//         outs, errs = proc.communicate(timeout=0.2)
//     except TimeoutExpired:
//         proc.kill()
//         outs, errs = proc.communicate()
//     print(outs, errs, proc.returncode)
import * as subprocess from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { TimeoutExpired } from "../../subprocess/mod.ts";
import { print } from "./_print.ts";

const proc = new subprocess.Popen(["sleep", "10"], {
  stdout: subprocess.PIPE,
});
let outs;
let errs;
try {
  [outs, errs] = await proc.communicate({ timeout: 0.2 });
} catch (e) {
  if (!(e instanceof TimeoutExpired)) throw e;
  proc.kill();
  [outs, errs] = await proc.communicate();
}
print(outs, errs, proc.returncode);
