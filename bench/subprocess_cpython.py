# CPython's figure for bench/subprocess_bench.ts:
#   python3 bench/subprocess_cpython.py
import subprocess
import time

N = 500
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    for _ in range(N):
        subprocess.run(["true"])
    best = min(best, time.perf_counter() - start)
print(f"CPython subprocess.run(['true']): {N / best:.0f} spawns/s")
