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


def identity(x):
    return x


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


if __name__ == "__main__":
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("spawn")
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        futures = [pool.submit(identity, i) for i in range(5000)]
        for f in futures:
            f.result()
    print(f"ProcessPoolExecutor(2), 5000 no-op submits: {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        pool.submit(identity, 1).result()
        first = time.perf_counter() - start
    print(f"ProcessPoolExecutor(2), start -> first result: {first * 1000:.0f} ms")
    start = time.perf_counter()
    for _ in range(8):
        fib(27)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        list(pool.map(fib, [27] * 8))
    print(f"8 x fib(27) speedup on 2 processes: {serial / (time.perf_counter() - start):.2f}x")


def echo(conn):
    while True:
        value = conn.recv()
        if value is None:
            break
        conn.send(value)


def put_ints(q, n):
    for i in range(n):
        q.put(i)


if __name__ == "__main__":
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo, args=(b,))
    p.start()
    start = time.perf_counter()
    for i in range(1000):
        a.send(i)
        a.recv()
    print(f"Pipe round trip: {(time.perf_counter() - start) / 1000 * 1e6:.0f} us")
    a.send(None)
    p.join()
    q = ctx.Queue()
    start = time.perf_counter()
    p = ctx.Process(target=put_ints, args=(q, 20000))
    p.start()
    for _ in range(20000):
        q.get()
    p.join()
    print(f"Queue, 20000 ints child -> parent (incl. start): {(time.perf_counter() - start) * 1000:.0f} ms")
    with ctx.Pool(2) as pool:
        pool.map(identity, range(4))
        start = time.perf_counter()
        pool.map(identity, range(10000))
        print(f"Pool(2).map of 10,000 no-op items: {(time.perf_counter() - start) * 1000:.1f} ms")


def echo_bytes(conn):
    while True:
        message = conn.recv_bytes()
        if not message:
            break
        conn.send_bytes(message)


def put_mark_then_ints(q, n):
    q.put(-1)
    for i in range(n):
        q.put(i)


if __name__ == "__main__":
    # The workloads of bench/pipe_channel_bench.ts.
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo, args=(b,))
    p.start()
    for i in range(100):
        a.send(i)
        a.recv()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for i in range(1000):
            a.send(i)
            a.recv()
        times.append((time.perf_counter() - start) / 1000 * 1e6)
    a.send(None)
    p.join()
    print(f"channel: Pipe round trip, 5 x 1000: {min(times):.0f} us min, {sorted(times)[2]:.0f} us median")
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo_bytes, args=(b,))
    p.start()
    mib = bytes(1 << 20)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        a.send_bytes(mib)
        a.recv_bytes()
        times.append((time.perf_counter() - start) * 1000)
    a.send_bytes(b"")
    p.join()
    print(f"channel: 1 MiB send_bytes + recv_bytes round trip: {min(times):.2f} ms min, {sorted(times)[15]:.2f} ms median")
    q = ctx.Queue()
    times = []
    for _ in range(3):
        p = ctx.Process(target=put_mark_then_ints, args=(q, 100_000))
        p.start()
        q.get()
        start = time.perf_counter()
        for _ in range(100_000):
            q.get()
        times.append((time.perf_counter() - start) * 1000)
        p.join()
    print(f"channel: Queue, 100,000 ints child -> parent, start excluded: {min(times):.0f} ms min, {sorted(times)[1]:.0f} ms median")
