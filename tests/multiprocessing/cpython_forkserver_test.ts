// Copyright 2026 the @skein/concurrent authors. MIT license.
// The ports of CPython's _test_multiprocessing.py cases again, with the
// forkserver start method (see _forkserver_mode.ts): "spawn" stays the
// default, and "forkserver" must pass the same cases.
import "./_forkserver_mode.ts";
import "./cpython_process_test.ts";
import "./cpython_queue_test.ts";
import "./cpython_connection_test.ts";
