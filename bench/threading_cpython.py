# CPython's figures for bench/threading_bench.ts and threading_thread_bench.ts:
#   python3 bench/threading_cpython.py
import threading
import time

N = 2000


def per_op(fn, n):
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        fn(n)
        best = min(best, time.perf_counter() - start)
    return best / n


def start_join(n):
    for _ in range(n):
        t = threading.Thread(target=lambda: None)
        t.start()
        t.join()


def lock(n):
    l = threading.Lock()
    for _ in range(n):
        l.acquire()
        l.release()


def event_ping_pong(n):
    ping, pong = threading.Event(), threading.Event()

    def other():
        for _ in range(n):
            ping.wait()
            ping.clear()
            pong.set()

    t = threading.Thread(target=other)
    t.start()
    for _ in range(n):
        ping.set()
        pong.wait()
        pong.clear()
    t.join()


print(f"CPython Thread start+join: {per_op(start_join, N) * 1e6:.1f} µs")
print(f"CPython Lock acquire+release: {per_op(lock, 100_000) * 1e9:.0f} ns")
print(f"CPython Event ping-pong round trip: {per_op(event_ping_pong, N) * 1e6:.1f} µs")
