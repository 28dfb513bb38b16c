#!/usr/bin/env bash
# Installs what the Kafka worker test (crates/cli/tests/worker.rs, cargo feature `kafka`) needs:
#
# * the tansu broker (a Kafka-protocol broker from crates.io; the test runs it with memory storage on a
#   loopback port), built into target/tools/bin/tansu;
# * nothing from Debian: rdkafka builds librdkafka from its bundled source with the C toolchain and make
#   that building Rust crates needs anyway (Debian 12's librdkafka-dev is 2.0.2, older than the 2.12 that
#   rdkafka 0.39 links against, so `dynamic-linking` is not an option there).
#
# Idempotent: an installed tansu of the pinned version is kept. The build uses its own target directory
# (removed afterwards) so it never waits for, or fills, the workspace's.
set -euo pipefail

TANSU_VERSION=0.6.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/target/tools"
bin="$tools/bin/tansu"

if [[ -x "$bin" ]] && "$bin" broker --help 2>/dev/null | grep -q storage-engine \
    && cargo install --list --root "$tools" | grep -q "^tansu v$TANSU_VERSION:"; then
    echo "tansu $TANSU_VERSION already installed at $bin"
    exit 0
fi
for tool in cc make perl; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed to build librdkafka and tansu" >&2; exit 1; }
done

build="$(mktemp -d "${TMPDIR:-/tmp}/tansu-build.XXXXXX")"
trap 'rm -rf "$build"' EXIT
start=$(date +%s)
# `dynostore` is the feature behind the memory storage engine (`memory://`); without it the broker refuses
# to start with memory storage.
CARGO_TARGET_DIR="$build" cargo install tansu --locked --version "$TANSU_VERSION" --features dynostore \
    --root "$tools"
echo "tansu $TANSU_VERSION installed at $bin in $(( $(date +%s) - start )) s"
