# CPython's sched on bench/sched_bench.ts's workload, for the README's ratios:
#   python3 bench/sched_cpython.py
import sched
import time

N = 100_000


def times(n):
    out, seed = [], 42
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2**31
        out.append(seed / 2**31 * 1000)
    return out


def noop():
    pass


def best(fn, rounds=5):
    return min(fn() for _ in range(rounds))


TIMES = times(N)


def enter():
    s = sched.scheduler(lambda: 1e9, lambda t: None)
    start = time.perf_counter()
    for t in TIMES:
        s.enterabs(t, 1, noop)
    return time.perf_counter() - start


def run():
    s = sched.scheduler(lambda: 1e9, lambda t: None)
    for t in TIMES:
        s.enterabs(t, 1, noop)
    start = time.perf_counter()
    s.run()
    return time.perf_counter() - start


for name, fn in [("enterabs", enter), ("run", run)]:
    seconds = best(fn)
    print(f"CPython sched.{name} x {N}: {seconds * 1e3:.1f} ms "
          f"({N / seconds / 1e6:.2f} M events/s)")
