#!/usr/bin/env bash
# Chunk-cache build speed against the ffmpeg CLI decoding the same files whole.
#
#   bash benchmarks/cache_bench.sh            # from the repository root
#
# Music: Debian's nexuiz-music (18 Vorbis tracks, 2–8 min, 44.1 kHz stereo), each also converted
# to mp3 (libmp3lame 192 kb/s): 36 songs. Both sides decode the same files on the same machine in
# the same run with the same parallelism: musicrec seeks to 4 × 30 s chunks (seed config, int16,
# ffmpeg_threads 1, N workers, fresh cache, timed inside the JVM around the build); the anchor is
# `ffmpeg -threads 1 -i F -ac 1 -ar 16000 -f f32le` to /dev/null over all files with xargs -P N.
# Each pair runs ROUNDS times (default 3) interleaved; the median is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/tmp/musicrec-cache-bench}
ROUNDS=${ROUNDS:-3}
PK3=/usr/share/games/nexuiz/data/music.pk3

if ! command -v ffmpeg >/dev/null || [ ! -f "$PK3" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg nexuiz-music unzip
fi
mkdir -p "$WORK/music"
if [ ! -f "$WORK/.prepared" ]; then
  rm -rf "$WORK/pk3" && mkdir -p "$WORK/pk3"
  unzip -q -o "$PK3" -d "$WORK/pk3"
  find "$WORK/pk3" -name '*.ogg' -exec cp {} "$WORK/music/" \;
  ls "$WORK/music"/*.ogg | xargs -P 2 -I{} sh -c \
    'ffmpeg -v error -y -i "$1" -c:a libmp3lame -b:a 192k "${1%.ogg}.mp3"' _ {}
  touch "$WORK/.prepared"
fi

./mvnw -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" \
  >/dev/null 2>&1 || mvn -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
N=$(ls "$WORK/music" | wc -l)
cat "$WORK"/music/* > /dev/null   # both sides start from the page cache

ffmpeg_run() {  # workers -> seconds
  local t0 t1
  t0=$(date +%s.%N)
  ls "$WORK"/music/* | xargs -P "$1" -I{} ffmpeg -v error -nostdin -threads 1 -i {} -ac 1 -ar 16000 -f f32le -y /dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

echo "songs: $N ($(du -sh "$WORK/music" | cut -f1)), cores: $(nproc), $(ffmpeg -version | head -1)"
for W in 1 2; do
  ours=(); anchor=()
  for R in $(seq "$ROUNDS"); do
    line=$(java -Xmx2g -cp "$CP" org.musicrec.cache.CacheBench "$WORK/music" "$W" "$WORK/cache")
    echo "  round $R: $line"
    ours+=("$(echo "$line" | sed 's/.*songs_per_s=//')")
    s=$(ffmpeg_run "$W")
    a=$(echo "$N / $s" | bc -l)
    printf '  round %d: ffmpeg-cli workers=%d songs=%d seconds=%.2f songs_per_s=%.2f\n' "$R" "$W" "$N" "$s" "$a"
    anchor+=("$a")
  done
  mo=$(printf '%s\n' "${ours[@]}" | sort -g | sed -n "$(( (ROUNDS + 1) / 2 ))p")
  ma=$(printf '%s\n' "${anchor[@]}" | sort -g | sed -n "$(( (ROUNDS + 1) / 2 ))p")
  printf 'workers=%d  musicrec %.2f songs/s  ffmpeg-cli %.2f songs/s  ratio %.2fx (medians of %d)\n' \
    "$W" "$mo" "$ma" "$(echo "$mo / $ma" | bc -l)" "$ROUNDS"
done
