# Copyright 2026 the @skein/concurrent authors. MIT license.
# CPython on the workloads of bench/shared_memory_bench.ts:
#   python3 bench/shared_memory_cpython.py
import multiprocessing as mp
import time
from multiprocessing import shared_memory


def increment(counter, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


def pong(ping, pong_, rounds):
    for _ in range(rounds):
        ping.wait()
        ping.clear()
        pong_.set()


if __name__ == "__main__":
    n = 200
    start = time.perf_counter()
    for _ in range(n):
        shm = shared_memory.SharedMemory(create=True, size=1 << 20)
        other = shared_memory.SharedMemory(name=shm.name)
        other.close()
        shm.close()
        shm.unlink()
    print(f"SharedMemory create 1 MiB + attach + close + unlink: {(time.perf_counter() - start) / n * 1e6:.0f} us")
    ctx = mp.get_context("spawn")
    counter = ctx.Value("i", 0)
    start = time.perf_counter()
    ps = [ctx.Process(target=increment, args=(counter, 10000)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    assert counter.value == 20000
    print(f"Value: 2 processes x 10000 increments under its lock: {(time.perf_counter() - start) * 1000:.0f} ms")
    rounds = 1000
    ping, pong_ = ctx.Event(), ctx.Event()
    child = ctx.Process(target=pong, args=(ping, pong_, rounds))
    child.start()
    start = time.perf_counter()
    for _ in range(rounds):
        ping.set()
        pong_.wait()
        pong_.clear()
    elapsed = time.perf_counter() - start
    child.join()
    print(f"Event ping-pong between 2 processes x {rounds}: {elapsed * 1000:.1f} ms ({elapsed / rounds * 1e6:.1f} us per round trip)")
