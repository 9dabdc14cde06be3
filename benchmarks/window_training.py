#!/usr/bin/python3
"""Trains the lecture's window classifier with PyTorch and prints windows per second.

This is the PyTorch side of the `WindowTraining` throughput driver: the same model, data policy,
optimizer and output lines, so the two tables compare line by line. Run it with Debian's
python3-torch (1.13) and OpenBLAS (`apt-get install -y python3-torch libopenblas0-pthread`):

    /usr/bin/python3 benchmarks/window_training.py --vocab 20000 --batches 1,32,256,2048 \\
        --seconds 5 --threads 2 [--variants float32-sparse,float32-rows,...]
    /usr/bin/python3 benchmarks/window_training.py --check

Without OpenBLAS, Debian's PyTorch multiplies matrices with a generic reference BLAS about six
times slower, which would flatter any comparison; the script therefore refuses to time anything
unless OpenBLAS is the BLAS loaded into the process (`--any-blas` overrides).

The model: V word types, embedding dimension d = 50, a window of 5 word ids, x = the 5 embedding
rows concatenated (250), h = tanh(W x + b) with H = 200, logits z = U h + c over K = 5 classes,
loss = mean softmax cross-entropy over the batch, plain SGD (theta -= 0.01 * grad) on every
parameter, the embedding included. One step = forward + backward + update on one batch.

The data: a pool of 100,000 windows drawn once with a fixed seed, each id floor(V ** u) - 1 with
u uniform in [0, 1) (log-uniform, so frequent words repeat within a batch as in real text),
clamped to [0, V-1], labels uniform in [0, K); batches are consecutive slices, wrapping around.

Variants (every one starts from the same float64 initial parameters, cast to its dtype):
  <dtype>-dense         nn.Embedding(sparse=False) + nn.Linear modules, torch.optim.SGD,
                        zero_grad(set_to_none=True), loss.backward(), optimizer.step(): the
                        embedding gradient is a dense V x d tensor every step.
  <dtype>-sparse        the same with nn.Embedding(sparse=True): a row-sparse (COO) embedding
                        gradient, which torch.optim.SGD adds into the touched rows only.
  <dtype>-dense-manual  no modules and no optimizer: F.embedding / F.linear on raw tensors,
  <dtype>-sparse-manual torch.autograd.grad for the gradients (nothing accumulates into .grad)
                        and the update under torch.no_grad() (torch._foreach_add_ for the dense
                        tensors, add_ of the sparse embedding gradient): less Python per step.
  <dtype>-rows          the embedding rows are gathered (index_select) outside autograd, the
                        gradient is taken with respect to the gathered rows, and the update
                        scatters them back with index_add_: the least work a sparse step can do.
with <dtype> float64 or float32. TorchScript (torch.jit.script of the forward pass of the -manual
and -rows steps) was tried and left out: on this model it was 10 to 20% slower at batches 1 and
32 and no faster above.

Threads: --threads T gives OpenBLAS T threads (it runs the matrix products) and tries two
settings of PyTorch's own intra-op (OpenMP) pool for every variant and batch size: T threads
("ops=T") and one thread ("ops=1", the element-wise ops on one core while OpenBLAS has all T).
With T OpenMP threads spinning beside T OpenBLAS threads on T cores the two pools fight for the
cores, and at large batches that can halve the throughput; with one OpenMP thread tiny batches
lose the parallel element-wise ops. The warm-up (about a quarter of --seconds) is split between
the two settings, the faster one is timed for --seconds, and the line says which one it was and
what each reached during its warm-up.

Output: header lines start with '#'; then one line per variant and batch size,
`B=<batch> windows/s=<number> variant=<name> threads=ops<n>+blas<T> (warm-up ...)`, and after
`best:` the best variant per batch size in the same form.

--check runs 3 steps of every variant at batch 4 on V = 100 and compares the parameters: every
float64 variant against a step written out with the lecture's formulas (to 1e-12), and every
float32 variant against it to 1e-5, and every float64 variant against float64-dense to 1e-12;
it exits with status 1 if any differ.
"""

import argparse
import ctypes
import gc
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DIM = 50
WINDOW = 5
HIDDEN = 200
CLASSES = 5
LEARNING_RATE = 0.01
POOL = 100_000
SEED = 1
DTYPES = {"float64": torch.float64, "float32": torch.float32}
KINDS = ("dense", "sparse", "dense-manual", "sparse-manual", "rows")
ALL_VARIANTS = [d + "-" + k for d in DTYPES for k in KINDS]


# ----------------------------------------------------------------------------- BLAS and threads


class OpenBlas:
    """The OpenBLAS library mapped into this process (found through /proc/self/maps), or None."""

    def __init__(self):
        torch.ones(4, 4) @ torch.ones(4, 4)  # make sure the BLAS has been loaded and used
        self.mapped = sorted(
            {
                line.split()[-1]
                for line in open("/proc/self/maps")
                if "blas" in line.split()[-1] or "lapack" in line.split()[-1]
            }
        )
        paths = [p for p in self.mapped if "libopenblas" in os.path.basename(p)]
        self.path = paths[0] if paths else None
        self.lib = ctypes.CDLL(self.path) if self.path else None
        if self.lib:
            self.lib.openblas_get_config.restype = ctypes.c_char_p
            self.lib.openblas_get_corename.restype = ctypes.c_char_p

    def describe(self):
        if not self.lib:
            mapped = ", ".join(self.mapped) or "none"
            return "no OpenBLAS mapped; BLAS libraries mapped: %s" % mapped
        parallel = {0: "sequential", 1: "pthreads", 2: "OpenMP"}.get(
            self.lib.openblas_get_parallel(), "unknown"
        )
        return "%s, kernel %s, %s threading, %s" % (
            self.lib.openblas_get_config().decode(),
            self.lib.openblas_get_corename().decode(),
            parallel,
            self.path,
        )

    def set_threads(self, n):
        if self.lib:
            self.lib.openblas_set_num_threads(n)

    def threads(self):
        return self.lib.openblas_get_num_threads() if self.lib else 1


def set_layout(blas, ops, threads):
    """PyTorch's intra-op pool gets `ops` threads, OpenBLAS gets `threads`."""
    torch.set_num_threads(ops)
    blas.set_threads(threads)


def matmul_ms(threads, blas, dtype=torch.float64, n=1000, repeats=20):
    set_layout(blas, threads, threads)
    g = torch.Generator().manual_seed(SEED)
    a = torch.randn(n, n, generator=g, dtype=dtype)
    for _ in range(3):
        a @ a
    t0 = time.perf_counter()
    for _ in range(repeats):
        a @ a
    return 1e3 * (time.perf_counter() - t0) / repeats


# ----------------------------------------------------------------------------- data and init


def make_pool(vocab, size=POOL, seed=SEED):
    """Window ids (size x 5, int64, log-uniform over the vocabulary) and labels (size)."""
    g = torch.Generator().manual_seed(seed)
    u = torch.rand(size, WINDOW, generator=g, dtype=torch.float64)
    ids = (torch.floor(float(vocab) ** u) - 1).clamp_(0, vocab - 1).to(torch.int64)
    labels = torch.randint(0, CLASSES, (size,), generator=g, dtype=torch.int64)
    return ids, labels


def make_init(vocab, seed=SEED):
    """Initial parameters in float64: E ~ N(0, 0.1^2), W and U Glorot-uniform, b = c = 0."""
    g = torch.Generator().manual_seed(seed + 1)
    fan_in = DIM * WINDOW

    def uniform(rows, cols):
        limit = (6.0 / (rows + cols)) ** 0.5
        return (torch.rand(rows, cols, generator=g, dtype=torch.float64) * 2 - 1) * limit

    embedding = torch.randn(vocab, DIM, generator=g, dtype=torch.float64) * 0.1
    return {
        "E": embedding,
        "W": uniform(HIDDEN, fan_in),
        "b": torch.zeros(HIDDEN, dtype=torch.float64),
        "U": uniform(CLASSES, HIDDEN),
        "c": torch.zeros(CLASSES, dtype=torch.float64),
    }


# ----------------------------------------------------------------------------- variants


class WindowNet(nn.Module):
    """The window classifier as a PyTorch user writes it."""

    def __init__(self, init, dtype, sparse):
        super().__init__()
        vocab = init["E"].shape[0]
        self.embedding = nn.Embedding(
            vocab, DIM, sparse=sparse, _weight=init["E"].to(dtype, copy=True)
        )
        self.hidden = nn.Linear(DIM * WINDOW, HIDDEN, dtype=dtype)
        self.out = nn.Linear(HIDDEN, CLASSES, dtype=dtype)
        with torch.no_grad():
            self.hidden.weight.copy_(init["W"])
            self.hidden.bias.copy_(init["b"])
            self.out.weight.copy_(init["U"])
            self.out.bias.copy_(init["c"])

    def forward(self, ids, labels):
        x = self.embedding(ids).view(ids.shape[0], DIM * WINDOW)
        return F.cross_entropy(self.out(torch.tanh(self.hidden(x))), labels)


def make_variant(name, init):
    """Returns (step(ids, labels), parameters() -> dict of the current parameters)."""
    dtype_name, kind = name.split("-", 1)
    dtype = DTYPES[dtype_name]
    lr = LEARNING_RATE

    if kind in ("dense", "sparse"):
        net = WindowNet(init, dtype, sparse=(kind == "sparse"))
        optimizer = torch.optim.SGD(net.parameters(), lr=lr)

        def step(ids, labels):
            optimizer.zero_grad(set_to_none=True)
            net(ids, labels).backward()
            optimizer.step()

        def parameters():
            return {
                "E": net.embedding.weight,
                "W": net.hidden.weight,
                "b": net.hidden.bias,
                "U": net.out.weight,
                "c": net.out.bias,
            }

        return step, parameters

    tensors = {k: v.to(dtype, copy=True) for k, v in init.items()}
    E, W, b, U, c = (tensors[k] for k in "EWbUc")
    grad = torch.autograd.grad
    foreach_add_ = torch._foreach_add_
    linear, embedding, cross_entropy, tanh = F.linear, F.embedding, F.cross_entropy, torch.tanh
    width = DIM * WINDOW

    if kind in ("dense-manual", "sparse-manual"):
        sparse = kind == "sparse-manual"
        everything = [E, W, b, U, c]
        dense_part = [W, b, U, c]
        for t in everything:
            t.requires_grad_()

        def step(ids, labels):
            x = embedding(ids, E, sparse=sparse).view(ids.shape[0], width)
            loss = cross_entropy(linear(tanh(linear(x, W, b)), U, c), labels)
            grads = grad(loss, everything)
            with torch.no_grad():
                if sparse:
                    E.add_(grads[0], alpha=-lr)
                    foreach_add_(dense_part, list(grads[1:]), alpha=-lr)
                else:
                    foreach_add_(everything, list(grads), alpha=-lr)

    elif kind == "rows":
        dense_part = [W, b, U, c]
        for t in dense_part:
            t.requires_grad_()

        def step(ids, labels):
            flat = ids.view(-1)
            x = E.index_select(0, flat).view(ids.shape[0], width).requires_grad_()
            loss = cross_entropy(linear(tanh(linear(x, W, b)), U, c), labels)
            gW, gb, gU, gc, gx = grad(loss, [W, b, U, c, x])
            with torch.no_grad():
                foreach_add_(dense_part, [gW, gb, gU, gc], alpha=-lr)
                E.index_add_(0, flat, gx.view(-1, DIM), alpha=-lr)

    else:
        raise ValueError("unknown variant %r; expected one of %s" % (name, ", ".join(ALL_VARIANTS)))

    return step, lambda: tensors


def reference_step(p, ids, labels):
    """One SGD step in float64 written out with the lecture's formulas (no autograd)."""
    batch = ids.shape[0]
    flat = ids.reshape(-1)
    x = p["E"].index_select(0, flat).reshape(batch, DIM * WINDOW)
    h = torch.tanh(x @ p["W"].T + p["b"])
    probs = torch.softmax(h @ p["U"].T + p["c"], dim=1)
    delta2 = (probs - F.one_hot(labels, CLASSES).to(probs.dtype)) / batch
    delta1 = (delta2 @ p["U"]) * (1 - h * h)
    grads = {
        "U": delta2.T @ h,
        "c": delta2.sum(0),
        "W": delta1.T @ x,
        "b": delta1.sum(0),
        "E": torch.zeros_like(p["E"]).index_add_(0, flat, (delta1 @ p["W"]).reshape(-1, DIM)),
    }
    for k in p:
        p[k] -= LEARNING_RATE * grads[k]


# ----------------------------------------------------------------------------- timing


class Batches:
    """Consecutive slices of the pool, wrapping around (views of a pool extended by one batch)."""

    def __init__(self, ids, labels, batch):
        self.ids = torch.cat([ids, ids[:batch]])
        self.labels = torch.cat([labels, labels[:batch]])
        self.size = ids.shape[0]
        self.batch = batch
        self.offset = 0


def run(step, data, seconds, min_steps):
    """Trains for at least `seconds` and `min_steps`; returns (steps, elapsed seconds)."""
    ids, labels, size, batch, o = data.ids, data.labels, data.size, data.batch, data.offset
    clock = time.perf_counter
    steps = 0
    gc.disable()
    start = clock()
    try:
        while True:
            step(ids[o : o + batch], labels[o : o + batch])
            o += batch
            if o >= size:
                o -= size
            steps += 1
            elapsed = clock() - start
            if elapsed >= seconds and steps >= min_steps:
                break
    finally:
        gc.enable()
        data.offset = o
    return steps, elapsed


def measure(step, data, seconds, layouts, blas, threads):
    """Warm-up split over the layouts, then the fastest layout timed for `seconds`."""
    warm = {}
    share = seconds / 4 / len(layouts)
    for ops in layouts:
        set_layout(blas, ops, threads)
        run(step, data, share / 2, 2)  # first steps allocate; not counted
        steps, elapsed = run(step, data, share / 2, 2)
        warm[ops] = steps * data.batch / elapsed
    best = max(layouts, key=lambda ops: warm[ops])
    set_layout(blas, best, threads)
    steps, elapsed = run(step, data, seconds, 3)
    return steps * data.batch / elapsed, best, warm


def layout_name(ops, threads):
    return "ops%d+blas%d" % (ops, threads)


def benchmark(args):
    blas = OpenBlas()
    if not blas.lib and not args.any_blas:
        sys.exit(
            "error: OpenBLAS is not the BLAS in this process (%s); install libopenblas0-pthread "
            "or pass --any-blas to time the slow generic BLAS anyway" % blas.describe()
        )
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        if var in os.environ:
            print("# note: %s=%s is set in the environment" % (var, os.environ[var]))
    threads = args.threads
    one = matmul_ms(1, blas)
    many = matmul_ms(threads, blas) if threads > 1 else one
    set_layout(blas, threads, threads)
    print(
        "# torch %s, threads %d (torch.get_num_threads() %d, OpenBLAS %d, %s parallel backend), "
        "BLAS: %s"
        % (
            torch.__version__,
            threads,
            torch.get_num_threads(),
            blas.threads(),
            "OpenMP" if "OpenMP" in torch.__config__.parallel_info() else "native",
            blas.describe(),
        )
    )
    print(
        "# 1000 x 1000 float64 matmul: %.2f ms on 1 thread, %.2f ms on %d (%.2fx); load average %s"
        % (one, many, threads, one / many, open("/proc/loadavg").read().split()[0])
    )
    if threads > 1 and one / many < 1.3:
        print("# warning: %d threads are not faster than one: the machine may be busy" % threads)
    print(
        "# V=%d d=%d window=%d H=%d K=%d pool=%d lr=%g, %.1f s per figure after %.1f s warm-up"
        % (args.vocab, DIM, WINDOW, HIDDEN, CLASSES, POOL, LEARNING_RATE, args.seconds,
           args.seconds / 4)
    )
    sys.stdout.flush()
    layouts = [threads, 1] if threads > 1 else [1]
    ids, labels = make_pool(args.vocab)
    init = make_init(args.vocab)
    best = {}
    for name in args.variants:
        step, _ = make_variant(name, init)
        for batch in args.batches:
            data = Batches(ids, labels, batch)
            rate, ops, warm = measure(step, data, args.seconds, layouts, blas, threads)
            tried = ", ".join("%s %d" % (layout_name(o, threads), warm[o]) for o in layouts)
            line = "B=%d windows/s=%d variant=%s threads=%s" % (
                batch, rate, name, layout_name(ops, threads))
            print("%s (warm-up: %s)" % (line, tried), flush=True)
            if batch not in best or rate > best[batch][0]:
                best[batch] = (rate, line)
        del step
        gc.collect()
    print("best:")
    for batch in args.batches:
        print(best[batch][1])
    print("# load average at the end %s" % open("/proc/loadavg").read().split()[0])


# ----------------------------------------------------------------------------- self-check


def check(args):
    vocab, batch, steps = 100, 4, 3
    torch.set_num_threads(args.threads)
    ids, labels = make_pool(vocab)
    init = make_init(vocab)
    expected = {k: v.clone() for k, v in init.items()}
    batches = [(ids[s * batch : (s + 1) * batch], labels[s * batch : (s + 1) * batch])
               for s in range(steps)]
    for x, y in batches:
        reference_step(expected, x, y)
    failures = 0
    finals = {}
    for name in ALL_VARIANTS:
        step, parameters = make_variant(name, init)
        for x, y in batches:
            step(x, y)
        tolerance = 1e-12 if name.startswith("float64") else 1e-5
        got = finals[name] = {k: v.detach().to(torch.float64) for k, v in parameters().items()}
        worst = max(
            (got[k] - expected[k]).abs().max().item() for k in expected
        )
        moved = max((got[k] - init[k]).abs().max().item() for k in init)
        ok = worst <= tolerance and moved > 100 * tolerance
        failures += not ok
        print(
            "%s %s: largest difference from the formula step %.3g (tolerance %g), largest change "
            "from the initial parameters %.3g"
            % ("ok  " if ok else "FAIL", name, worst, tolerance, moved)
        )
    for name in ALL_VARIANTS:
        if name.startswith("float64") and name != "float64-dense":
            worst = max(
                (finals[name][k] - finals["float64-dense"][k]).abs().max().item() for k in init
            )
            ok = worst <= 1e-12
            failures += not ok
            print("%s %s against float64-dense: largest difference %.3g (tolerance 1e-12)"
                  % ("ok  " if ok else "FAIL", name, worst))
    print("check %s" % ("passed" if failures == 0 else "FAILED (%d comparisons)" % failures))
    return 1 if failures else 0


# ----------------------------------------------------------------------------- command line


def positive_ints(text):
    problem = "expected comma-separated positive integers, got %r" % text
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(problem)
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(problem)
    return values


def variant_list(text):
    names = [v.strip() for v in text.split(",") if v.strip()]
    unknown = [n for n in names if n not in ALL_VARIANTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            "unknown variant(s) %s; expected some of %s"
            % (", ".join(unknown), ", ".join(ALL_VARIANTS))
        )
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vocab", type=int, default=20000, help="word types V (default 20000)")
    parser.add_argument("--batches", type=positive_ints, default=[1, 32, 256, 2048])
    parser.add_argument("--seconds", type=float, default=5.0, help="timed seconds per figure")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--variants", type=variant_list, default=list(ALL_VARIANTS),
                        help="comma-separated, from: " + ", ".join(ALL_VARIANTS))
    parser.add_argument("--any-blas", action="store_true", help="time even without OpenBLAS")
    parser.add_argument("--check", action="store_true", help="compare the variants and exit")
    args = parser.parse_args(argv)
    if args.vocab < 2 or args.threads < 1 or args.seconds <= 0:
        parser.error("--vocab must be at least 2, --threads at least 1, --seconds positive")
    if args.check:
        return check(args)
    benchmark(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
