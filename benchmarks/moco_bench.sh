#!/usr/bin/env bash
# The encoder's whole MoCo training step, musicrec on DL4J/ND4J (org.musicrec.model.MocoStepBench, test
# code) against the same step in PyTorch (benchmarks/anchors/torch_moco_step.py, Debian's python3-torch),
# alternately in one session (java, torch, then torch, java, ...) so both see the same machine load.
# Each process warms up with one step and reports the median of ROUNDS steps and its peak RSS. Never run in CI.
#
#   bash benchmarks/moco_bench.sh                                   # resnet18 resnet50 at batch 16, whole batch
#   BATCH=128 MICRO=32 bash benchmarks/moco_bench.sh                # the seed's batch in micro-batches of 32
#   TORCH_MICRO=0 BATCH=128 MICRO=32 bash benchmarks/moco_bench.sh  # PyTorch takes the 128 in one pass
# Env: ARCHS (resnet18 resnet50), BATCH (16), MICRO (0 = whole batch), TORCH_MICRO (= MICRO), WIDTH (313),
# ROUNDS (3), PASSES (2), TORCH=0 to skip the anchor, OUT (log, default /tmp/moco_bench.log).
# The java side runs with MALLOC_MMAP_THRESHOLD_=4194304 unless set, as run_music_pipeline.sh runs the product.
set -uo pipefail
cd "$(dirname "$0")/.."
ARCHS=${ARCHS:-"resnet18 resnet50"}; BATCH=${BATCH:-16}; MICRO=${MICRO:-0}; TORCH_MICRO=${TORCH_MICRO:-$MICRO}
WIDTH=${WIDTH:-313}; ROUNDS=${ROUNDS:-3}; PASSES=${PASSES:-2}; OUT=${OUT:-/tmp/moco_bench.log}; TORCH=${TORCH:-1}
source benchmarks/side_by_side.sh
build_test_classpath
ensure_torch
java_run() { MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4194304}" java ${JAVA_OPTS:--Xmx4g -Dorg.bytedeco.javacpp.maxbytes=12G} -cp "$CP" org.musicrec.model.MocoStepBench "$1" "$BATCH" "$MICRO" "$WIDTH" "$ROUNDS" 2>&1 \
  | grep -v '^round' ; }
torch_run() { $PY benchmarks/anchors/torch_moco_step.py "$1" "$BATCH" "$TORCH_MICRO" "$WIDTH" "$ROUNDS" 2>&1 | grep -v '^round' ; }
run_interleaved
echo "== summary (median over passes of per-process medians; batch=$BATCH micro=$MICRO torch_micro=$TORCH_MICRO width=$WIDTH)"
for A in $ARCHS; do
  jv=$(grep "^RESULT dl4j $A moco " "$OUT" | sed 's/.*-> \([0-9.]*\) samples.*/\1/' | tr '\n' ' ')
  tv=$(grep "^RESULT torch $A moco " "$OUT" | sed 's/.*-> \([0-9.]*\) samples.*/\1/' | tr '\n' ' ')
  j=$(echo $jv | tr ' ' '\n' | med); t=$(echo $tv | tr ' ' '\n' | med)
  r=$( [[ -n "$t" && -n "$j" ]] && echo "scale=2; $j / $t" | bc -l || echo "-")
  jr=$(grep "^RSS dl4j $A " "$OUT" | sed 's/.*peak_rss_mb=\([0-9]*\).*/\1/' | sort -g | tail -1)
  tr=$(grep "^RSS torch $A " "$OUT" | sed 's/.*peak_rss_mb=\([0-9]*\).*/\1/' | sort -g | tail -1)
  echo "SUMMARY $A moco samples/s dl4j=${j:--} [$jv] torch=${t:--} [$tv] ratio=$r | peak_rss_mb dl4j=${jr:--} torch=${tr:--}"
done
