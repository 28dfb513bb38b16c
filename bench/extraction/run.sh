#!/usr/bin/env bash
# Extraction benchmark: samestory vs trafilatura and readability-lxml on the same pages, scored by the same
# code (`samestory eval extraction`), one thread each, one table per benchmark.
#
#   bench/extraction/run.sh [scrapinghub|wcxb|all]
#
# REUSE_PEERS=1 scores the peers' predictions saved by an earlier run (bench/.venv/out) instead of running
# them again (trafilatura takes about half an hour on WCXB); ours are always extracted and timed afresh.
#
# Installs the peers from PyPI into bench/.venv on first use. Data: ../shared/data/extraction/{scrapinghub,
# wcxb-dev} beside the repository, or $SAMESTORY_SHARED/data/extraction.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="${SAMESTORY_SHARED:-$repo/../shared}"
venv="$repo/bench/.venv"
out="$repo/bench/.venv/out"
which="${1:-all}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet "trafilatura==2.3.1" "readability-lxml==0.9"
fi
mkdir -p "$out"
cargo build --release --quiet -p samestory --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/samestory"

run() {
    local dataset="$1" dir="$2"
    for tool in trafilatura readability; do
        if [ "${REUSE_PEERS:-0}" = 1 ] && [ -s "$out/$dataset-$tool.json" ]; then
            continue
        fi
        "$venv/bin/python" "$here/peers.py" "$tool" "$dataset" "$dir" "$out/$dataset-$tool.json"
    done
    "$bin" eval extraction --dataset "$dataset" "$dir" \
        --peer "trafilatura=$out/$dataset-trafilatura.json" \
        --peer "readability-lxml=$out/$dataset-readability.json"
}

if [ "$which" = scrapinghub ] || [ "$which" = all ]; then
    run scrapinghub "$shared/data/extraction/scrapinghub"
fi
if [ "$which" = wcxb ] || [ "$which" = all ]; then
    run wcxb "$shared/data/extraction/wcxb-dev"
fi
