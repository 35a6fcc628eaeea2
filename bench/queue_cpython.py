# Copyright 2026 the @skein/concurrent authors. MIT license.
# CPython's queue on the workloads of bench/queue_bench.ts:
#   python3 bench/queue_cpython.py
import heapq
import queue
import random
import threading
import time


def per_op(label, fn, n):
    start = time.perf_counter()
    fn(n)
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed / n * 1e9:.0f} ns/op")


def put_get(n):
    q = queue.Queue()
    for _ in range(n):
        q.put_nowait(1)
        q.get_nowait()


def producer_consumer(n, objects):
    q = queue.Queue(1024)

    def produce():
        for i in range(n):
            q.put({"id": i, "name": f"item-{i}", "tags": ["red", "small"]} if objects else i)

    total = [0]

    def consume():
        s = 0
        for _ in range(n):
            item = q.get()
            s += item["id"] if objects else item
        total[0] = s

    threads = [threading.Thread(target=produce), threading.Thread(target=consume)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    assert total[0] == n * (n - 1) // 2
    kind = "small objects" if objects else "small ints"
    print(f"Queue(1024), {n} {kind}, thread -> thread: {elapsed * 1000:.0f} ms = {n / elapsed:,.0f} items/s")


def priority(n):
    randoms = [random.randrange(2**31) for _ in range(n)]
    start = time.perf_counter()
    q = queue.PriorityQueue()
    for r in randoms:
        q.put_nowait(r)
    for _ in range(n):
        q.get_nowait()
    elapsed = time.perf_counter() - start
    print(f"PriorityQueue, {n} random ints put then get: {elapsed * 1000:.0f} ms")
    start = time.perf_counter()
    sorted(randoms)
    print(f"sorted(), {n} random ints: {(time.perf_counter() - start) * 1000:.1f} ms")


per_op("Queue put_nowait + get_nowait", put_get, 200_000)
producer_consumer(1_000_000, False)
producer_consumer(200_000, True)
priority(100_000)
