#!/usr/bin/env bash
# Trains chainrule-ner and its PyTorch twin (window_ner.py) on BTC and WNUT-17, in three
# configurations (default, --affixes, --crf), with seeds 42, 43 and 44, and writes a markdown table
# of test F1 (mean, standard deviation, range) and training time (per run and per epoch).
#
#   example-ner/pytorch/compare.sh [--corpus btc|wnut17] [--config default|affixes|crf]
#                                  [--impl java|pytorch] [--seeds "42 43 44"] [--table-only]
#                                  [--rng java|torch] [--wait-load L]
#
# Run from anywhere; needs example-ner/target/chainrule-ner.jar (mvn -B -q -pl example-ner -am
# package -DskipTests) and Debian's python3-torch at /usr/bin/python3. A run whose result is already
# recorded is skipped, so the comparison can be run in chunks (--corpus, --config, --impl, --seeds
# narrow it). Every run is niced; the load average before and after it is recorded beside its
# time, since timings mean little on a busy machine; --wait-load L waits (up to 30 minutes) before
# each run until the 1-minute load average is below L.
#
# The twin draws the Java trainer's random numbers (--rng java, the default): with the same seed
# both start from the same parameters and see the same batches and dropout, and each PyTorch run
# compares its kept model with the Java run's (window_ner.py --compare-model), so the table says
# how far apart the two models ended. --rng torch gives the twin PyTorch's generator instead: then
# a seed gives a model of the same distribution, and only the spread over seeds compares them.
#
# Environment: DATA (default: ../shared/data from the repository root), RESULTS (default:
# /tmp/chainrule-ner-compare: logs, predictions, runs.tsv and results.md), THREADS (default 2),
# EXTRA (more options for both programs, e.g. EXTRA="--epochs 1" for a smoke test; use another
# RESULTS then).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${DATA:-$ROOT/../shared/data}"
RESULTS="${RESULTS:-/tmp/chainrule-ner-compare}"
THREADS="${THREADS:-2}"
EXTRA="${EXTRA:-}"
JAR="$ROOT/example-ner/target/chainrule-ner.jar"
PY=/usr/bin/python3
CORPORA="btc wnut17"
CONFIGS="default affixes crf"
IMPLS="java pytorch"
SEEDS="42 43 44"
RNG=java
TABLE_ONLY=0
WAIT_LOAD=""

while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPORA="$2"; shift 2 ;;
    --config) CONFIGS="$2"; shift 2 ;;
    --impl) IMPLS="$2"; shift 2 ;;
    --seeds) SEEDS="$2"; shift 2 ;;
    --rng) RNG="$2"; shift 2 ;;
    --table-only) TABLE_ONLY=1; shift ;;
    --wait-load) WAIT_LOAD="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$RNG" in java|torch) ;; *) echo "compare.sh: --rng is java or torch" >&2; exit 2 ;; esac

mkdir -p "$RESULTS"
RUNS="$RESULTS/runs.tsv"
[ -f "$RUNS" ] || printf 'corpus\tconfig\timpl\tseed\tbest_epoch\tdev_f1\ttest_f1\ttrain_s\twall_s\tcpu_s\tload_before\tload_after\tfinished\trng\tparam_diff\n' > "$RUNS"

files() {
  case "$1" in
    btc) echo "$DATA/btc/btc.train $DATA/btc/btc.dev $DATA/btc/btc.test" ;;
    wnut17) echo "$DATA/wnut17/wnut17train.conll $DATA/wnut17/emerging.dev.conll $DATA/wnut17/emerging.test.annotated" ;;
    *) echo "compare.sh: unknown corpus $1" >&2; exit 2 ;;
  esac
}

flag() {
  case "$1" in
    default) echo "" ;;
    affixes) echo "--affixes" ;;
    crf) echo "--crf" ;;
    *) echo "compare.sh: unknown configuration $1" >&2; exit 2 ;;
  esac
}

load1() { cut -d' ' -f1 /proc/loadavg; }

wait_for_quiet() {
  [ -n "$WAIT_LOAD" ] || return 0
  local waited=0
  while awk -v l="$(load1)" -v max="$WAIT_LOAD" 'BEGIN {exit !(l >= max)}' && [ "$waited" -lt 1800 ]; do
    sleep 15
    waited=$((waited + 15))
  done
}

run_one() {
  local corpus=$1 config=$2 impl=$3 seed=$4
  local key="$corpus-$config-$impl-$seed"
  if awk -F'\t' -v c="$corpus" -v g="$config" -v i="$impl" -v s="$seed" \
      '$1==c && $2==g && $3==i && $4==s {found=1} END {exit !found}' "$RUNS"; then
    echo "== $key: recorded, skipped"
    return
  fi
  read -r train dev test <<<"$(files "$corpus")"
  local out="$RESULTS/$key" log="$RESULTS/$key.log" timing="$RESULTS/$key.time"
  local extra; extra=$(flag "$config")
  wait_for_quiet
  local before; before=$(load1)
  echo "== $key (load $before)"
  if [ "$impl" = java ]; then
    # shellcheck disable=SC2086
    nice -n 10 /usr/bin/time -f '%e %U %S' -o "$timing" \
      java -jar "$JAR" train --train "$train" --dev "$dev" --test "$test" --out "$out" \
      --seed "$seed" $extra $EXTRA --threads "$THREADS" >"$log" 2>&1
  else
    local java="$RESULTS/$corpus-$config-java-$seed" compare=""
    if [ "$RNG" = java ] && [ -f "$java/params.safetensors" ]; then
      compare="--compare-model $java"
    fi
    # shellcheck disable=SC2086
    nice -n 10 /usr/bin/time -f '%e %U %S' -o "$timing" \
      "$PY" "$ROOT/example-ner/pytorch/window_ner.py" --train "$train" --dev "$dev" --test "$test" \
      --out "$out" --seed "$seed" $extra $EXTRA --threads "$THREADS" --scorer "$JAR" \
      --rng "$RNG" $compare >"$log" 2>&1
  fi
  local after; after=$(load1)
  local best dev_f1 test_f1 secs diff rng=""
  [ "$impl" = java ] || rng=$RNG
  best=$(sed -n 's/^kept epoch \([0-9]*\) .*/\1/p' "$log")
  secs=$(sed -n 's/.*trained in \([0-9.]*\) s$/\1/p' "$log")
  # the FB1 of the overall line after "dev:" and after "test:", as both programs print them
  dev_f1=$(awk '/^dev:$/ {s=1; next} s && /FB1:/ {print $NF; exit}' "$log")
  test_f1=$(awk '/^test:$/ {s=1; next} s && /FB1:/ {print $NF; exit}' "$log")
  diff=$(sed -n 's/^COMPARE max_relative_difference=//p' "$log")
  read -r wall user sys <"$timing"
  local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u + s}')
  if [ -z "$test_f1" ] || [ -z "$secs" ]; then
    echo "compare.sh: $key gave no result; see $log" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$config" "$impl" "$seed" \
    "$best" "$dev_f1" "$test_f1" "$secs" "$wall" "$cpu" "$before" "$after" "$(date -u +%FT%TZ)" \
    "$rng" "$diff" >>"$RUNS"
  echo "   test F1 $test_f1, trained in $secs s (load $before -> $after)"
}

if [ "$TABLE_ONLY" = 0 ]; then
  [ -f "$JAR" ] || { echo "compare.sh: $JAR is missing; build it first" >&2; exit 1; }
  for corpus in $CORPORA; do
    for config in $CONFIGS; do
      for seed in $SEEDS; do
        for impl in $IMPLS; do
          run_one "$corpus" "$config" "$impl" "$seed"
        done
      done
    done
  done
fi

"$PY" - "$RUNS" "$RESULTS/results.md" <<'EOF'
import csv, os, re, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
logs = os.path.dirname(sys.argv[1])
order = {"btc": 0, "wnut17": 1, "default": 0, "affixes": 1, "crf": 2, "java": 0, "pytorch-java": 1, "pytorch-torch": 2}

def impl(r):
    """java, or pytorch-java / pytorch-torch by the twin's random numbers (runs before --rng: torch)."""
    return "java" if r["impl"] == "java" else "pytorch-" + (r.get("rng") or "torch")

groups = {}
for r in rows:
    groups.setdefault((r["corpus"], r["config"], impl(r)), []).append(r)
name = {"java": "chainrule (Java)", "pytorch-java": "PyTorch 1.13, Java's random numbers",
        "pytorch-torch": "PyTorch 1.13, its own random numbers"}
corpus = {"btc": "BTC", "wnut17": "WNUT-17"}
conf = {"default": "window (default)", "affixes": "window + affixes (`--affixes`)", "crf": "window + CRF (`--crf`)"}

def epochs(r):
    log = os.path.join(logs, "%s-%s-%s-%s.log" % (r["corpus"], r["config"], r["impl"], r["seed"]))
    with open(log) as f:
        return sum(1 for line in f if re.match(r"epoch \d+/\d+ ", line))

out = ["| corpus | configuration | implementation | runs | test F1 mean | sd | min | max | training s mean | s per epoch mean |",
       "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
keys = sorted(groups, key=lambda k: tuple(order[x] for x in k))
for key in keys:
    g = sorted(groups[key], key=lambda r: int(r["seed"]))
    f1 = [float(r["test_f1"]) for r in g]
    s = [float(r["train_s"]) for r in g]
    per = [float(r["train_s"]) / epochs(r) for r in g]
    sd = statistics.stdev(f1) if len(f1) > 1 else float("nan")
    out.append("| %s | %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.0f | %.1f |" % (
        corpus[key[0]], conf[key[1]], name[key[2]], len(g),
        sum(f1) / len(f1), sd, min(f1), max(f1), sum(s) / len(s), sum(per) / len(per)))
paired = [r for r in rows if impl(r) == "pytorch-java"]
if paired:
    java = {(r["corpus"], r["config"], r["seed"]): r for r in rows if r["impl"] == "java"}
    out.append("")
    out.append("Same seed, same random numbers (the twin's --rng java), side by side; \"apart\" is the")
    out.append("largest difference between the two kept models' parameters, relative to the largest value:")
    out.append("")
    out.append("| corpus | configuration | seed | chainrule test F1 | PyTorch test F1 | chainrule dev F1 | PyTorch dev F1 | kept epoch | parameters apart |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in sorted(paired, key=lambda r: (order[r["corpus"]], order[r["config"]], int(r["seed"]))):
        j = java.get((r["corpus"], r["config"], r["seed"]))
        if j is None:
            continue
        epoch = j["best_epoch"] if j["best_epoch"] == r["best_epoch"] else "%s / %s" % (j["best_epoch"], r["best_epoch"])
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            corpus[r["corpus"]], conf[r["config"]], r["seed"], j["test_f1"], r["test_f1"],
            j["dev_f1"], r["dev_f1"], epoch, r["param_diff"] or "not compared"))
out.append("")
out.append("Per run (seed: test F1, training s, 1-minute load before/after):")
out.append("")
for key in keys:
    g = sorted(groups[key], key=lambda r: int(r["seed"]))
    out.append("- %s, %s, %s: %s" % (corpus[key[0]], key[1], key[2], "; ".join(
        "%s: %s, %.0f s (%s/%s)" % (r["seed"], r["test_f1"], float(r["train_s"]), r["load_before"], r["load_after"]) for r in g)))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
print("\n(%s)" % sys.argv[2])
EOF
