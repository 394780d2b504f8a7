"""The dense floor of the book's training run (issue 5): the time its dense products would take
at the rate NumPy's BLAS reaches on their shapes on this machine, now.

The run's products, counted as issue 5 counts them: 10000 training iterations of X·W1
(100×784·784×50) and dW1 = Xᵀ·dY (157 GFLOP), and 17 evaluations of the 70000 images in chunks
of 1000 (1000×784·784×50: 93 GFLOP); dX = dY·W1ᵀ (which the book computes and dldw skips) and
the second layer's products are left out. Each shape is timed over repeated calls and the floor sums work / rate.

    python3 scripts/bench/dense_floor.py            # BLAS threads as OPENBLAS_NUM_THREADS says

Prints one line: the BLAS thread count, the three rates in GFLOP/s and the floor in seconds.
"""

import os
import time

import numpy as np


def rate(f, flops, seconds=0.5):
    """GFLOP/s of f(), timed over repeated calls for about `seconds`."""
    f()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        f()
        calls += 1
    return flops * calls / (time.perf_counter() - start) / 1e9


def main():
    rng = np.random.default_rng(0)
    x = rng.random((100, 784), dtype=np.float32)
    w = rng.random((784, 50), dtype=np.float32)
    dy = rng.random((100, 50), dtype=np.float32)
    chunk = rng.random((1000, 784), dtype=np.float32)
    batch_flops = 2 * 100 * 784 * 50
    rates = [
        rate(lambda: x @ w, batch_flops),
        rate(lambda: x.T @ dy, batch_flops),
        rate(lambda: chunk @ w, 10 * batch_flops),
    ]
    iters, evaluations = 10_000, 17
    training = sum(iters * batch_flops / 1e9 / r for r in rates[:2])
    floor = training + evaluations * 70 * 10 * batch_flops / 1e9 / rates[2]
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"threads {threads}: {' '.join(f'{r:.0f}' for r in rates)} GFLOP/s; floor {floor:.2f} s")


if __name__ == "__main__":
    main()
