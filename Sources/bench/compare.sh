#!/usr/bin/env bash
# Measures LifeLong's engine against PyTorch CPU on the same workload, on this machine, now.
#
#   Sources/bench/compare.sh [rounds] [--sequential]     (default 3 rounds, shuffled batches)
#
# Each round runs the Swift bench and the PyTorch peer one after the other (alternating, so that
# both see the same host noise), each taking the median of 3 epochs. It prints every round, then
# per setting the median over rounds for both and the ratio. PyTorch 2.13.0 (CPU wheel) goes
# into a throwaway virtualenv ($PEER_VENV, default /tmp/lifelong-torch-peer) on first use.
set -euo pipefail
rounds=${1:-3}
order=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${PEER_VENV:-/tmp/lifelong-torch-peer}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch' 2>/dev/null; then
  echo "Installing the PyTorch peer into $venv (one time, about 200 MB)..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q torch==2.13.0 numpy
fi
(cd "$root" && swift build -c release --product bench >&2)

log=$(mktemp)
for r in $(seq "$rounds"); do
  echo "# round $r" >&2
  "$root/.build/release/bench" --runs 3 $order | awk '$1=="SGD"||$1=="Adam" {print "lifelong", $1, $2, $3}' | tee -a "$log" >&2
  "$venv/bin/python" "$root/Sources/bench/peer/torch_mlp.py" --runs 3 $order | awk '$1=="SGD"||$1=="Adam" {print "torch", $1, $2, $3}' | tee -a "$log" >&2
done
echo
echo "Median over $rounds rounds (samples/s, one thread, ${order:-shuffled batches}):"
python3 - "$log" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    who, opt, batch, rate = line.split()
    rows.setdefault((opt, int(batch)), {}).setdefault(who, []).append(float(rate))
print(f"{'optimizer':9} {'batch':>5} {'LifeLong':>10} {'PyTorch':>10} {'ratio':>6}")
for (opt, batch), r in sorted(rows.items(), key=lambda kv: (kv[0][0] != 'SGD', kv[0][1])):
    ours, theirs = statistics.median(r['lifelong']), statistics.median(r['torch'])
    print(f"{opt:9} {batch:5d} {ours:10.0f} {theirs:10.0f} {ours / theirs:6.2f}x")
PY
rm -f "$log"
