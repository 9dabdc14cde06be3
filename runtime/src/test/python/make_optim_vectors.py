#!/usr/bin/python3
"""Test vectors for chainrule's optimizers, written by PyTorch's own torch.optim.

The files this writes are committed under runtime/src/test/resources/optim/ and read by
runtime/src/test/java/io/github/chainrule/runtime/optim/TorchAgreementTest.java; the tests do NOT need
this script or PyTorch. To regenerate (Debian 12's PyTorch 1.13, float64, CPU):

    apt-get install -y python3-torch
    /usr/bin/python3 runtime/src/test/python/make_optim_vectors.py

(call Debian's /usr/bin/python3, not another python3 that lacks torch). Output is deterministic.

Every run is 100 steps on gradients that both sides compute the same way, bit for bit:

Dense runs: two parameters, a vector `a` of 4 and a matrix `W` of 3 x 3, flattened in that order (a,
then W row by row) to 13 elements indexed e = 0..12.
    theta_0[e] = ((5 e + 3) mod 11 - 5) / 8
    grad_t[e]  = 0.5 * theta_t[e] + d(t, e),   d(t, e) = ((7 t + 13 e + 3) mod 17 - 8) / 4 * (1 + e mod 3)
for steps t = 0..99. d is a small dyadic rational, 0.5 * theta is exact, so the only rounding in the
gradient is the one addition, the same in Java and here.

Sparse runs: an embedding E of 10 x 3, E_0[r][j] = ((5 (3 r + j) + 3) mod 11 - 5) / 8. At step t the
batch touches rows rows_t = [(3 t + 7 i) mod 10 for i in 0..3] + [(3 t) mod 10] (the first row twice);
entry i of the batch contributes to row rows_t[i] the values
    v(t, i, j) = ((5 t + 3 i + 11 j) mod 13 - 6) / 4 + 0.25 * E_t[rows_t[i]][j]
and duplicate rows are summed (PyTorch coalesces the sparse gradient; Java adds into a dense gradient).

File format (CSV): '#' lines describe the run; a header line names the columns; then one line per
step: the step (1-based), the learning rate used by that step, [for clipping runs: the total norm
that clip_grad_norm_ returned], then every parameter element AFTER the step, in the order above.
Numbers are Python repr() of float64, which round-trip exactly through Double.parseDouble.
"""

import math
import os

import torch

torch.set_default_dtype(torch.float64)

STEPS = 100
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "optim")


def dense_init():
    flat = [((5 * e + 3) % 11 - 5) / 8 for e in range(13)]
    a = torch.tensor(flat[:4], requires_grad=True)
    w = torch.tensor(flat[4:], requires_grad=True).reshape(3, 3).detach().requires_grad_(True)
    return [a, w]


def dense_grads(params, t):
    offset = 0
    for p in params:
        n = p.numel()
        d = torch.tensor(
            [((7 * t + 13 * e + 3) % 17 - 8) / 4 * (1 + e % 3) for e in range(offset, offset + n)]
        ).reshape(p.shape)
        p.grad = 0.5 * p.detach() + d
        offset += n


def flat(params):
    out = []
    for p in params:
        out.extend(p.detach().reshape(-1).tolist())
    return out


def write(name, description, columns, rows):
    path = os.path.join(OUT, name + ".csv")
    with open(path, "w") as f:
        f.write("# " + name + ": " + description + "\n")
        f.write("# torch " + torch.__version__ + ", float64, written by runtime/src/test/python/"
                + os.path.basename(__file__) + "\n")
        f.write(",".join(columns) + "\n")
        for row in rows:
            f.write(",".join(repr(float(x)) if not isinstance(x, int) else str(x) for x in row) + "\n")
    print("wrote", path, os.path.getsize(path), "bytes")


def dense_run(name, description, make_optimizer, make_scheduler=None, clip=None):
    params = dense_init()
    opt = make_optimizer(params)
    sched = make_scheduler(opt) if make_scheduler else None
    rows = []
    for t in range(STEPS):
        dense_grads(params, t)
        row = [t + 1, opt.param_groups[0]["lr"]]
        if clip is not None:
            max_norm, norm_type = clip
            total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
            row.append(float(total))
        opt.step()
        if sched is not None:
            sched.step()
        rows.append(row + flat(params))
    columns = ["step", "lr"] + (["total_norm"] if clip is not None else [])
    columns += ["a%d" % i for i in range(4)] + ["W%d%d" % (i, j) for i in range(3) for j in range(3)]
    write(name, description, columns, rows)


def sparse_run(name, description, make_optimizer):
    init = [((5 * (3 * r + j) + 3) % 11 - 5) / 8 for r in range(10) for j in range(3)]
    emb = torch.tensor(init).reshape(10, 3).detach().requires_grad_(True)
    opt = make_optimizer([emb])
    rows = []
    for t in range(STEPS):
        touched = [(3 * t + 7 * i) % 10 for i in range(4)] + [(3 * t) % 10]
        values = torch.stack([
            torch.tensor([((5 * t + 3 * i + 11 * j) % 13 - 6) / 4 for j in range(3)])
            + 0.25 * emb.detach()[r]
            for i, r in enumerate(touched)
        ])
        emb.grad = torch.sparse_coo_tensor(torch.tensor([touched]), values, (10, 3))
        lr = opt.param_groups[0]["lr"]
        opt.step()
        rows.append([t + 1, lr] + emb.detach().reshape(-1).tolist())
    columns = ["step", "lr"] + ["E%d_%d" % (r, j) for r in range(10) for j in range(3)]
    write(name, description, columns, rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    optim = torch.optim
    sched = torch.optim.lr_scheduler
    F = dict(foreach=False)  # the single-tensor reference loops (also the 1.13 CPU default)

    dense_run("sgd", "SGD(lr=0.05)", lambda p: optim.SGD(p, lr=0.05, **F))
    dense_run("sgd_weight_decay", "SGD(lr=0.05, weight_decay=0.1)",
              lambda p: optim.SGD(p, lr=0.05, weight_decay=0.1, **F))
    dense_run("sgd_momentum", "SGD(lr=0.05, momentum=0.9, dampening=0.1)",
              lambda p: optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.1, **F))
    dense_run("sgd_nesterov", "SGD(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)",
              lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01, **F))
    dense_run("adagrad", "Adagrad(lr=0.1)", lambda p: optim.Adagrad(p, lr=0.1, **F))
    dense_run("adagrad_options",
              "Adagrad(lr=0.1, lr_decay=0.01, weight_decay=0.05, initial_accumulator_value=0.5, eps=1e-6)",
              lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.05,
                                      initial_accumulator_value=0.5, eps=1e-6, **F))
    dense_run("rmsprop", "RMSprop(lr=0.01)", lambda p: optim.RMSprop(p, lr=0.01, **F))
    dense_run("rmsprop_centered", "RMSprop(lr=0.01, centered=True)",
              lambda p: optim.RMSprop(p, lr=0.01, centered=True, **F))
    dense_run("rmsprop_options",
              "RMSprop(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.02, momentum=0.5, centered=True)",
              lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.02,
                                      momentum=0.5, centered=True, **F))
    dense_run("adam", "Adam(lr=0.05)", lambda p: optim.Adam(p, lr=0.05, **F))
    dense_run("adam_options",
              "Adam(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True)",
              lambda p: optim.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1,
                                   amsgrad=True, **F))
    dense_run("adamw", "AdamW(lr=0.05)", lambda p: optim.AdamW(p, lr=0.05, **F))
    dense_run("adamw_options", "AdamW(lr=0.05, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True)",
              lambda p: optim.AdamW(p, lr=0.05, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True,
                                    **F))

    dense_run("clip_norm", "SGD(lr=0.05) after clip_grad_norm_(max_norm=9.3)",
              lambda p: optim.SGD(p, lr=0.05, **F), clip=(9.3, 2.0))
    dense_run("clip_inf_norm", "SGD(lr=0.05) after clip_grad_norm_(max_norm=5.5, norm_type=inf)",
              lambda p: optim.SGD(p, lr=0.05, **F), clip=(5.5, math.inf))

    dense_run("schedule_step", "SGD(lr=0.1), StepLR(step_size=7, gamma=0.5)",
              lambda p: optim.SGD(p, lr=0.1, **F), lambda o: sched.StepLR(o, step_size=7, gamma=0.5))
    dense_run("schedule_exponential", "SGD(lr=0.1), ExponentialLR(gamma=0.95)",
              lambda p: optim.SGD(p, lr=0.1, **F), lambda o: sched.ExponentialLR(o, gamma=0.95))
    dense_run("schedule_cosine", "SGD(lr=0.1), CosineAnnealingLR(T_max=30, eta_min=0.001)",
              lambda p: optim.SGD(p, lr=0.1, **F),
              lambda o: sched.CosineAnnealingLR(o, T_max=30, eta_min=0.001))
    dense_run("schedule_linear", "SGD(lr=0.1), LinearLR(start_factor=0.1, end_factor=0.5, total_iters=20)",
              lambda p: optim.SGD(p, lr=0.1, **F),
              lambda o: sched.LinearLR(o, start_factor=0.1, end_factor=0.5, total_iters=20))
    dense_run("schedule_warmup_cosine",
              "Adam(lr=0.05), SequentialLR([LinearLR(start_factor=0.1, total_iters=10),"
              " CosineAnnealingLR(T_max=50, eta_min=0.001)], milestones=[10])",
              lambda p: optim.Adam(p, lr=0.05, **F),
              lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.1, total_iters=10),
                                               sched.CosineAnnealingLR(o, T_max=50, eta_min=0.001)],
                                           milestones=[10]))

    sparse_run("sparse_adam", "SparseAdam(lr=0.05)", lambda p: optim.SparseAdam(p, lr=0.05))
    sparse_run("sparse_adam_options", "SparseAdam(lr=0.02, betas=(0.8, 0.99), eps=1e-6)",
               lambda p: optim.SparseAdam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6))
    sparse_run("sparse_sgd", "SGD(lr=0.1) on a sparse gradient", lambda p: optim.SGD(p, lr=0.1))
    sparse_run("sparse_adagrad", "Adagrad(lr=0.1, lr_decay=0.01) on a sparse gradient",
               lambda p: optim.Adagrad(p, lr=0.1, lr_decay=0.01))


if __name__ == "__main__":
    main()
