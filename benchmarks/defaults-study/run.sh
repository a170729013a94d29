#!/usr/bin/env bash
# The defaults study: candidate recipes x 6 data sets x 3 seeds at 5000 iterations, judged by exact
# W2 (the evaluator in ../shared/bench) beside the PyTorch reference at the same budget and seeds.
#
#   benchmarks/defaults-study/run.sh [DIR] [STAGES]
#
# DIR (default target/defaults-study) receives data/, samples/, java-runs.csv and w2.csv; STAGES is
# any of "data torch java judge" (default all four, in that order). Needs examples/target/flowmatch-examples.jar
# (mvn -B install -DskipTests) and the bench's Python packages (see ../shared/bench/README.md).
# Everything runs on one thread; the Java side in one JVM. About 10 min (Java) + 6 min (PyTorch) + 10 min (judge)
# on one core of the study's machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="${BENCH:-$ROOT/../shared/bench}"
PY="${PY:-/usr/bin/python3}"
DIR="${1:-$ROOT/target/defaults-study}"
STAGES="${2:-data torch java judge}"
JAR="${JAR:-$ROOT/examples/target/flowmatch-examples.jar}"
SEEDS="${SEEDS:-0 1 2}"
DATASETS="moons spiral annulus 8gaussians checkerboard swissroll"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$DIR"
for stage in $STAGES; do
  case "$stage" in
    data)
      java -cp "$JAR" io.flowmatch.examples.DefaultsStudy data "$DIR" ;;
    torch)
      mkdir -p "$DIR/samples/torch"
      for ds in $DATASETS; do
        case "$ds" in
          checkerboard|swissroll) src="$DIR/data/$ds-train.csv" ;;
          *) src="$ds" ;;
        esac
        for seed in $SEEDS; do
          out="$DIR/samples/torch/$ds-s$seed.npy"
          [ -s "$out" ] && continue
          "$PY" "$BENCH/torch_fm.py" quality --dataset "$src" --iters 5000 --batch 256 --seed "$seed" \
            --out "$out" --threads 1
        done
      done ;;
    java)
      java -cp "$JAR" io.flowmatch.examples.DefaultsStudy run "$DIR" ${CANDIDATES:+--candidates "$CANDIDATES"} \
        --seeds "$(echo $SEEDS | tr ' ' ,)" ;;
    judge)
      "$PY" "$ROOT/benchmarks/defaults-study/judge.py" "$DIR" --bench "$BENCH" ;;
    *) echo "unknown stage $stage (expected data, torch, java, judge)" >&2; exit 2 ;;
  esac
done
