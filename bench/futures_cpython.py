# CPython's figures for bench/futures_bench.ts:
#   python3 bench/futures_cpython.py
import time
from concurrent.futures import ThreadPoolExecutor, wait

N = 20_000


def identity(x):
    return x


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


with ThreadPoolExecutor(max_workers=2) as pool:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        wait([pool.submit(identity, i) for i in range(N)])
        best = min(best, time.perf_counter() - start)
    print(f"CPython ThreadPoolExecutor: {N / best:.0f} no-op tasks/s")
    start = time.perf_counter()
    for _ in range(8):
        fib(27)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    wait([pool.submit(fib, 27) for _ in range(8)])
    pooled = time.perf_counter() - start
    print(f"CPython 8 x fib(27) speedup on 2 threads: {serial / pooled:.2f}x")
