#!/usr/bin/env bash
# Runs one configuration of a search experiment for several seeds: the search (resumed if it was
# interrupted, skipped if finished), then its genotype retrained from scratch into RUN_DIR/model.
#
#   experiments/run.sh NAME "SEARCH OPTIONS" SEED...
#
# Every experiment in docs/RESULTS.md uses the budget below (override with the environment):
#   SEARCH_BUDGET  the search's budget: the README search's quick preset (8 epochs, 8k/8k images,
#                  C=8, one cell per stage) with sharpness tracked every epoch (5 power iterations,
#                  one validation batch of 64)
#   TRAIN_BUDGET   the retraining: NB201 network C=16, one cell per stage, 4 epochs on the first
#                  20,000 training images, tested on all 10,000 test images
#   OUT            where run folders go (runs/experiments)
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=$1; OPTS=$2; shift 2
SEARCH_BUDGET=${SEARCH_BUDGET:-"--track-sharpness --sharpness-iterations 5 --sharpness-batches 1"}
TRAIN_BUDGET=${TRAIN_BUDGET:-"--epochs 4 --limit 20000"}
OUT=${OUT:-runs/experiments}
mkdir -p "$OUT"
for SEED in "$@"; do
  RUN="$OUT/$NAME-seed$SEED"
  if [ ! -f "$RUN/summary.json" ]; then
    if [ -f "$RUN/config.json" ]; then
      ./distillnas search --resume "$RUN" --no-progress
    else
      # shellcheck disable=SC2086
      ./distillnas search $OPTS $SEARCH_BUDGET --seed "$SEED" --out "$RUN" --no-progress
    fi
  fi
  if [ ! -f "$RUN/model/results.json" ]; then
    if [ -f "$RUN/model/config.json" ]; then
      ./distillnas train --resume "$RUN/model" --no-progress
    else
      # shellcheck disable=SC2086
      ./distillnas train "$RUN/genotype.json" $TRAIN_BUDGET --seed "$SEED" --out "$RUN/model" --no-progress
    fi
  fi
done
