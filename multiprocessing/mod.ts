// Copyright 2026 the @skein/concurrent authors. MIT license.
/**
 * Python's `multiprocessing`, process side: each {@linkcode Process} is a
 * child `deno` running a bootstrap module that imports the target's module
 * (the main module is imported, not run: guard its top level with
 * `if (import.meta.main)`, as Python's `if __name__ == "__main__":`) and
 * calls the target with copies of its arguments. The start method is
 * "spawn" (a new `deno` for each child; the default) or "forkserver" (a
 * spare child started ahead takes the target: see
 * {@linkcode setForkserverSpares}); Deno cannot fork.
 *
 * | Python | here |
 * | --- | --- |
 * | `Process(target=f, args=(1,))` | `new Process({ target: f, args: [1] })` |
 * | `p.start()`, `p.join(timeout)` | `p.start()`, `await p.join({ timeout })`, `p.joinSync()` |
 * | `p.exitcode`, `p.pid`, `p.is_alive()` | `p.exitcode`, `p.pid`, `p.isAlive()` |
 * | (no Python equivalent) a child that exceeds its resources is ended | `new Process({ target, limits: { heapMb, memoryMb, cpuSeconds, wallSeconds } })`; `p.exitcode` stays Python's, `p.endReason` says why it ended: `{ kind: "exit", code }`, `{ kind: "signal", signal }` or `{ kind: "limit", breach }` |
 * | `current_process()`, `parent_process()`, `active_children()` | `currentProcess()`, `parentProcess()`, `activeChildren()` |
 * | `cpu_count()`, `get_context("spawn")` | `cpuCount()`, `getContext("spawn")` |
 * | `set_start_method("forkserver")`, `get_context("forkserver")`, `set_forkserver_preload(names)` | `setStartMethod("forkserver")`, `getContext("forkserver")`, `setForkserverPreload(urls)`; `setForkserverSpares(n)` (no Python equivalent: spares kept ready) |
 * | `ProcessPoolExecutor(mp_context=ctx)` | `new ProcessPoolExecutor({ mpContext: ctx })` |
 * | `a, b = Pipe(duplex)`; `send`, `recv`, `poll(timeout)` | `const [a, b] = Pipe({ duplex })`; `send`, `await recv()`, `await poll({ timeout })` |
 * | `send_bytes`, `recv_bytes`, `recv_bytes_into` | `sendBytes`, `await recvBytes()`, `await recvBytesInto()` |
 * | `Pool(processes, initializer, initargs, maxtasksperchild)` | `new Pool(processes, { initializer, initargs, maxtasksperchild })` or `new Pool({ processes, initializer, ... })` |
 * | `pool.apply(f, args, kwds)`, `map(f, it, chunksize)`, `starmap` | `await pool.apply(f, args, { kwds })`, `await pool.map(f, it, { chunksize })`, `await pool.starmap(...)` |
 * | `apply_async(f, args, kwds, callback, error_callback)`, `map_async`, `starmap_async` | `applyAsync(f, args, { kwds, callback, errorCallback })`, `mapAsync(f, it, { chunksize, callback, errorCallback })`, `starmapAsync`, returning {@linkcode AsyncResult} |
 * | `it = pool.imap(f, xs)`, `imap_unordered`; `it.next(timeout)` | `const it = pool.imap(f, xs)` ({@linkcode IMapIterator}), `imapUnordered`; `for await (const r of it)`, `await it.next({ timeout })` |
 * | `with Pool() as pool:` | `await using pool = new Pool()` |
 * | (none: a running task cannot be stopped; a dead worker's task waits forever) | every `Pool` method that runs tasks takes `signal` and `timeout` ({@linkcode StopOptions}: running tasks' workers are killed and replaced); `new Pool({ limits, maxConsecutiveDeaths })` (a task past a limit fails with {@linkcode ResourceLimitError}) |
 * | `Queue(maxsize)`, `JoinableQueue`, `SimpleQueue` | the same; `await q.put(x)`, `await q.get({ timeout })`, `await q.qsize()`, `await q.taskDone()` |
 * | `Lock`, `RLock`, `Condition`, `Semaphore`, `Event`, `Barrier` | the same, in shared memory; `acquire`/`acquireSync`, `wait`/`waitSync` |
 * | `Value("i", 0)`, `Array("d", 10)`, `get_lock()` | `new Value("i", 0)`, `new Array("d", 10)`, `getLock()` (every typecode of `array`, and `c`) |
 * | `Array("c", b"hi").value`, `.raw`; `Value("c").value == b"\x00"` | `.value`, `.raw` as `Uint8Array`s; a `c` value is a one-byte `Uint8Array`, a `u` one a one-character string |
 * | `a[i]`, `a[:]` | `a.array[i]`, `[...a.array]` (a typed array over the shared memory) |
 * | `with Manager() as m: d = m.dict()` | `await using m = await Manager(); const d = await m.dict()` |
 * | `d[k]`, `d[k] = v`, `l.append(x)`, `ns.x` | `await d.getItem(k)`, `await d.setItem(k, v)`, `await l.append(x)`, `await ns.getAttr("x")` |
 * | `d._callmethod("__len__")`, `print(ns)` (`str(proxy)`), `repr(proxy)` | `await d.callMethod("__len__")`, `console.log(ns)` (`String(ns)`, or `await ns.str()`), `ns.repr()` |
 * | `repr(p)` of a `Process`, `Connection`, `Pool` | `String(p)`, and `console.log(p)` prints the same |
 * | `BaseManager.register(typeid, callable, proxytype, exposed, method_to_typeid, create_method)`, `m.Typeid(...)` | `MyManager.register(typeid, callable, { proxytype, exposed, methodToTypeid, createMethod })`, `await m.create(typeid, ...)` (`m[typeid](...)` too, untyped) |
 * | `class P(BaseProxy): _exposed_ = ...`, `self._callmethod(name, args)`, `proxy._exposed_` | `class P extends BaseProxy { static override _exposed_ = [...] }`, `this._callmethod(name, args)` (`callMethod`), `proxy._exposed_` |
 * | a proxy's `__next__` raising `StopIteration` | `__next__` on a JS generator is its `next()`; the end is {@linkcode StopIteration} |
 * | `m.get_server().serve_forever()`, `m.connect()` (a remote manager) | `await m.getServer().serveForever({ signal })`, `await m.connect()` |
 * | `multiprocessing.connection`: `Listener`, `Client`, `wait` | `@skein/concurrent/multiprocessing/connection` |
 * | `p.sentinel` | `p.sentinel`, a promise that `wait()` takes |
 * | `managers.SharedMemoryManager` | {@linkcode SharedMemoryManager} |
 *
 * What crosses to and from a child follows pickle: data by value;
 * functions by module and name (built-ins such as `Deno.copyFileSync` by
 * their global path); an instance of a class a module exports as that
 * class, rebuilt there from its own fields or from the state its
 * `[toState]()`/`static [fromState]()` pair gives (symbols from the
 * `threading` module); an instance of any other class is a `TypeError` at
 * the call that sends it, naming its path. An error thrown in a child (a
 * pool's task, say) comes back as its own class when a module exports it,
 * as Python unpickles an exception by its class; else as an `Error` with
 * its name, message, stack and fields. As unpickling does, decoding imports
 * the modules of classes and functions and runs their top level: a process
 * decodes only its own pipes, and a manager's connections after the
 * `authkey` handshake.
 *
 * Between processes, {@linkcode Pipe} gives two connected ends; an end
 * passed to a child moves there (two children's ends talk through their
 * parent). {@linkcode Pool} runs tasks on worker processes.
 * {@linkcode Queue}, {@linkcode JoinableQueue} and {@linkcode SimpleQueue}
 * are held by the process that makes them and reached from its children
 * through it; all their methods return promises.
 *
 * A child's stderr is this process's own. Its stdout carries its channel
 * to this process too, so this process passes the child's output on to
 * its own stdout as soon as it reads it: one write of the child (a
 * `console.log`; up to 4 KiB, what a pipe passes whole, as in Python) is
 * one write there, so lines of several children never mix, and a stdout
 * slow to drain holds back the child that writes, as in Python. This process's event loop does the passing:
 * while it is blocked (a `...Sync` wait, a long synchronous loop) the
 * output waits, and a child that writes more than a pipe holds (64 KiB)
 * waits with it. Once this process's stdout has no reader, its children's
 * output is dropped (Python's child would get a `BrokenPipeError`). A
 * child without `--allow-ffi` has no other channel: if it closes
 * `Deno.stdout`, what it sends after is lost and it exits with 1.
 *
 * No child outlives its parent, busy or blocked: every child (a
 * `Process`, a `Pool` or `ProcessPoolExecutor` worker, a manager's server)
 * ends within a second of its parent's death, SIGKILL included, even while
 * it spins in a synchronous loop or waits in `Atomics.wait` (0.1-0.4 s
 * measured on a loaded machine). A child spawned from the program's main
 * isolate, on Linux with `--allow-ffi`, asks the kernel to kill it when
 * its parent dies (`PR_SET_PDEATHSIG`); any other (spawned from a Worker,
 * with whose thread's end the kernel's signal would come, or without
 * `--allow-ffi`) runs a watchdog thread that checks its parent's pid every
 * 100 ms, and starts later by the time a Web Worker takes to start.
 *
 * Deviations: Deno cannot fork, so `"fork"` is a `ValueError` and
 * `"forkserver"` keeps spare children started ahead instead of a server
 * that forks (not the default, unlike Python 3.14: each spare holds about
 * 40 MiB); a subclass overriding `run()` must be exported, and only
 * its own public fields cross; receiving (`recv`, `get`, `poll`) is async
 * only; a child gets its target through this process's event loop, so a
 * `...Sync` wait right after `start()`, before any `await`, waits for a
 * child that cannot begin; Python's assertion errors (starting twice,
 * joining an unstarted process) are `RuntimeError`s; a child denied a
 * permission fails with Deno's `Deno.errors.NotCapable` (its error for a
 * missing grant; `PermissionDenied` is the operating system's); a
 * non-daemon child started from a worker thread ends with that thread
 * (Deno kills the child processes a thread holds when it ends; a daemon,
 * which it does not hold, lives on). A child runs with the flags of this
 * process's command line that load modules (`--config`, `--import-map`,
 * `--check`/`--no-check`, `--v8-flags`, `--unstable-*`, the lock file and
 * where modules come from) and with its permissions, limited grants and
 * denials included. Deno does not show a program its flags: they are read
 * from `/proc` on Linux, which Deno allows under `--allow-all` or through
 * `cat` under `--allow-run`; without them a child gets the permissions
 * granted in full and the config file Deno found (from the main module's
 * folder up where this process may read, else from the working
 * directory). A manager's server listens on loopback TCP by default
 * (Python's default is a Unix socket, which Deno also puts behind
 * `--allow-net`); its objects live until it shuts down (Python frees one
 * with its last proxy); `SyncManager` has no `RLock`, `Condition`,
 * `Barrier` or `Pool` (their owner is the caller's thread, which the
 * server cannot see: use this module's shared-memory ones). When a
 * `Pool`'s worker dies, the task it was running fails with
 * `BrokenProcessPool` (Python's would wait forever); the pool replaces the
 * worker, and the other tasks carry on (until `maxConsecutiveDeaths`
 * deaths in a row break it). A `Pool` call also takes a `signal` and a
 * `timeout` ({@linkcode StopOptions}) that stop its tasks, running ones
 * too (their workers are killed and replaced). A `Pool` method's `kwds` reach
 * the function as one last argument (JavaScript has no keyword
 * arguments). `AsyncResult.get()` and `IMapIterator.next()` throw the
 * package's one `TimeoutError` (Python's `multiprocessing.TimeoutError`
 * is a `ProcessError`). Python's `OSError`s on a closed `Connection` are
 * `ValueError`s. A registered class is constructed with
 * `new`, a function called (as Python's callable); the method that
 * register's `createMethod` adds (`manager[typeid]()`) is unknown to
 * TypeScript, so `create(typeid)` is the typed way; a proxy of a
 * `proxytype` crosses to a child as that class only if a module exports
 * it (else the send is a `TypeError`), and a proxy's `__next__` of a
 * JavaScript iterator is its `next()`. `getServer()` serves in
 * this process (Python's remote manager: other programs `connect()`); its
 * `serveForever()` resolves when its `signal` aborts or a client asks it to
 * shut down (Python's exits the process; Ctrl-C ends the program as
 * usual). A repr's `at 0x...` is an id that is the same for the object's
 * whole life, not an address. `String(proxy)` and `console.log(proxy)`
 * print the referent's repr, as Python's `print(proxy)`: the answer comes
 * from the server, so this thread blocks for the round trip (a worker
 * thread asks while it waits in `Atomics.wait`; at most 10 seconds, then
 * the proxy's repr with `; '__str__()' failed`, as for a gone server); a
 * server listening in this thread is read directly, as it cannot answer
 * a blocked thread. `await proxy.str()` gives the same without blocking.
 * A manager's server is a child whose output passes through the process
 * that started it while its answers come over TCP, so a line it prints in
 * a method can show after that call has returned.
 *
 * @example Start a child and wait for it
 * ```ts
 * import { Process } from "@skein/concurrent/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const p = new Process({ target: () => {} });
 * p.start();
 * await p.join();
 * assert.equal(p.exitcode, 0);
 * assert.equal(p.isAlive(), false);
 * ```
 *
 * @module
 */
export * from "./process.ts";
export * from "./spawn_process.ts";
export * from "./forkserver_process.ts";
export * from "./forkserver.ts";
export * from "./connection/connection.ts";
export * from "./pool.ts";
export * from "./pool_options.ts";
export * from "./async_result.ts";
export * from "./imap_iterator.ts";
export * from "./queues.ts";
export * from "./synchronize.ts";
export * from "./event.ts";
export * from "./semaphore.ts";
export * from "./rlock.ts";
export * from "./condition.ts";
export * from "./barrier.ts";
export { BrokenBarrierError } from "../threading/barrier.ts";
export * from "./sharedctypes.ts";
export * from "./base_manager.ts";
export * from "./server.ts";
export * from "./sync_manager.ts";
export * from "./shared_memory_manager.ts";
export * from "./base_proxy.ts";
export * from "./proxies.ts";
export { Empty, Full } from "../queue/mod.ts";
export * from "./errors.ts";
export * from "./context.ts";
export * from "./current_process.ts";
export type {
  PermissionOption,
  ProcessPermissions,
} from "../_internal/child_permissions.ts";
export type {
  ResourceLimitBreach,
  ResourceLimitKind,
  ResourceLimits,
} from "../_internal/limits.ts";
export { EOFError, RuntimeError, TimeoutError, ValueError } from "../errors.ts";
export type { TargetOptions } from "../_internal/lifecycle.ts";
