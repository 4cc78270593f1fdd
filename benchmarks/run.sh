#!/usr/bin/env bash
# JMH benchmarks of musicrec. Usage (from anywhere):
#   benchmarks/run.sh CqtBenchmark            # any JMH arguments: regex, -p batch=16, -f, -i, ...
#   benchmarks/run.sh 'CqtBenchmark|SgemmBenchmark' -rf json -rff /tmp/cqt.json
#   benchmarks/run.sh --summary /tmp/cqt.json # clips/s and GFLOP/s table (medians) from JSON results
#   benchmarks/run.sh --paired nd4j 16 10 15  # interleaved sgemm/direct/multirate rounds (THREADING B SECONDS ROUNDS)
# Builds the project (install, tests skipped) and this module first unless NO_BUILD=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
if [[ "${NO_BUILD:-0}" != 1 ]]; then
  (cd "$root" && ./mvnw -q install -DskipTests)
  (cd "$here" && "$root/mvnw" -q package -DskipTests)
fi
cp="$here/target/benchmarks.jar:$here/target/lib/*"
if [[ "${1:-}" == "--paired" ]]; then
  shift; exec java -Xmx8g -Dorg.bytedeco.javacpp.maxbytes=12G -cp "$cp" org.musicrec.bench.PairedCqtBench "$@"
fi
if [[ "${1:-}" == "--summary" ]]; then
  shift; exec java -cp "$cp" org.musicrec.bench.Summary "$@"
fi
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
