#!/usr/bin/env bash
# Side-by-side timing of SSL-TEM against the PyTorch peer (../shared/bench/peer_torch_ssl.py), alternating
# A B A B so drift on the machine hits both alike. Prints every run's JSON, then one ratio per case:
# ours images/s ÷ peer images/s (median over the rounds); for training, also ours with --pipeline graph (the step
# alone) and full ÷ graph, the cost of the input pipeline (full and graph swap order every round). Needs Debian's python3-torch and python3-torchvision:
#   apt-get install -y python3-torch python3-torchvision
# Usage: bench/compare-peer.sh [ROUNDS=2] [THREADS=all cores] [STEPS=5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="$here/../shared/bench/peer_torch_ssl.py"
rounds="${1:-2}"; threads="${2:-$(nproc)}"; steps="${3:-5}"
py=/usr/bin/python3
[ -f "$peer" ] || { echo "compare-peer: $peer not found (../shared must sit beside the project)" >&2; exit 2; }
"$py" -c "import torch, torchvision" 2>/dev/null || { echo "compare-peer: PyTorch missing; run: apt-get install -y python3-torch python3-torchvision" >&2; exit 2; }
"$here/ssl-tem" --version >/dev/null   # builds the jar once, outside the timings

log="$(mktemp)"; trap 'rm -f "$log"' EXIT
cases=("resnet50 224 8 train" "resnet18 96 16 train" "resnet50 224 8 features" "resnet18 96 16 features")
for r in $(seq "$rounds"); do
  for c in "${cases[@]}"; do
    set -- $c
    peer_json=$("$py" "$peer" --arch "$1" --size "$2" --batch "$3" --threads "$threads" --steps "$steps" --warmup 2 --mode "$4" 2>/dev/null | tail -1)
    graph_json='{}'
    if [ "$4" = train ]; then
      pretrain() { "$here/ssl-tem" bench pretrain --pipeline "$1" --arch "$2" --size "$3" --batch "$4" --threads "$threads" --steps "$steps" --warmup 2 2>/dev/null | tail -1; }
      if [ $((r % 2)) -eq 1 ]; then
        ours_json=$(pretrain full "$1" "$2" "$3"); graph_json=$(pretrain graph "$1" "$2" "$3")
      else
        graph_json=$(pretrain graph "$1" "$2" "$3"); ours_json=$(pretrain full "$1" "$2" "$3")
      fi
    else
      ours_json=$("$here/ssl-tem" bench features --arch "$1" --size "$2" --batch "$3" --threads "$threads" --steps "$steps" --warmup 2 2>/dev/null | tail -1)
    fi
    echo "$peer_json"; echo "$ours_json"; [ "$graph_json" = '{}' ] || echo "$graph_json"
    printf '%s\t%s\t%s\t%s\n' "$c" "$peer_json" "$ours_json" "$graph_json" >> "$log"
  done
done

"$py" - "$log" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    case, peer, ours, graph = line.rstrip("\n").split("\t")
    rows.setdefault(case, []).append((json.loads(peer)["images_per_s"], json.loads(ours), json.loads(graph)))
print("\ncase                          peer img/s   ours img/s   ratio   flop_util  gemm_peak_gflops   graph img/s  full/graph")
for case, runs in rows.items():
    peer = statistics.median(p for p, _, _ in runs); ours = statistics.median(o["images_per_s"] for _, o, _ in runs)
    util = statistics.median(o.get("flop_utilisation", float("nan")) for _, o, _ in runs)
    gemm = statistics.median(o.get("gemm_peak_gflops", float("nan")) for _, o, _ in runs)
    graphs = [g["images_per_s"] for _, _, g in runs if "images_per_s" in g]
    tail = f"   {statistics.median(graphs):11.2f}  {ours / statistics.median(graphs):10.2f}" if graphs else ""
    print(f"{case:28s} {peer:11.2f} {ours:12.2f} {ours / peer:7.2f}   {util:8.3f}  {gemm:10.1f}{tail}")
PY
