#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each and prints one table: executions, corpus size
# and crashes per target. Coverage-guided libFuzzer on stable Rust (no cargo-fuzz needed; with it,
# `cargo fuzz run <target>` works on the same crate).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]      # default 60 s each, all targets
#
# Seeds come from fuzz/seeds/<target>; the growing corpus is kept in fuzz/corpus/<target> (not committed);
# a crash, timeout or out-of-memory input is written to fuzz/artifacts/<target>/. Once fixed, copy it
# into fuzz/regressions/<target>/: CI runs every target over those files. Exit status 1 when any crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all=(html text jsonl warc warc_gz http_body)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all[@]}")

# What cargo-fuzz passes for `--sanitizer none`: coverage counters and comparison tracing, no ASan (the
# readers are safe Rust; the point is panics, overflows, hangs and memory blow-ups).
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps the flags off build scripts and proc macros, as cargo-fuzz does.
host=$(rustc -vV | sed -n 's/^host: //p')
target_dir=fuzz/target/instrumented
echo "== building the fuzz targets (instrumented, release)" >&2
cargo build --release --quiet --manifest-path fuzz/Cargo.toml --target-dir "$target_dir" --target "$host" --bins

status=0
rows=()
for t in "${targets[@]}"; do
  bin="$target_dir/$host/release/$t"
  [ -x "$bin" ] || { echo "unknown target $t (have: ${all[*]})" >&2; exit 2; }
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  log="fuzz/artifacts/$t/last-run.log"
  before=$(find "fuzz/artifacts/$t" -type f ! -name '*.log' | wc -l)
  echo "== fuzzing $t for ${seconds}s" >&2
  # Fork mode keeps fuzzing past a crash (each finding is saved), so one run reports every crash it met.
  seeds=("fuzz/seeds/$t" "fuzz/regressions/$t")
  [ "$t" = html ] && seeds+=(examples/corpus/html) # the demo corpus's pages seed the HTML target too
  "$bin" "fuzz/corpus/$t" "${seeds[@]}" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1 || true
  # progress lines: "#EXECS: cov: .. exec/s: N oom/timeout/crash: a/b/c time: .."
  execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  per_sec=$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  after=$(find "fuzz/artifacts/$t" -type f ! -name '*.log' | wc -l)
  crashes=$((after - before))
  [ "$crashes" -eq 0 ] || { status=1; echo "!! $t: new findings in fuzz/artifacts/$t (log: $log)" >&2; }
  rows+=("$(printf '%-10s %12s %8s %8s %8s' "$t" "${execs:-?}" "${per_sec:-?}" "$corpus" "$crashes")")
done

printf '%-10s %12s %8s %8s %8s\n' target execs exec/s corpus crashes
printf '%s\n' "${rows[@]}"
exit "$status"
