#!/usr/bin/env bash
# The Kafka worker (`samestory worker`, cargo feature `kafka`) against a tansu broker on loopback:
#   articles/s through one worker and through two workers of one group, beside a single-process
#   `samestory ingest` of the same articles (the baseline: same engine, no broker); then a failover run
#   (two workers, one SIGKILLed mid-run) counting articles lost and duplicated against the clean run.
# Data: the ScrapingHub article pages from ../shared (real HTML, extracted by the workers) and synthetic
# reports of events by several outlets with planted copies, N messages in all (default 3000), keyed by
# desk so one event's reports share a partition. Needs scripts/install-kafka-test-deps.sh (tansu).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${N:-3000}"
PARTITIONS="${PARTITIONS:-4}"
OUT="$PWD/target/bench-worker"
TANSU="${SAMESTORY_TANSU:-$PWD/target/tools/bin/tansu}"
[ -x "$TANSU" ] || { echo "error: tansu is not installed at $TANSU (run scripts/install-kafka-test-deps.sh)" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

cargo build --release -p samestory --features kafka
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
BIN="$(cd "$TARGET" && pwd)/release/samestory"

python3 bench/worker/data.py --n "$N" --shared ../shared/data/extraction/scrapinghub/html > "$OUT/articles.jsonl"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADDR="127.0.0.1:$PORT"
"$TANSU" broker --storage-engine memory://tansu/ --listener-url "tcp://$ADDR" \
  --advertised-listener-url "tcp://$ADDR" > "$OUT/tansu.log" 2>&1 &
TANSU_PID=$!
PIDS=()
cleanup() { for p in "${PIDS[@]}" "$TANSU_PID"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

"$BIN" produce --brokers "$ADDR" --topic articles --create "$PARTITIONS" --key-field desk "$OUT/articles.jsonl"

echo "== baseline: one samestory ingest of the same articles"
/usr/bin/time -f "%e" -o "$OUT/ingest.time" "$BIN" ingest --db "$OUT/ingest.db" --json "$OUT/articles.jsonl" > "$OUT/ingest.json"

# worker GROUP NAME [extra args]: one worker with its own report file, in the background.
worker() {
  local group=$1 name=$2; shift 2
  NO_COLOR=1 SAMESTORY_LOG=info "$BIN" worker --brokers "$ADDR" --topic articles --group "$group" \
    --state "$OUT/$group" --session-timeout-ms 6000 --json "$@" > "$OUT/$name.json" 2> "$OUT/$name.log" &
  PIDS+=($!)
  LAST=$!
}

echo "== one worker"
worker one w1 --idle-exit 4; wait "$LAST"
echo "== two workers"
worker two w2a --idle-exit 6; A=$LAST
worker two w2b --idle-exit 6; B=$LAST
wait "$A" "$B"
echo "== failover: two workers, one killed with SIGKILL once it has committed a batch"
worker fail fa; A=$LAST
# The survivor's idle limit outlasts the group forming and the dead worker's session timeout.
worker fail fb --idle-exit 20; B=$LAST
for _ in $(seq 300); do
  ls "$OUT/fail"/*.sqlite >/dev/null 2>&1 && grep -q "partition assigned" "$OUT/fa.log" && break
  sleep 0.1
done
sleep 0.5
kill -KILL "$A"
wait "$B"

python3 bench/worker/report.py "$OUT" "$PARTITIONS"
