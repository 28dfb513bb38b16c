#!/usr/bin/env bash
# Runs samestory's browser test: installs playwright-core from the lockfile when missing (no browser is
# downloaded: Debian's chromium is used), then the Rust test that starts the server, ingests the seeds and
# the demo corpus over the API and runs story.test.mjs against it. The story page's screenshot ends up in
# test-artifacts/story.png. Chromium: apt-get install -y chromium (or set SAMESTORY_CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/playwright-core/package.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
cd ../..
# Fail instead of skipping when something is missing.
CI=true cargo test -p samestory-server --test browser -- --nocapture
