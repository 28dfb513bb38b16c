#!/usr/bin/env bash
# Crash-safety harness: ingests a large corpus once cleanly, then again while killing `samestory ingest`
# with SIGKILL at random moments (restarting it on the same input each time), lets the last run finish and
# checks the store: PRAGMA integrity_check, every article exactly once, the same stories and copy links as
# the clean run. Prints one table; exits non-zero on any loss, duplicate or difference.
#
#   bash scripts/crash.sh [KILLS] [ARTICLES]     # default 50 kills, 5000 synthetic articles
#
# The corpus is the synthetic one of crates/cli/tests/crash.rs (JSON Lines plain and gzip, text files, a
# gzip WARC of HTML pages, with duplicates, copies and a few bad lines) plus, when ../shared is there, the
# GoogleNews benchmark (11,109 articles) and the ScrapingHub HTML pages. Environment: SAMESTORY_CRASH_SEED
# to replay a run, SAMESTORY_CRASH_BATCH for the batch size (default 64), SAMESTORY_CRASH_WORK for the
# work directory (default a temporary one, kept for inspection).
set -euo pipefail
cd "$(dirname "$0")/.."

export SAMESTORY_CRASH_KILLS="${1:-50}"
export SAMESTORY_CRASH_ARTICLES="${2:-5000}"
work="${SAMESTORY_CRASH_WORK:-$(mktemp -d -t samestory-crash.XXXXXX)}"
export SAMESTORY_CRASH_WORK="$work"

extra=()
shared="$(cd .. && pwd)/shared/data"
if [ -f "$shared/clustering/googlenews/GoogleNews-TS.jsonl.gz" ]; then
  # The benchmark lines are {"text", "cluster"}: the text is taken, the cluster field is ignored.
  mkdir -p "$work/googlenews"
  cp "$shared/clustering/googlenews/GoogleNews-TS.jsonl.gz" "$work/googlenews/"
  extra+=("$work/googlenews")
fi
[ -d "$shared/extraction/scrapinghub/html" ] && extra+=("$shared/extraction/scrapinghub/html")
SAMESTORY_CRASH_CORPUS="$(IFS=:; echo "${extra[*]:-}")"
export SAMESTORY_CRASH_CORPUS

echo "== crash harness: $SAMESTORY_CRASH_KILLS kills, work directory $work" >&2
cargo test --quiet -p samestory --test integration crash_harness_full -- --ignored --nocapture --test-threads 1
