#!/usr/bin/env bash
# Copy detection, samestory vs datasketch and rensa, on the same labelled copy corpus in one run.
# Creates bench/.venv with the peers from PyPI, builds the corpus from ../shared/data, prints one table.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=bench/.venv
OUT="$PWD/target/bench-dedup"
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check datasketch rensa

echo "== samestory (builds the corpus, writes it for the peers)"
cargo bench -p samestory-dedup --bench copies -- --write-corpus "$OUT/corpus.jsonl" --json "$OUT/samestory.json"
for system in datasketch rensa; do
  echo "== $system"
  "$VENV/bin/python" bench/dedup/peers.py --system "$system" "$OUT/corpus.jsonl" > "$OUT/$system.json"
done
echo
echo "== copy detection on the copy corpus, one thread (CPU time), same shingles, 128 permutations, threshold 0.7"
"$VENV/bin/python" bench/dedup/peers.py --table "$OUT/samestory.json" "$OUT/datasketch.json" "$OUT/rensa.json"
