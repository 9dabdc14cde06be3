#!/usr/bin/python3
"""Times chainrule's WindowTraining and PyTorch's window_training.py back to back, round after round.

On a shared machine the speed of both programs drifts by tens of percent over minutes, so two
tables measured ten minutes apart do not compare. This script measures in rounds: within a round,
for each batch size, chainrule runs for every vocabulary size and then PyTorch, one right after the
other, in an order that alternates from round to round; each round gives its own ratios, and the
summary is the median over the rounds of each figure and of each ratio.

    /usr/bin/python3 benchmarks/compare_training.py --rounds 5 --seconds 3 --torch-seconds 2

Needs the benchmarks jar (`mvn -B -pl benchmarks -am package -DskipTests`) and what
window_training.py needs (Debian's python3-torch with libopenblas0-pthread). Standard library only.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

LINE = re.compile(r"^B=(\d+) windows/s=(\d+)(?: variant=(\S+))?", re.M)
HERE = os.path.dirname(os.path.abspath(__file__))


def chainrule(args, vocab, batch):
    out = subprocess.run(
        ["java", "-cp", args.jar, "io.github.chainrule.benchmarks.WindowTraining", "--vocab", str(vocab),
         "--batches", str(batch), "--seconds", str(args.seconds), "--threads", str(args.threads)],
        check=True, capture_output=True, text=True).stdout
    return int(LINE.findall(out)[0][1])


def torch(args, batch):
    """The best windows/s over the variants, overall and among float64 ones."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    command = [sys.executable, os.path.join(HERE, "window_training.py"), "--vocab", str(args.torch_vocab),
               "--batches", str(batch), "--seconds", str(args.torch_seconds), "--threads", str(args.threads)]
    if args.variants:
        command += ["--variants", args.variants]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    rates = [(int(rate), variant) for _, rate, variant in LINE.findall(out) if variant]
    if not rates:
        raise SystemExit("window_training.py printed no figure:\n" + out)
    return max(rates), max((r for r in rates if r[1].startswith("float64")), default=(0, "none"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jar", default=os.path.join(HERE, "target", "benchmarks.jar"))
    parser.add_argument("--vocab", default="20000,500000", help="chainrule's vocabulary sizes (default: %(default)s)")
    parser.add_argument("--torch-vocab", type=int, default=20000, help="PyTorch's (default: %(default)s)")
    parser.add_argument("--batches", default="1,32,256,2048")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0, help="chainrule's timed seconds per figure")
    parser.add_argument("--torch-seconds", type=float, default=2.0, help="PyTorch's, per variant and figure")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--variants", default="", help="PyTorch variants (default: all of window_training.py's)")
    args = parser.parse_args()
    vocabs = [int(v) for v in args.vocab.split(",")]
    batches = [int(b) for b in args.batches.split(",")]
    if not os.path.exists(args.jar):
        raise SystemExit(f"{args.jar} is missing: mvn -B -pl benchmarks -am package -DskipTests")

    figures = {}  # (batch, name) -> list over rounds
    for round_ in range(1, args.rounds + 1):
        for batch in batches:
            start = time.strftime("%H:%M:%S")
            # The order alternates from round to round (chainrule's vocabularies forwards then
            # PyTorch; PyTorch then the vocabularies backwards): whatever runs first after a pause
            # tends to run faster here, by up to 10%.
            forwards = round_ % 2 == 1
            if not forwards:
                (best, best_variant), (best64, best64_variant) = torch(args, batch)
            row = {}
            for v in vocabs if forwards else reversed(vocabs):
                row[f"chainrule V={v}"] = chainrule(args, v, batch)
            if forwards:
                (best, best_variant), (best64, best64_variant) = torch(args, batch)
            row["torch best"] = best
            row["torch float64"] = best64
            for name, value in row.items():
                figures.setdefault((batch, name), []).append(value)
            first = row[f"chainrule V={vocabs[0]}"]
            figures.setdefault((batch, "ratio best"), []).append(first / best)
            figures.setdefault((batch, "ratio float64"), []).append(first / best64)
            for v in vocabs[1:]:
                figures.setdefault((batch, f"V={v} / V={vocabs[0]}"), []).append(row[f"chainrule V={v}"] / first)
            print(f"round {round_} {start} load {os.getloadavg()[0]:.2f} B={batch} "
                  + " ".join(f"{k}={v}" for k, v in sorted(row.items()))
                  + f" (torch best {best_variant}, float64 {best64_variant})", flush=True)

    print(f"\nmedians over {args.rounds} rounds, windows per second ({args.threads} threads):")
    names = [f"chainrule V={v}" for v in vocabs] + ["torch float64", "torch best", "ratio float64", "ratio best"]
    names += [f"V={v} / V={vocabs[0]}" for v in vocabs[1:]]
    print("batch " + " | ".join(names))
    for batch in batches:
        cells = []
        for name in names:
            value = statistics.median(figures[(batch, name)])
            cells.append(f"{value:.2f}" if "ratio" in name or "/" in name else f"{value:,.0f}")
        print(f"{batch} " + " | ".join(cells))


if __name__ == "__main__":
    main()
