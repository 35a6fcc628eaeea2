// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: subprocess -- "Replacing Older Functions with the subprocess
// Module" / Replacing shell pipeline
// deno run --allow-run examples/python_docs/subprocess_pipeline.ts
// Adapted: dmesg needs privileges and its output changes, so printf prints
// a fixed log (the Python original below does the same). Python's
// `p1.stdout.close()` is `await p1.closeStdout()`: the stream was handed to
// p2, which now owns it, so this process closes its side through p1.
//
// The Python original:
//
//     # "Replacing shell pipeline": output=$(dmesg | grep hda). dmesg needs
//     # privileges and its output changes, so printf prints a fixed log.
//     from subprocess import Popen, PIPE
//
//     p1 = Popen(["printf", "hda: disk\\nsda: disk\\nhda1: part\\n"], stdout=PIPE)
//     p2 = Popen(["grep", "hda"], stdin=p1.stdout, stdout=PIPE)
//     p1.stdout.close()  # Allow p1 to receive a SIGPIPE if p2 exits.
//     output = p2.communicate()[0]
//     print(output)
import { PIPE, Popen } from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { print } from "./_print.ts";

const p1 = new Popen(["printf", "hda: disk\\nsda: disk\\nhda1: part\\n"], {
  stdout: PIPE,
});
const p2 = new Popen(["grep", "hda"], { stdin: p1.stdout!, stdout: PIPE });
await p1.closeStdout(); // Allow p1 to receive a SIGPIPE if p2 exits.
const output = (await p2.communicate())[0];
print(output);
