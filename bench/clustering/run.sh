#!/usr/bin/env bash
# Story clustering, samestory vs. scikit-learn baselines (TF-IDF + agglomerative with a distance threshold,
# HDBSCAN on TF-IDF/SVD) on the same documents, one table. Creates bench/.venv and installs the peers from
# PyPI on first use. Usage: bench/clustering/run.sh [--quick] [--uci-limit N] [--uci-stream]
# The shared data is looked up in ../shared beside the repository (override with SAMESTORY_SHARED).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${SAMESTORY_SHARED:-$root/../shared}"
data="$shared/data/clustering"
[ -d "$data" ] || { echo "clustering benchmarks not found in $data" >&2; exit 2; }
venv="$root/bench/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import sklearn, scipy" 2>/dev/null ||
    "$venv/bin/pip" install --quiet "scikit-learn>=1.3" scipy numpy
(cd "$root" && cargo build --release --quiet -p samestory)
# One thread for the peers too.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
exec "$venv/bin/python" "$root/bench/clustering/baselines.py" --bin "$root/target/release/samestory" \
    --data "$data" "$@"
