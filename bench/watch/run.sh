#!/usr/bin/env bash
# Articles per second through `samestory watch --once` from a local site (N synthetic pages plus the demo
# corpus, one RSS feed per outlet), against `samestory ingest` of the same pages from disk (the pipeline
# alone) and a Python peer (requests + feedparser + trafilatura, one thread), in one run on the same data.
# A second `watch --once` shows the cost of a poll round where every feed answers 304.
# N=2000 by default: `N=5000 bash bench/watch/run.sh`.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-2000}
VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check feedparser requests trafilatura

cargo build --release --quiet -p samestory
cargo build --release --quiet -p samestory-watch --example bench_site
WORK=$(mktemp -d)
target/release/examples/bench_site --pages "$N" --out "$WORK" &
SITE=$!
trap 'kill $SITE 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -f "$WORK/feeds.txt" ] && break; sleep 0.1; done
FEEDS=$(grep -vc '^#' "$WORK/feeds.txt")
PAGES=$(ls "$WORK/pages" | wc -l)

now() { date +%s.%N; }
measure() { # label, command...: prints "label seconds" after running the command
  local label=$1; shift
  local t0 t1
  t0=$(now); "$@" > "$WORK/$label.out"; t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

echo "== $PAGES pages in $FEEDS feeds on $(head -2 "$WORK/feeds.txt" | tail -1 | cut -d/ -f1-3)"
WATCH_S=$(measure watch target/release/samestory watch --once --json --db "$WORK/watch.db" "$WORK/feeds.txt")
WATCH_N=$(grep -m1 '"stored"' "$WORK/watch.out" | tr -dc 0-9)
AGAIN_S=$(measure again target/release/samestory watch --once --json --db "$WORK/watch.db" "$WORK/feeds.txt")
AGAIN_304=$(grep -m1 '"not_modified"' "$WORK/again.out" | tr -dc 0-9)
INGEST_S=$(measure ingest target/release/samestory ingest --json --db "$WORK/ingest.db" "$WORK/pages")
INGEST_N=$(grep -m1 '"new"' "$WORK/ingest.out" | tr -dc 0-9)
PEER_S=$(measure peer "$VENV/bin/python" bench/watch/peer.py "$WORK/feeds.txt" "$WORK/peer-state.json")
PEER_N=$("$VENV/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["articles"])' "$WORK/peer.out")

echo
echo "| run | what it does | articles | seconds | articles/s |"
echo "|---|---|---:|---:|---:|"
row() { awk -v l="$1" -v w="$2" -v n="$3" -v s="$4" 'BEGIN { printf "| %s | %s | %d | %.2f | %.0f |\n", l, w, n, s, n / s }'; }
row "samestory watch --once" "fetch feeds + pages, extract, dedup, cluster, store" "$WATCH_N" "$WATCH_S"
row "samestory ingest (same pages from disk)" "extract, dedup, cluster, store" "$INGEST_N" "$INGEST_S"
row "python peer (requests+feedparser+trafilatura)" "fetch feeds + pages, extract (no dedup, no stories)" "$PEER_N" "$PEER_S"
printf '| samestory watch --once, again | %s of %s feeds answered 304, nothing fetched | 0 | %.2f | - |\n' "$AGAIN_304" "$FEEDS" "$AGAIN_S"
