#!/usr/bin/env bash
# Fuzzes the parsers that read outside data with libFuzzer (AddressSanitizer on):
#
#   Assets/Scripts/fuzz.sh [seconds per target, default 300] [target ...]
#
# Targets: idx (raw and gzip IDX), safetensors, results (the results JSON reader and the schema
# checker), rubric. Each starts from a seed corpus made here from the kinds of files the tests use,
# keeps what it learns in .fuzz/<target>/corpus, and writes any crashing input to
# .fuzz/<target>/crash-*; replay one with: .build/release/fuzz <target> .fuzz/<target>/crash-…
# Not part of CI (it is slow); needs only the Swift toolchain (libFuzzer ships with it).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-300}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(idx safetensors results rubric)

echo "fuzz: building the fuzzer (swift build --product fuzz, -sanitize=fuzzer,address)…"
swift build -c release --product fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
  -Xswiftc -parse-as-library -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld >/dev/null   # gold cannot link ASan+libFuzzer here
fuzzer=.build-fuzz/release/fuzz

seed() {   # seed corpora: small valid files of each kind, and a few broken ones
  local dir=.fuzz/$1/corpus; mkdir -p "$dir"
  case $1 in
    idx) python3 - "$dir" <<'PY'
import gzip, struct, sys, os
d = sys.argv[1]
images = struct.pack(">BBBBIII", 0, 0, 8, 3, 2, 28, 28) + bytes(range(256)) * 6 + bytes(32)
labels = struct.pack(">BBBBI", 0, 0, 8, 1, 5) + bytes([0, 1, 2, 3, 9])
for name, data in [("images.idx", images), ("labels.idx", labels), ("truncated.idx", images[:100])]:
    open(os.path.join(d, name), "wb").write(data)
    open(os.path.join(d, name + ".gz"), "wb").write(gzip.compress(data, mtime=0))
PY
      ;;
    safetensors) python3 - "$dir" <<'PY'
import json, struct, sys, os
d = sys.argv[1]
header = json.dumps({"__metadata__": {"lesson": "x"}, "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                     "b": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}}).encode()
body = struct.pack("<6f", 1, 2, 3, 4, 5, 6)
open(os.path.join(d, "model.safetensors"), "wb").write(struct.pack("<Q", len(header)) + header + body)
open(os.path.join(d, "short.safetensors"), "wb").write(struct.pack("<Q", 1000) + header[:20])
PY
      ;;
    results) i=0; for f in Assets/Reference/quick/*/results.json; do cp "$f" "$dir/r$i.json"; i=$((i+1)); done ;;
    rubric) i=0; for f in Assets/Rubrics/*.json; do cp "$f" "$dir/k$i.json"; i=$((i+1)); done ;;
    *) echo "fuzz: unknown target $1 (idx, safetensors, results, rubric)" >&2; exit 2 ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  seed "$target"
  echo "fuzz: $target for $seconds s…"
  # Leaks are checked after every input that allocates more than it frees (libFuzzer's own check). The check at
  # exit is off: Swift packs enum payload pointers with tag bits, which LeakSanitizer cannot follow, so trees
  # held for the whole run (the results schema, parsed once) would be reported as leaked when they are not.
  if ! ASAN_OPTIONS=leak_check_at_exit=0 LIFELONG_FUZZ_TARGET=$target "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix=".fuzz/$target/" -print_final_stats=1 ".fuzz/$target/corpus" > ".fuzz/$target/log.txt" 2>&1; then
    echo "fuzz: $target FOUND A PROBLEM: see .fuzz/$target/log.txt and .fuzz/$target/crash-* / timeout-* / oom-*"; status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" ".fuzz/$target/log.txt" | sed "s/^/fuzz: $target /" || true
done
exit $status
