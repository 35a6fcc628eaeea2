// Copyright 2026 the @skein/concurrent authors. MIT license.
// The core Process, Pool, Pipe and ProcessPoolExecutor tests again, with the
// forkserver start method (see _forkserver_mode.ts): "spawn" stays the
// default, and "forkserver" must behave the same.
import "./_forkserver_mode.ts";
import "./process_test.ts";
import "./pool_test.ts";
import "./pipe_test.ts";
import "../futures/process_pool_executor_test.ts";
