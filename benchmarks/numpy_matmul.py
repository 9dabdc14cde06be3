#!/usr/bin/python3
"""Times OpenBLAS (through numpy) on MatmulBenchmark's product: 2048 x 250 by 250 x 200, float64.

Run on one thread with Debian's python3-numpy and libopenblas0-pthread, for example

    apt-get install -y python3-numpy libopenblas0-pthread python3-threadpoolctl
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/numpy_matmul.py

(some machines set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE to work around old OpenBLAS builds; they
would pick a slower kernel, so the benchmark unsets them). It prints which BLAS and kernel ran, and
the time per product: the best and the median of the repetitions, in wall-clock and CPU time.
"""

import os
import statistics
import sys
import time

import numpy as np

M, K, N = 2048, 250, 200
REPEATS = 200


def blas_description():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed; numpy.show_config() says:\n" + str(np.show_config())
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    return "; ".join(
        "%s %s, kernel %s, %s thread(s)"
        % (p.get("internal_api"), p.get("version"), p.get("architecture"), p.get("num_threads"))
        for p in pools
    )


def main():
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        print("note: OPENBLAS_NUM_THREADS is not 1; the target is single-thread OpenBLAS", file=sys.stderr)
    rng = np.random.default_rng(1)
    a = rng.standard_normal((M, K))
    b = rng.standard_normal((K, N))
    for _ in range(20):
        a @ b
    wall, cpu = [], []
    for _ in range(REPEATS):
        w0, c0 = time.perf_counter(), time.process_time()
        a @ b
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    print("numpy %s, %s" % (np.__version__, blas_description()))
    print("%d x %d by %d x %d float64, %d repetitions" % (M, K, K, N, REPEATS))
    print("wall ms per product: best %.3f, median %.3f" % (1e3 * min(wall), 1e3 * statistics.median(wall)))
    print("cpu  ms per product: best %.3f, median %.3f" % (1e3 * min(cpu), 1e3 * statistics.median(cpu)))


if __name__ == "__main__":
    main()
