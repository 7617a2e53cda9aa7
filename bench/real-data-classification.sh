#!/usr/bin/env bash
# Reproduces the README's "Classification on real data": pretrains a ResNet18 on ../shared/data/em-unlabeled
# (SimCLR, Adam) and runs the label-efficiency protocol on ../shared/data/nanofiber-sem against random:resnet18.
# Usage: bench/real-data-classification.sh [OUT_DIR]   (about 8 min of pretraining on 2 idle cores)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="$here/../shared/data"
out="${1:-$here/real-data-output/classification}"
mkdir -p "$out"
if [ ! -f "$out/encoder/manifest.json" ]; then
  "$here/ssl-tem" pretrain --images "$shared/em-unlabeled" --out "$out/encoder" --arch resnet18 --size 64 --batch 32 \
    --epochs 15 --method simclr --optimizer adam --lr 1e-3 --checkpoint_every 5
fi
"$here/ssl-tem" label-efficiency --encoder "$out/encoder,random:resnet18" --dataset "$shared/nanofiber-sem" \
  --labels 1,2,4,8,16,32,80 --split_seeds 100 --standardize --calibrate_bn --out "$out/label-efficiency" --overwrite
