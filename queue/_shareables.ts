// Copyright 2026 the @skein/concurrent authors. MIT license.
// What a thread imports when a queue first crosses to it: every queue
// class, and the package's other shareable classes. An item holding one of
// them can then be decoded by getSync() at once, without waiting for an
// import (which only the async get() can do).
import "./mod.ts";
import "../threading/barrier.ts";
import "../threading/condition.ts";
import "../threading/event.ts";
import "../threading/local.ts";
import "../threading/lock.ts";
import "../threading/rlock.ts";
import "../threading/semaphore.ts";
