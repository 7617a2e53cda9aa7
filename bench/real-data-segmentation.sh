#!/usr/bin/env bash
# Reproduces docs/segmentation.md: frames split by frame range (scripts/FrameSplit.java), a
# segmenter on a pretrained encoder trained on 8 labelled frames at SIZE px (the encoder's batch-norm statistics
# re-measured on the training pool, --calibrate_bn), the held-out frames segmented and scored.
# Usage: bench/real-data-segmentation.sh ENCODER_DIR SIZE [hrtem|isbi] [OUT_DIR]
#   hrtem (default): ../shared/data/nanowire-hrtem-seg, nanowire (class 1) against droplet and background; SIZE 224,
#                    512 or 1024 (1024 trains on random 512 px crops, --crop 512, and segments with 512 px tiles)
#   isbi:            ../shared/data/isbi2012-membranes, membrane (class 1) against the rest; SIZE 512
# Extra train-segmenter flags can be passed in TRAIN_FLAGS (e.g. TRAIN_FLAGS="--choose random"), the seed in SEED (default 1).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
encoder="$1"; size="$2"; dataset="${3:-hrtem}"
out="${4:-$here/real-data-output/$dataset-$size}"
case "$dataset" in
  hrtem) src="$here/../shared/data/nanowire-hrtem-seg"; pool=19; gap=4; classes=3 ;;
  isbi)  src="$here/../shared/data/isbi2012-membranes"; pool=15; gap=3; classes=2 ;;
  *) echo "unknown dataset '$dataset': use hrtem or isbi" >&2; exit 2 ;;
esac
crop=()
tile="$size"
if [ "$size" -gt 512 ]; then crop=(--crop 512); tile=512; fi
"$here/ssl-tem" --version >/dev/null   # builds the jar when needed
[ -d "$out/split" ] || java -cp "$here/target/ssl-tem.jar:$here/target/lib/*" "$here/scripts/FrameSplit.java" \
  "$src" "$out/split" "$size" "$pool" "$gap"
# shellcheck disable=SC2086
"$here/ssl-tem" train-segmenter --encoder "$encoder" --images "$out/split/train/images" --masks "$out/split/train/masks" \
  --foreground 1 --size "$size" --labeled 8 --seed "${SEED:-1}" --calibrate_bn "${crop[@]}" ${TRAIN_FLAGS:-} --out "$out/segmenter"
"$here/ssl-tem" segment --segmenter "$out/segmenter" --images "$out/split/test/images" --out "$out/predicted" --tile "$tile"
"$here/ssl-tem" seg-eval --predicted "$out/predicted/masks" --truth "$out/split/test/masks" --classes "$classes" --foreground 1 \
  --out "$out/scores.json"
