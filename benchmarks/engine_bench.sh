#!/usr/bin/env bash
# CPU engine benchmark: musicrec's encoder graph on DL4J/ND4J (org.musicrec.model.EngineProfile, test
# code) against the same network in PyTorch (benchmarks/anchors/torch_encoder.py, Debian's
# python3-torch), run alternately in one session (java, torch, torch, java, ... per pass) so both see the
# same machine load. Each process warms up once and reports the median of ROUNDS steps; the summary
# is the median over passes. Never run in CI.
#
#   bash benchmarks/engine_bench.sh                        # bench resnet18 resnet50, batch 16, 10 s input
#   MODE=profile PASSES=1 bash benchmarks/engine_bench.sh  # + per-layer-type fwd/bwd ms on both sides
#   MODE=infer WIDTH=938 BATCH=8 bash benchmarks/engine_bench.sh   # inference on 30 s chunks
#   JAVA_OPTS="-Dengine.cache=DEVICE" bash benchmarks/engine_bench.sh  # settings, see EngineProfile
# Env: ARCHS (resnet18 resnet50), BATCH (16), WIDTH (313), ROUNDS (3), PASSES (2), MODE (bench|profile|infer),
# TORCH=0 to skip the anchor, OUT (log file, default /tmp/engine_bench.log).
# The java side runs with MALLOC_MMAP_THRESHOLD_=4194304 unless set, as run_music_pipeline.sh runs the product.
set -uo pipefail
cd "$(dirname "$0")/.."
ARCHS=${ARCHS:-"resnet18 resnet50"}; BATCH=${BATCH:-16}; WIDTH=${WIDTH:-313}; ROUNDS=${ROUNDS:-3}
PASSES=${PASSES:-2}; MODE=${MODE:-bench}; OUT=${OUT:-/tmp/engine_bench.log}; TORCH=${TORCH:-1}
source benchmarks/side_by_side.sh
build_test_classpath
ensure_torch
java_run() { MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4194304}" java ${JAVA_OPTS:-} -cp "$CP" org.musicrec.model.EngineProfile "$MODE" "$1" "$BATCH" "$WIDTH" "$ROUNDS" 2>&1 \
  | grep -v '^round' ; }
torch_run() { $PY benchmarks/anchors/torch_encoder.py "$MODE" "$1" "$BATCH" "$WIDTH" "$ROUNDS" 2>&1 | grep -v '^round' ; }
run_interleaved
echo "== summary (median over passes of per-process medians; $MODE batch=$BATCH width=$WIDTH; all values in brackets)"
for A in $ARCHS; do
  for K in train infer; do
    jv=$(grep "^RESULT dl4j $A $K " "$OUT" | sed 's/.*-> \([0-9.]*\) samples.*/\1/' | tr '\n' ' ')
    tv=$(grep "^RESULT torch $A $K " "$OUT" | sed 's/.*-> \([0-9.]*\) samples.*/\1/' | tr '\n' ' ')
    [[ -z "$jv" ]] && continue
    j=$(echo $jv | tr ' ' '\n' | med); t=$(echo $tv | tr ' ' '\n' | med)
    jc=$(grep "^RESULT dl4j $A $K " "$OUT" | grep -o 'cpu_s=[0-9.]*' | cut -d= -f2 | med)
    tc=$(grep "^RESULT torch $A $K " "$OUT" | grep -o 'cpu_s=[0-9.]*' | cut -d= -f2 | med)
    r=$( [[ -n "$t" ]] && echo "scale=2; $j / $t" | bc -l || echo "-")
    echo "SUMMARY $A $K samples/s dl4j=$j [$jv] torch=${t:--} [$tv] ratio=$r | cpu s/batch dl4j=${jc:--} torch=${tc:--}"
  done
  jr=$(grep "^RSS dl4j $A " "$OUT" | sed 's/.*peak_rss_mb=\([0-9]*\).*/\1/' | sort -g | tail -1)
  tr=$(grep "^RSS torch $A " "$OUT" | sed 's/.*peak_rss_mb=\([0-9]*\).*/\1/' | sort -g | tail -1)
  echo "SUMMARY $A peak_rss_mb (max over passes) dl4j=$jr torch=${tr:--}"
done
