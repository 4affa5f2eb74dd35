#!/usr/bin/env bash
# The sampling-family experiment of docs/RESULTS.md, step by step; every step is skipped when its
# output exists and resumed when it was interrupted, so the script can be re-run until it is done.
#
#   experiments/sampling.sh supernets SEED...   SPOS and sandwich supernets on mbv3-small
#   experiments/sampling.sh evolve SEED...      evolution and random search on each supernet
#   experiments/sampling.sh retrain SEED...     the best subnet per budget retrained from scratch (Cream:
#                                               also its board's best path per budget)
#   experiments/sampling.sh rank SEED...        each supernet's order of the stand-alone table ($OUT/table)
#   experiments/sampling.sh confidence SEED...  AlphaNet's diagnostic: students over- or under-confident
#   experiments/sampling.sh report SEED...      the tables and the plot of docs/RESULTS.md
#
# VARIANTS chooses the supernets (default "spos sandwich"); a variant is a method, alphanet-LOSS
# for AlphaNet with --kd-loss LOSS, or cream-RULE for Cream with --matching RULE. The AlphaNet
# experiment of docs/RESULTS.md:
#   VARIANTS="sandwich alphanet-kl alphanet-adaptive" experiments/sampling.sh supernets 0 1 2
# and so on for every step; its report goes to the section "alphanet". The Cream experiment:
#   OUT=runs/cream VARIANTS="spos cream cream-best" EVOLVE_EXTRA= experiments/sampling.sh supernets 0 1 2
# (report section "cream"; its rank step reads the stand-alone table from $TABLE).
#
# Budget (override with the environment):
#   SEARCH_BUDGET  4 epochs on 8,000 images (4,000 train, 4,000 validation)
#   BUDGETS        FLOPs budgets of the evolution, in millions of multiply-adds
#   EVOLVE         the evolution: the quick preset cut to 4 generations, each subnet scored on 1,000
#                  validation images (256 evaluations per run, evolution and random search together)
#   EVOLVE_EXTRA   extra evolve options (default --random-search: random search at equal evaluations)
#   CREAM_ARGS     Cream's options (default --meta-every 10: the reference's look-aheads per epoch,
#                  1,250 steps / 200, at our 62 steps per epoch)
#   TRAIN_BUDGET   the retraining: 2 epochs on the first 8,000 training images, all 10,000 test images
#   TABLE          the stand-alone table of the rank step (default $OUT/table/table.csv)
#   THREADS        libtorch threads per process (1: two processes share a 2-core machine)
#   OUT            where run folders go
#   DISTILLNAS     the launcher (default ./distillnas; a copy of target/appassembler keeps a long
#                  experiment safe from rebuilds)
#
# The stand-alone table that the rankings use:
#   distillnas table --space mbv3-small --sample 30 --seed 0 --workers 2 --out $OUT/table \
#       --epochs 2 --batch-size 64 --limit 5000 --threads 1
set -euo pipefail
cd "$(dirname "$0")/.."
STEP=$1; shift
SEARCH_BUDGET=${SEARCH_BUDGET:-"--epochs 4 --limit 8000"}
BUDGETS=${BUDGETS:-"4,8"}
EVOLVE=${EVOLVE:-"--generations 4 --eval-images 1000"}
TRAIN_BUDGET=${TRAIN_BUDGET:-"--epochs 2 --batch-size 64 --limit 8000"}
EVOLVE_EXTRA=${EVOLVE_EXTRA---random-search}
CREAM_ARGS=${CREAM_ARGS:-"--meta-every 10"}
THREADS=${THREADS:-1}
OUT=${OUT:-runs/sampling}
TABLE=${TABLE:-$OUT/table/table.csv}
DISTILLNAS=${DISTILLNAS:-./distillnas}
VARIANTS=${VARIANTS:-"spos sandwich"}
mkdir -p "$OUT"
for SEED in "$@"; do
  for VARIANT in $VARIANTS; do
    RUN="$OUT/$VARIANT-seed$SEED"
    METHOD=${VARIANT%%-*}
    METHOD_ARGS=(--method "$METHOD")
    if [ "$METHOD" = cream ]; then
      # shellcheck disable=SC2206
      METHOD_ARGS+=($CREAM_ARGS)
      [ "$METHOD" = "$VARIANT" ] || METHOD_ARGS+=(--matching "${VARIANT#*-}")
    elif [ "$METHOD" != "$VARIANT" ]; then
      METHOD_ARGS+=(--kd-loss "${VARIANT#*-}")
    fi
    case $STEP in
      supernets)
        if [ ! -f "$RUN/summary.json" ]; then
          if [ -f "$RUN/config.json" ]; then
            "$DISTILLNAS" search --resume "$RUN" --no-progress --threads "$THREADS"
          else
            # shellcheck disable=SC2086
            "$DISTILLNAS" search --space mbv3-small "${METHOD_ARGS[@]}" $SEARCH_BUDGET --seed "$SEED" --out "$RUN" \
              --no-progress --threads "$THREADS"
          fi
        fi ;;
      evolve)
        # an interrupted evolve continues from its scores.jsonl when run again with the same settings
        grep -q '"status" : "done"' "$RUN/evolve/summary.json" 2>/dev/null ||
          # shellcheck disable=SC2086
          "$DISTILLNAS" evolve "$RUN" --budgets "$BUDGETS" $EVOLVE $EVOLVE_EXTRA --seed "$SEED"
        ;;
      retrain)
        if [ "$METHOD" = cream ]; then
          # Cream's own architecture: the board's best path under each budget, when the board has one
          for B in ${BUDGETS//,/ }; do
            [ -f "$RUN/board-${B}M.json" ] || "$DISTILLNAS" board "$RUN" --budget "$B" || true
          done
        fi
        for BEST in "$RUN"/evolve/best-*M.json "$RUN"/board-*M.json; do
          [ -f "$BEST" ] || continue
          MODEL="${BEST%.json}-model"
          if [ ! -f "$MODEL/results.json" ]; then
            if [ -f "$MODEL/config.json" ]; then
              "$DISTILLNAS" train --resume "$MODEL" --no-progress --threads "$THREADS"
            else
              # shellcheck disable=SC2086
              "$DISTILLNAS" train "$BEST" $TRAIN_BUDGET --seed "$SEED" --out "$MODEL" --no-progress --threads "$THREADS"
            fi
          fi
        done ;;
      rank)
        [ -f "$RUN/rank.csv" ] || "$DISTILLNAS" rank "$RUN" --archs "$TABLE" --out "$RUN/rank.csv" \
          --threads "$THREADS"
        ;;
      confidence)
        [ -f "$RUN/confidence.json" ] || "$DISTILLNAS" confidence "$RUN" --random 4 --seed 0 --threads "$THREADS" ;;
      report) ;;
      *) echo "unknown step '$STEP': expected supernets, evolve, retrain, rank, confidence or report" >&2; exit 2 ;;
    esac
  done
done
if [ "$STEP" = report ]; then
  RUNS=()
  for SEED in "$@"; do for VARIANT in $VARIANTS; do RUNS+=("$OUT/$VARIANT-seed$SEED"); done; done
  if [[ "$VARIANTS" == *cream* ]]; then
    "$DISTILLNAS" compare "${RUNS[@]}" --title "Cream vs SPOS, mbv3-small" --plots docs/img --prefix cream \
      --out docs/RESULTS.md --section cream
  elif [ "$VARIANTS" = "spos sandwich" ]; then
    "$DISTILLNAS" compare "${RUNS[@]}" --title "SPOS vs sandwich, mbv3-small" --plots docs/img --prefix sampling \
      --out docs/RESULTS.md --section sampling
  else
    "$DISTILLNAS" compare "${RUNS[@]}" --title "In-place distillation, mbv3-small" --plots docs/img --prefix alphanet \
      --out docs/RESULTS.md --section alphanet
  fi
fi
