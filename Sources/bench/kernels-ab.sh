#!/usr/bin/env bash
# Compares the matrix kernel (Sources/CKernels/gemm.c) of the working tree with a commit's, on the
# products of a training step, both in one process and alternating every 20 calls (ab/products_ab.c),
# so that a host whose speed drifts by tens of percent over seconds slows both alike. A change to
# the kernel is worth keeping when its column is faster here, run after run.
#
#   Sources/bench/kernels-ab.sh [REV] [BATCH ...]     (default: HEAD, batches 32 128 256)
#   VAE=1 Sources/bench/kernels-ab.sh                  (the replay lesson's VAE shapes instead)
#   ISA=avx2 Sources/bench/kernels-ab.sh               (force a kernel: avx512, avx2, generic)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rev=${1:-HEAD}
shift || true
batches=${*:-32 128 256}
cc=${CC:-clang}
if ! git -C "$root" rev-parse --verify --quiet "$rev^{commit}" > /dev/null; then
  echo "kernels-ab.sh: '$rev' names no commit of $root (give a commit, branch or tag; default HEAD)" >&2
  exit 2
fi
if ! command -v "$cc" > /dev/null; then
  echo "kernels-ab.sh: no C compiler '$cc' (the Swift toolchain's clang, or set CC)" >&2
  exit 2
fi
flags=(-O3 -ffp-contract=fast-honor-pragmas -fno-math-errno -shared -fPIC)     # Package.swift's kernelFlags
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/old/include"
for f in gemm.c gemm_template.h cpu.h turn.h sparse_template.h sparse_choice.h; do     # (turn.h: from 2026-12-01 on; sparse_*: 2026-12-02)
  git -C "$root" show "$rev:Sources/CKernels/$f" > "$work/old/$f" 2> /dev/null || rm -f "$work/old/$f"
done
git -C "$root" show "$rev:Sources/CKernels/include/CKernels.h" > "$work/old/include/CKernels.h"
"$cc" "${flags[@]}" -I"$work/old/include" "$work/old/gemm.c" -o "$work/old.so" -lpthread
"$cc" "${flags[@]}" -I"$root/Sources/CKernels/include" "$root/Sources/CKernels/gemm.c" -o "$work/new.so" -lpthread
"$cc" -O2 "$root/Sources/bench/ab/products_ab.c" -o "$work/products_ab" -ldl
for b in $batches; do
  echo "# batch $b${VAE:+, VAE shapes}${ISA:+, kernel $ISA}: µs per product, fastest of 40 rounds — $rev | working tree"
  "$work/products_ab" "$b" "$work/old.so" "$work/new.so"
done
