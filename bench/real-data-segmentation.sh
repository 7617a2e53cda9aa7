#!/usr/bin/env bash
# Reproduces the README's "Segmentation on real frames": HRTEM frames split by frame range (scripts/HrtemSplit.java),
# a segmenter on a pretrained encoder trained on 8 labelled frames at SIZE px, the held-out frames segmented and scored.
# Usage: bench/real-data-segmentation.sh ENCODER_DIR SIZE [OUT_DIR]   (SIZE 224, 512 or 1024)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
encoder="$1"; size="$2"
out="${3:-$here/real-data-output/hrtem-$size}"
"$here/ssl-tem" --version >/dev/null   # builds the jar when needed
[ -d "$out/split" ] || java -cp "$here/target/ssl-tem.jar:$here/target/lib/*" "$here/scripts/HrtemSplit.java" \
  "$here/../shared/data/nanowire-hrtem-seg" "$out/split" "$size"
"$here/ssl-tem" train-segmenter --encoder "$encoder" --images "$out/split/train/images" --masks "$out/split/train/masks" \
  --foreground 1 --size "$size" --labeled 8 --seed 1 --out "$out/segmenter"
"$here/ssl-tem" segment --segmenter "$out/segmenter" --images "$out/split/test/images" --out "$out/predicted" --tile "$size"
"$here/ssl-tem" seg-eval --predicted "$out/predicted/masks" --truth "$out/split/test/masks" --classes 3 --foreground 1 \
  --out "$out/scores.json"
