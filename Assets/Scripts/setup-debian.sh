#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages LifeLong needs to build, test and run, and checks that a
# Swift 6 toolchain is on the PATH. The README's commands and .ci/run both call this, so the list
# lives in one place. Safe to run again.
set -euo pipefail

# System packages: zlib (gzip), Cairo (figures), DejaVu fonts (figure text, report formulas).
packages=(zlib1g-dev libcairo2-dev fonts-dejavu-core fonts-dejavu-extra)

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no 'swift' on the PATH. Install a Swift 6 toolchain (https://www.swift.org/install/linux/)" >&2
  echo "       and run this again." >&2
  exit 1
fi
major=$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9]*\).*/\1/p' | head -1)
if [ "${major:-0}" -lt 6 ]; then
  echo "setup: LifeLong needs Swift 6 or later; this is $(swift --version 2>/dev/null | head -1)" >&2
  exit 1
fi

if [ ${#packages[@]} -gt 0 ]; then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi
echo "setup: ready ($(swift --version 2>/dev/null | head -1))"
