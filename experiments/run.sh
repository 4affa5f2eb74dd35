#!/usr/bin/env bash
# Runs one configuration of a search experiment for several seeds: the search (resumed if it was
# interrupted, skipped if finished), then its genotype retrained from scratch into RUN_DIR/model.
#
#   experiments/run.sh NAME "SEARCH OPTIONS" SEED...
#
# Every experiment in docs/RESULTS.md uses the budget below (override with the environment):
#   SEARCH_BUDGET  the search: the quick preset (C=8, one cell per stage, batch 64) cut to 6 epochs
#                  on 8,000 images (4k weights / 4k alphas), sharpness tracked every epoch (the
#                  exact largest Hessian eigenvalue on one validation batch of 64)
#   TRAIN_BUDGET   the retraining: NB201 network C=16, one cell per stage, 3 epochs on the first
#                  10,000 training images, tested on all 10,000 test images
#   THREADS        libtorch threads per process (1: two experiments can share a 2-core machine)
#   OUT            where run folders go (runs/experiments)
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=$1; OPTS=$2; shift 2
SEARCH_BUDGET=${SEARCH_BUDGET:-"--epochs 6 --limit 8000 --track-sharpness --sharpness-solver exact --sharpness-batches 1"}
TRAIN_BUDGET=${TRAIN_BUDGET:-"--epochs 3 --limit 10000"}
THREADS=${THREADS:-1}
OUT=${OUT:-runs/experiments}
mkdir -p "$OUT"
for SEED in "$@"; do
  RUN="$OUT/$NAME-seed$SEED"
  if [ ! -f "$RUN/summary.json" ]; then
    if [ -f "$RUN/config.json" ]; then
      ./distillnas search --resume "$RUN" --no-progress --threads "$THREADS"
    else
      # shellcheck disable=SC2086
      ./distillnas search $OPTS $SEARCH_BUDGET --seed "$SEED" --out "$RUN" --no-progress --threads "$THREADS"
    fi
  fi
  if [ ! -f "$RUN/model/results.json" ]; then
    if [ -f "$RUN/model/config.json" ]; then
      ./distillnas train --resume "$RUN/model" --no-progress --threads "$THREADS"
    else
      # shellcheck disable=SC2086
      ./distillnas train "$RUN/genotype.json" $TRAIN_BUDGET --seed "$SEED" --out "$RUN/model" --no-progress --threads "$THREADS"
    fi
  fi
done
