#!/usr/bin/env bash
# musicrec pipeline entry point: ./run_music_pipeline.sh STAGE [options]
# Builds the project once (or when sources changed), then runs `musicrec STAGE [options]`.
# Works from any directory; working files go where the config says, relative to the current one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/musicrec.jar"

usage() {
  cat <<USAGE
usage: $(basename "$0") STAGE [options]
stages:
  demo          make the demo library (./demo) and run every stage on it
  all           the whole pipeline: build-cache, encoder, classifier, recommend
  quick         the whole pipeline with 5 epochs: a fast check of a setup
  update        new songs and ratings in, new playlists out
  build-cache   decode every song's chunks into the chunk cache
  cache-stats   what the chunk cache holds
  clear-cache   delete the chunk cache files musicrec made
  encoder       train the audio encoder, then embed every song
  embed         embed and describe the cached songs that lack it
  classifier    train the rating model on your ratings
  recommend     write the playlists of unrated songs
  similar       the songs that sound most like one song
  evaluate      measure an embedding version against baselines
  export        embeddings and descriptors for other tools, and a map
  cqt           constant-Q transform of one clip, as .npy and a PNG
Run '$(basename "$0") STAGE --help' for a stage's options.
Environment: CONFIG, CLEMENTINE_DB_PATH, MUSIC_PATH_REMAP, JAVA_OPTS.
USAGE
}

if [ $# -eq 0 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  usage
  exit 0
fi

needs_build() {
  [ -f "$jar" ] || return 0
  [ -d "$here/target/lib" ] || return 0
  # Rebuild when any source, resource, config or the pom is newer than the jar.
  [ -n "$(find "$here/src/main" "$here/configs" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]
}

if needs_build; then
  echo "Building musicrec (first run downloads dependencies; takes a few minutes)..." >&2
  (cd "$here" && ./mvnw -q -B -DskipTests package) >&2
fi

# Java encodes file names with the locale's charset; music libraries are full of non-ASCII names.
case "$(locale charmap 2>/dev/null)" in
  UTF-8|utf8) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac

# glibc keeps freed blocks below its mmap threshold (which grows to 32 MB) for reuse; the native side frees
# many activation-sized blocks early on and never reuses them. Blocks of 4 MB and more mapped on their own
# go back to the system when freed: ResNet-50 training peaks at 3.2 instead of 4.5 GB, ~2 % slower.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-4194304}"

# ND4J keeps tensors off-heap; JavaCPP caps that at maxbytes (defaults to 2 x heap).
exec java ${JAVA_OPTS:--Xmx4g -Dorg.bytedeco.javacpp.maxbytes=12G} -jar "$jar" "$@"
