#!/usr/bin/env bash
# Reproduces docs/classification.md: pretrains a ResNet18 with the CPU recipe (the pretrain defaults, preset cpu) on the target's own
# unlabelled images (../shared/data/nanofiber-sem, labels unused), then runs the label-efficiency protocol with the
# default probe and feature size against the untrained twin (random:resnet18) and the classical texture baseline,
# once split by image and once split by sample.
# Usage: bench/real-data-classification.sh [OUT_DIR] [PRETRAIN_IMAGES]
#   (pretraining: about 3.5 CPU-minutes; each label-efficiency run 1-5 min on 2 idle cores)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="$here/../shared/data"
out="${1:-$here/real-data-output/classification}"
images="${2:-$shared/nanofiber-sem}"
mkdir -p "$out"
if [ ! -f "$out/encoder/manifest.json" ]; then
  "$here/ssl-tem" pretrain --images "$images" --out "$out/encoder" --checkpoint_every 10
fi
encoders="$out/encoder,random:resnet18,baseline:texture"
"$here/ssl-tem" label-efficiency --encoder "$encoders" --dataset "$shared/nanofiber-sem" \
  --labels 1,2,4,8,16 --split_seeds 20 --out "$out/label-efficiency" --overwrite
"$here/ssl-tem" label-efficiency --encoder "$encoders" --dataset "$shared/nanofiber-sem" \
  --labels 1,2,4,8,16 --split_seeds 20 --split_by_sample --out "$out/label-efficiency-by-sample" --overwrite
