#!/usr/bin/python3
"""PyTorch's gradients at the singular points that docs/singular-points.md compares with chainrule.

Run with Debian 12's PyTorch 1.13 (CPU, float64):

    apt-get install -y python3-torch
    /usr/bin/python3 processor/src/test/python/singular_points_torch.py

Each line prints one case: the expression, the point, and the gradient PyTorch's autograd gives for
each input. The tests do NOT need this script; chainrule's own values at the same points are pinned by
processor/src/test/java/io/github/chainrule/processor/corpus/SingularPointTest.java.
"""
import torch

torch.set_default_dtype(torch.float64)


def grads(f, *point):
    xs = [torch.tensor(float(p), requires_grad=True) for p in point]
    y = f(*xs)
    y.backward()
    return [x.grad.item() for x in xs]


CASES = [
    ("atan2(u, v)", lambda u, v: torch.atan2(u, v), (0.0, 0.0)),
    ("atan2(0 * x, 0 * x)", lambda x: torch.atan2(0 * x, 0 * x), (1.0,)),
    ("hypot(x, z)", lambda x, z: torch.hypot(x, z), (0.0, 0.0)),
    ("pow(x, 0)", lambda x: torch.pow(x, 0.0), (0.0,)),
    ("pow(x, 0.5)", lambda x: torch.pow(x, 0.5), (0.0,)),
    ("pow(x, 1)", lambda x: torch.pow(x, 1.0), (0.0,)),
    ("pow(x, 2)", lambda x: torch.pow(x, 2.0), (0.0,)),
    ("pow(x, p)", lambda x, p: torch.pow(x, p), (0.0, 2.0)),
    ("pow(x, p)", lambda x, p: torch.pow(x, p), (0.0, 0.0)),
    ("pow(x, p)", lambda x, p: torch.pow(x, p), (-2.0, 2.0)),
    ("pow(x, p)", lambda x, p: torch.pow(x, p), (-2.0, 0.5)),
    ("sqrt(x)", lambda x: torch.sqrt(x), (0.0,)),
    ("pow(x, 1/3) (no cbrt in torch)", lambda x: torch.pow(x, 1.0 / 3.0), (0.0,)),
    ("log(x)", lambda x: torch.log(x), (0.0,)),
    ("log10(x)", lambda x: torch.log10(x), (0.0,)),
    ("log1p(x)", lambda x: torch.log1p(x), (-1.0,)),
    ("asin(x)", lambda x: torch.asin(x), (1.0,)),
    ("asin(x)", lambda x: torch.asin(x), (-1.0,)),
    ("acos(x)", lambda x: torch.acos(x), (1.0,)),
    ("acos(x)", lambda x: torch.acos(x), (-1.0,)),
    ("l / r", lambda l, r: l / r, (1.0, 0.0)),
    ("l / r", lambda l, r: l / r, (0.0, 0.0)),
    ("abs(x)", lambda x: torch.abs(x), (0.0,)),
    ("max(a, b)", lambda a, b: torch.maximum(a, b), (1.0, 1.0)),
    ("min(a, b)", lambda a, b: torch.minimum(a, b), (1.0, 1.0)),
    ("c * sqrt(x)", lambda c, x: c * torch.sqrt(x), (0.0, 0.0)),
    ("1 / (1 + exp(-z))", lambda z: 1 / (1 + torch.exp(-z)), (-1000.0,)),
    ("sqrt(0 * x)", lambda x: torch.sqrt(0 * x), (1.0,)),
]

if __name__ == "__main__":
    print("# PyTorch", torch.__version__, "float64 CPU")
    for name, f, point in CASES:
        print("%-32s at %-14s -> %s" % (name, point, grads(f, *point)))
