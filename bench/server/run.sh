#!/usr/bin/env bash
# Load benchmark of `samestory serve`: GET /api/stories from loopback with wrk on a store of 100,000
# synthetic articles, while a writer POSTs 200 new articles per second; prints one table.
#
#   bench/server/run.sh                 # everything; ARTICLES, DURATION, CONNECTIONS, RATE, BATCH, PORT tune it
#
# Needs wrk (Debian: apt-get install -y wrk). The synthetic store is made once in bench/server/data/ (by the
# synthetic_news example and `samestory ingest`) and copied fresh for each server run, so runs compare.
# Server, wrk and writer share the machine's cores (2 in CI): the numbers include that contention.
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-200}
BATCH=${BATCH:-10}
PORT=${PORT:-18090}
DATA=bench/server/data
ADDR=127.0.0.1:$PORT

if ! command -v wrk >/dev/null; then
  echo "wrk is missing: apt-get install -y wrk" >&2
  exit 2
fi
echo "== build (release)" >&2
cargo build --release --locked -p samestory --bin samestory >&2
cargo build --release --locked -p samestory-server --example synthetic_news --example steady_writer >&2
BIN=target/release/samestory
EX=target/release/examples

mkdir -p "$DATA"
STORE=$DATA/store-$ARTICLES.db
make_store() {
  echo "== making a store of $ARTICLES synthetic articles" >&2
  rm -f "$STORE" "$STORE-wal" "$STORE-shm" "$STORE.tmp" "$STORE.tmp-wal" "$STORE.tmp-shm"
  local start
  start=$(date +%s)
  "$EX/synthetic_news" "$ARTICLES" | "$BIN" ingest --db "$STORE.tmp" - >&2
  mv "$STORE.tmp" "$STORE"
  rm -f "$STORE.tmp-wal" "$STORE.tmp-shm"
  echo "   ingested in $(( $(date +%s) - start )) s" >&2
}
[ -f "$STORE" ] || make_store

WORK=$(mktemp -d)
SERVER=
WRITER=
cleanup() {
  [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server [--no-cache]: a fresh copy of the store, served on $ADDR; sets STARTUP to the seconds it took
# to answer. A store made by an engine whose results differ from this one's cannot be replayed: it is made
# again.
start_server() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    SERVER=
  fi
  local attempt start
  for attempt in 1 2; do
    rm -f "$WORK"/serve.db*
    cp "$STORE" "$WORK/serve.db"
    start=$(date +%s.%N)
    "$BIN" serve --db "$WORK/serve.db" --addr "$ADDR" "$@" >"$WORK/serve.log" 2>&1 &
    SERVER=$!
    until curl -sf "http://$ADDR/healthz" >/dev/null; do
      if ! kill -0 "$SERVER" 2>/dev/null; then
        wait "$SERVER" 2>/dev/null || true
        SERVER=
        break
      fi
      sleep 0.2
    done
    if [ -n "$SERVER" ]; then
      STARTUP=$(echo "$(date +%s.%N) - $start" | bc)
      return
    fi
    cat "$WORK/serve.log" >&2
    if [ "$attempt" = 1 ] && grep -q "replay diverged" "$WORK/serve.log"; then
      make_store
    else
      exit 1
    fi
  done
}

# run NAME WRITER(yes|no) WRK-ARGS...: one wrk run, optionally beside the writer; appends a table row.
ROWS=()
run() {
  local name=$1 writer=$2
  shift 2
  wrk -t1 -c"$CONNECTIONS" -d2s "$@" >/dev/null # warm up
  local wlog=$WORK/writer.log wout="n/a"
  if [ "$writer" = yes ]; then
    "$EX/steady_writer" "$ADDR" "$RATE" "$((DURATION + 2))" "$BATCH" "$RANDOM" >"$wlog" 2>&1 &
    WRITER=$!
    sleep 1
  fi
  local out load
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  # The machine's 1-minute load average at the end of the run: other work on it shows here.
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$writer" = yes ]; then
    wait "$WRITER" || true
    WRITER=
    wout=$(grep -o 'articles/s [0-9]*' "$wlog" | cut -d' ' -f2)
    wout="$wout, p99 $(grep -o 'post p99 [0-9.]*' "$wlog" | cut -d' ' -f3) ms"
    local failed
    failed=$(grep -o 'failed [0-9]*' "$wlog" | cut -d' ' -f2)
    [ "${failed:-1}" = 0 ] || wout="$wout (failed posts: ${failed:-?})"
  fi
  local rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  errors=$(awk '/Socket errors/ {print $0}' <<<"$out" | sed 's/.*errors: //')
  ROWS+=("$(printf '| %-48s | %8s | %8s | %8s | %7s | %-13s | %-22s | %5s |' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:-none}" "$wout" "$load")")
  echo "   $name: $rps req/s, p50 $p50, p99 $p99" >&2
}

echo "== server with its answer cache (the default)" >&2
start_server
startup=$STARTUP
health=$(curl -s "http://$ADDR/healthz")
STORIES=$(sed 's/.*"stories":\([0-9]*\).*/\1/' <<<"$health")
export STORIES
run "GET /api/stories, writer at $RATE/s" yes "http://$ADDR/api/stories"
run "GET /api/stories, no writer" no "http://$ADDR/api/stories"
run "GET /api/stories?offset=random page, writer" yes -s bench/server/pages.lua "http://$ADDR"
run "GET /api/stories/{random id}, writer" yes -s bench/server/story.lua "http://$ADDR"
cache=$(curl -s "http://$ADDR/healthz" | sed 's/.*"cache":{\([^}]*\)}.*/\1/')

echo "== server without the answer cache (every answer from the store)" >&2
start_server --no-cache
run "GET /api/stories, writer, no cache" yes "http://$ADDR/api/stories"
run "GET /api/stories?offset=random, writer, no cache" yes -s bench/server/pages.lua "http://$ADDR"

echo
echo "samestory serve on $(nproc) cores, store of $ARTICLES synthetic articles ($STORIES stories), wrk -t1 -c$CONNECTIONS -d${DURATION}s from loopback;"
echo "writer: POST /api/articles, $BATCH articles per request, target $RATE articles/s (up to 4 posts in flight);"
echo "startup (store replay) ${startup%.*} s; load: the machine's 1-minute load average after the run"
echo
echo "| scenario                                         |    req/s |      p50 |      p99 | non-2xx | socket errors | writer art/s, post p99 |  load |"
echo "|--------------------------------------------------|----------|----------|----------|---------|---------------|------------------------|-------|"
printf '%s\n' "${ROWS[@]}"
echo
echo "cache after the cached runs: $cache"
