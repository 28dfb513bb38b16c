#!/usr/bin/env bash
# Backfill throughput on one machine: `samestory backfill` (DataFusion) vs single-process `samestory dedup`
# on the same generated corpus (planted duplicate groups), one run, one table.
#   bash bench/backfill/run.sh [GROUPS] [SINGLES]     (defaults 4000 and 20000: 40,000 articles)
# dedup reads the JSON Lines file; backfill reads the same articles as JSON Lines (staged to Parquet
# by extraction, like dedup), as Parquet shards, and as WARC. Threads: 1 (as dedup) and all cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
GROUPS_N=${1:-4000}
SINGLES=${2:-20000}
OUT="$PWD/target/bench-backfill"
rm -rf "$OUT" && mkdir -p "$OUT"
cargo build --release -q -p samestory --features backfill
cargo run --release -q -p samestory-backfill --example synth -- --groups "$GROUPS_N" --singles "$SINGLES" --out "$OUT"
BIN="${CARGO_TARGET_DIR:-target}/release/samestory"
CORES=$(nproc)

# run NAME INPUT_BYTES THREADS COMMAND...: wall seconds and peak RSS of one run, its output kept for the checks.
run() {
  local name=$1 bytes=$2 threads=$3; shift 3
  /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$@" > "$OUT/$name.jsonl" 2> "$OUT/$name.err" || {
    cat "$OUT/$name.err"; exit 1; }
  read -r secs rss < "$OUT/$name.time"
  local docs; docs=$(wc -l < "$OUT/$name.jsonl")
  local copies; copies=$(grep -c -E '"(copy_of|duplicate_of)":"' "$OUT/$name.jsonl" || true)
  printf "| %-34s | %7s | %7s | %7.2f | %8.0f | %6.1f | %7s | %6.0f |\n" "$name" "$docs" "$copies" "$secs" \
    "$(echo "$docs / $secs" | bc -l)" "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$threads" "$(echo "$rss / 1024" | bc -l)" \
    >> "$OUT/table.md"
}
JSONL_BYTES=$(stat -c %s "$OUT/corpus.jsonl")
PARQUET_BYTES=$(du -cb "$OUT"/shards/*.parquet | tail -1 | cut -f1)
WARC_BYTES=$(stat -c %s "$OUT/corpus.warc")
echo "| run | docs | copies | seconds | docs/s | MB/s | threads | peak MB |" > "$OUT/table.md"
echo "|---|---:|---:|---:|---:|---:|---:|---:|" >> "$OUT/table.md"
run "dedup (jsonl)" "$JSONL_BYTES" 1 "$BIN" dedup --input "$OUT/corpus.jsonl"
run "backfill 1 thread (jsonl)" "$JSONL_BYTES" 1 "$BIN" backfill --threads 1 "$OUT/corpus.jsonl"
run "backfill 1 thread (parquet)" "$PARQUET_BYTES" 1 "$BIN" backfill --threads 1 "$OUT/shards"
run "backfill $CORES threads (parquet)" "$PARQUET_BYTES" "$CORES" "$BIN" backfill --threads "$CORES" "$OUT/shards"
run "dedup (warc)" "$WARC_BYTES" 1 "$BIN" dedup --input "$OUT/corpus.warc"
run "backfill 1 thread (warc)" "$WARC_BYTES" 1 "$BIN" backfill --threads 1 "$OUT/corpus.warc"
echo
echo "== backfill vs dedup, same corpus, same run ($(wc -l < "$OUT/corpus.jsonl") articles; MB/s of each input's bytes)"
cat "$OUT/table.md"
echo
echo "backfill stage times (1 thread, parquet):"
grep -h "^backfill" "$OUT/backfill 1 thread (parquet).err" "$OUT/backfill 1 thread (jsonl).err" || true
