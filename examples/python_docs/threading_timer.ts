// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: threading -- "Timer Objects"
// deno run examples/python_docs/threading_timer.ts
// Adapted: the docs wait 30 seconds; here 0.1 (the example runs in the
// tests). Module globals: a Timer runs its function on the event loop of
// the thread that started it, so `hello` could use this module's globals;
// a Thread's target could not (each thread imports the module anew and has
// its own globals: shared objects are passed to it as arguments).
//
// The Python original:
//
//     # The docs wait 30 seconds; here 0.1 (the example runs in the tests).
//     from threading import Timer
//
//     def hello():
//         print("hello, world")
//
//     t = Timer(0.1, hello)
//     t.start()  # after 0.1 seconds, "hello, world" will be printed
import { Timer } from "../../threading/mod.ts"; // jsr:@skein/concurrent/threading
import { print } from "./_print.ts";

function hello(): void {
  print("hello, world");
}

const t = new Timer(0.1, hello);
t.start(); // after 0.1 seconds, "hello, world" will be printed
