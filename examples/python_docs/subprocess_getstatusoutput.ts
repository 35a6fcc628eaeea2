// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: subprocess -- "Legacy Shell Invocation Functions" /
// getstatusoutput and getoutput
// deno run --allow-run examples/python_docs/subprocess_getstatusoutput.ts
// Adapted: the session echoes each result's repr, here printed; the
// (status, output) tuple is an array. /bin/junk's message is the shell's
// own ("/bin/sh: 1: /bin/junk: not found" from dash, where the docs show
// "sh: /bin/junk: not found").
//
// The Python original:
//
//     # The docs' interactive session, as a script (the session echoes each
//     # result's repr). /bin/junk's message is the shell's own: dash says
//     # "sh: 1: /bin/junk: not found" where the docs show "sh: /bin/junk: not found".
//     import subprocess
//
//     print(repr(subprocess.getstatusoutput('ls /bin/ls')))
//     print(repr(subprocess.getstatusoutput('cat /bin/junk')))
//     print(repr(subprocess.getstatusoutput('/bin/junk')))
//     print(repr(subprocess.getstatusoutput('/bin/kill $')))
//     print(repr(subprocess.getoutput('ls /bin/ls')))
import * as subprocess from "../../subprocess/mod.ts"; // jsr:@skein/concurrent/subprocess
import { print, repr } from "./_print.ts";

print(repr(await subprocess.getstatusoutput("ls /bin/ls")));
print(repr(await subprocess.getstatusoutput("cat /bin/junk")));
print(repr(await subprocess.getstatusoutput("/bin/junk")));
print(repr(await subprocess.getstatusoutput("/bin/kill $$")));
print(repr(await subprocess.getoutput("ls /bin/ls")));
