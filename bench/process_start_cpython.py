# Copyright 2026 the @skein/concurrent authors. MIT license.
# CPython's process start on the workload of bench/process_start_bench.ts:
# Process start -> join and a new ProcessPoolExecutor(2)'s first result, by
# start method (forkserver with its server running, as the bench's spares
# are ready), beside `python3 -c pass`:
#   python3 bench/process_start_cpython.py
import multiprocessing as mp
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def noop():
    pass


def identity(x):
    return x


def timed(fn, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def show(name, times):
    print(f"{name}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms")


def start_join(ctx):
    p = ctx.Process(target=noop)
    p.start()
    p.join()


def first_result(ctx):
    # The shutdown is not timed (nor is it in the Deno bench).
    start = time.perf_counter()
    pool = ProcessPoolExecutor(2, mp_context=ctx)
    pool.submit(identity, 1).result()
    ms = (time.perf_counter() - start) * 1000
    pool.shutdown()
    return ms


if __name__ == "__main__":
    show("python3 -c pass", timed(lambda: subprocess.run([sys.executable, "-c", "pass"]), 20))
    for method in ["fork", "forkserver", "spawn"]:
        ctx = mp.get_context(method)
        start_join(ctx)  # (the forkserver's server starts here)
        show(f"Process start -> join, {method}", timed(lambda: start_join(ctx), 20))
    for method in ["fork", "forkserver", "spawn"]:
        ctx = mp.get_context(method)
        show(f"ProcessPoolExecutor(2) new -> first result, {method}", [first_result(ctx) for _ in range(10)])
