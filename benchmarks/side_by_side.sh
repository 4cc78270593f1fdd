# Shared by engine_bench.sh and moco_bench.sh (sourced, not run): the test classpath, the PyTorch anchor's
# packages, and the interleaved passes that let both sides see the same machine load.
# Expects ARCHS, PASSES, OUT, TORCH set, and the caller's java_run / torch_run functions (argument: arch).

# Test classes + their classpath in target/engine-cp.txt (NO_BUILD=1 reuses the last build); sets CP.
build_test_classpath() {
  if [[ "${NO_BUILD:-0}" != 1 ]]; then
    ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/engine-cp.txt >/dev/null || exit 1
  fi
  CP="target/test-classes:target/classes:$(cat target/engine-cp.txt)"
}

# Debian's python3-torch and python3-torchvision for the anchor, unless TORCH=0; sets PY.
ensure_torch() {
  PY=/usr/bin/python3
  if [[ "$TORCH" == 1 ]] && ! $PY -c 'import torch, torchvision' 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision
  fi
}

# PASSES passes over ARCHS, java first in odd passes and torch first in even ones, all output into OUT.
run_interleaved() {
  : > "$OUT"
  for P in $(seq "$PASSES"); do
    for A in $ARCHS; do
      echo "== pass $P $A uptime: $(uptime)" | tee -a "$OUT"
      if (( P % 2 == 1 )) || [[ "$TORCH" != 1 ]]; then
        java_run "$A" | tee -a "$OUT"; [[ "$TORCH" == 1 ]] && torch_run "$A" | tee -a "$OUT"
      else
        torch_run "$A" | tee -a "$OUT"; java_run "$A" | tee -a "$OUT"
      fi
    done
  done
}

# Median of the numbers on stdin, one per line.
med() { sort -g | awk '{a[NR]=$1} END{if(NR) print a[int((NR+1)/2)]}'; }
