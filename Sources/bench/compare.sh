#!/usr/bin/env bash
# Measures LifeLong's engine against its peers on the same workloads, on this machine, now.
#
#   Sources/bench/compare.sh [rounds] [--sequential]     (default 3 rounds, shuffled batches)
#
# Each round runs, one after the other (alternating, so that all see the same host noise), each
# taking the median of 3 passes, one thread each:
#   - the Swift bench's peer rows (bench --peer-rows): the 784-50-50-50-10 MLP with SGD at batch
#     32/64/128/256 and Adam at 128, a MemN2N step (the babi lesson's shapes), a VAE step (the
#     replay lesson's shapes);
#   - PyTorch on the same: torch_mlp.py, torch_memn2n.py (the shapes the Swift bench printed), torch_vae.py;
#   - NumPy with hand-written backprop on the MLP (numpy_mlp.py), with the OpenBLAS of its PyPI
#     wheel choosing its kernels itself (OPENBLAS_CORETYPE unset for it alone).
#   - the cap: the 11 matrix products of a step alone at batch 128, ours (bench --gemm-only) and
#     OpenBLAS's through NumPy (numpy_mlp.py --gemm-only).
# It prints every round, then per row the median over rounds and LifeLong's ratio to each peer.
# PyTorch 2.13.0 (CPU wheel) and NumPy go into a throwaway virtualenv ($PEER_VENV, default
# /tmp/lifelong-torch-peer) on first use.
set -euo pipefail
rounds=${1:-3}
order=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${PEER_VENV:-/tmp/lifelong-torch-peer}
peer="$root/Sources/bench/peer"
one_thread=(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1)

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import torch, numpy' 2>/dev/null; then
  echo "Installing the peers into $venv (one time, about 200 MB)..." >&2
  if ! python3 -m venv "$venv"; then
    echo "compare.sh: could not make a Python virtualenv; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 1
  fi
  "$venv/bin/pip" install -q torch==2.13.0 numpy
fi
(cd "$root" && swift build -c release --product bench >&2)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for r in $(seq "$rounds"); do
  echo "# round $r" >&2
  ours=$(env "${one_thread[@]}" "$root/.build/release/bench" --runs 3 --peer-rows $order)
  echo "$ours" | awk '$1=="SGD"||$1=="Adam"||$1=="MemN2N"||$1=="VAE" {print "lifelong", $1, $2, $3}' | tee -a "$log" >&2
  shape=$(echo "$ours" | sed -n 's/.*V \([0-9]*\), W \([0-9]*\), d \([0-9]*\), \([0-9]*\) hops, \([0-9]*\) of \([0-9]*\) slots, \([0-9]*\) words.*/--vocabulary \1 --words \2 --dimension \3 --hops \4 --used \5 --slots \6 --length \7/p')
  {
    env "${one_thread[@]}" "$venv/bin/python" "$peer/torch_mlp.py" --runs 3 $order
    env "${one_thread[@]}" "$venv/bin/python" "$peer/torch_memn2n.py" --runs 3 $shape
    env "${one_thread[@]}" "$venv/bin/python" "$peer/torch_vae.py" --runs 3
  } | awk '$1=="SGD"||$1=="Adam"||$1=="MemN2N"||$1=="VAE" {print "pytorch", $1, $2, $3}' | tee -a "$log" >&2
  env -u OPENBLAS_CORETYPE "${one_thread[@]}" "$venv/bin/python" "$peer/numpy_mlp.py" --runs 3 $order \
    | awk '$1=="SGD" {print "numpy", $1, $2, $3}' | tee -a "$log" >&2
  # The cap: only the 11 matrix products of a step at batch 128, ours and OpenBLAS's (through NumPy).
  env "${one_thread[@]}" "$root/.build/release/bench" --gemm-only --batches 128 --runs 3 \
    | awk '$1=="128" {print "lifelong GEMM-only 128", $2}' | tee -a "$log" >&2
  env -u OPENBLAS_CORETYPE "${one_thread[@]}" "$venv/bin/python" "$peer/numpy_mlp.py" --gemm-only --batches 128 --runs 3 \
    | awk '$1=="GEMM" {print "numpy GEMM-only", $2, $3}' | tee -a "$log" >&2
done
echo
echo "Median over $rounds rounds (samples/s, one thread, ${order:-shuffled batches}):"
python3 - "$log" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    who, row, batch, rate = line.split()
    rows.setdefault((row, int(batch)), {}).setdefault(who, []).append(float(rate))
rank = {"SGD": 0, "Adam": 1, "MemN2N": 2, "VAE": 3, "GEMM-only": 4}
print(f"{'row':9} {'batch':>5} {'LifeLong':>9} {'PyTorch':>9} {'×PyTorch':>8} {'NumPy':>9} {'×NumPy':>7}")
for (row, batch), r in sorted(rows.items(), key=lambda kv: (rank[kv[0][0]], kv[0][1])):
    ours = statistics.median(r["lifelong"])
    line = f"{row:9} {batch:5d} {ours:9.0f}"
    for peer in ("pytorch", "numpy"):
        if peer in r:
            theirs = statistics.median(r[peer])
            line += f" {theirs:9.0f} {ours / theirs:7.2f}x"
        else:
            line += f" {'–':>9} {'':>8}"
    print(line.rstrip())
step, cap = rows.get(("SGD", 128), {}).get("lifelong"), rows.get(("GEMM-only", 128), {}).get("numpy")
if step and cap:
    print(f"A whole SGD step at batch 128 runs at {statistics.median(step) / statistics.median(cap):.0%} of the speed of its"
          " 11 matrix products alone with NumPy's OpenBLAS (GEMM-only row).")
PY
