# Copyright 2026 the @skein/concurrent authors. MIT license.
# CPython's multiprocessing (spawn) on the workload of
# bench/multiprocessing_bench.ts:  python3 bench/multiprocessing_cpython.py
import multiprocessing as mp
import time


def noop():
    pass


if __name__ == "__main__":
    mp.set_start_method("spawn")
    n = 20
    start = time.perf_counter()
    for _ in range(n):
        p = mp.Process(target=noop)
        p.start()
        p.join()
    print(f"Process start + join: {(time.perf_counter() - start) / n * 1000:.1f} ms")
