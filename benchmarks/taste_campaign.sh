#!/usr/bin/env bash
# Issue 13 campaign. Per seed two full demos: genre-S (every song at the same level) and energy-S (levels
# vary, as in every other taste). sound, artist and tempo-mode libraries of the same seed have exactly
# energy-S's audio (same plan, same levels; only ratings and truth differ): they are generated up to
# their DB and truth, and evaluated on energy-S's cache and encoder through music_path_remap.
# Usage: NEW_JAR=target/musicrec.jar OLD_JAR=/path/to/old/musicrec.jar EVAL_DIR=/tmp/eval benchmarks/taste_campaign.sh 1 2 3
# (OLD_JAR empty: no "before" run). Writes EVAL_DIR/TASTE-SEED/{after,before}.txt.
set -u
NEW=$(realpath "${NEW_JAR:-target/musicrec.jar}"); OLD=${OLD_JAR:+$(realpath "$OLD_JAR")}
E=$(realpath -m "${EVAL_DIR:-eval-campaign}"); mkdir -p "$E"; cd "$E" 
export LC_ALL=C.UTF-8
J="java -Xmx6g -jar"
for S in "$@"; do
  for F in genre energy; do
    D=$E/$F-$S
    if [[ ! -f $D/demo.done ]]; then
      rm -f $D/lib.done
      $J $NEW demo --dir $D --songs 250 --seed $S --taste $F > $D.log 2>&1 && touch $D/demo.done
    fi
  done
  for T in genre energy sound artist tempo-mode; do
    D=$E/$T-$S
    G=$E/energy-$S; [[ $T == genre ]] && G=$E/genre-$S
    if [[ $T != genre && $T != energy ]]; then
      if [[ ! -f $D/truth.csv || ! -f $D/lib.done ]]; then
        mkdir -p $D
        $J $NEW demo --dir $D --songs 250 --seed $S --taste $T > $D.log 2>&1 &
        pid=$!
        while kill -0 $pid 2>/dev/null && ! grep -q "== build-cache" $D.log; do sleep 2; done
        kill $pid 2>/dev/null; wait $pid 2>/dev/null
        touch $D/lib.done
      fi
    fi
    db=$(grep db_path $D/demo.yaml | sed 's/.*db_path: //')
    {
      echo "library:"; echo "  db_path: $db"
      [[ $D != $G ]] && echo "  music_path_remap: \"$D/music:$G/music\""
      echo "paths:"; echo "  cache_dir: \"$G/cache\""; echo "  models_dir: \"$G/models\""
      echo "  output_dir: \"$D/out-new\""
      echo "encoder:"; echo "  backbone: narrow"; echo "  epochs: 15"; echo "  batch_size: 16"; echo "  queue_size: 256"; echo "  encoder_version: demo-narrow-1"
    } > $D/eval.yaml
    sed 's/out-new/out-old/' $D/eval.yaml > $D/eval-old.yaml
    sed "s#$D/music#$G/music#" $D/truth.csv > $D/truth-eval.csv
    cut -d, -f1,2 $D/truth-eval.csv > $D/truth2.csv
    $J $NEW evaluate --config $D/eval.yaml --truth $D/truth-eval.csv > $D/after.txt 2>&1
    [[ -n $OLD ]] && $J $OLD evaluate --config $D/eval-old.yaml --truth $D/truth2.csv > $D/before.txt 2>&1
  done
done
echo done
