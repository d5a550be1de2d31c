#!/usr/bin/env bash
# Runs the CMS editor's browser test (browser.test.mjs) in Debian's headless Chromium, installing
# playwright-core from package-lock.json into ./node_modules first if it is not there.
#
#   bash examples/cms/test/run_browser_test.sh
#
# Exits 77 (meson's "skipped") with the reason when Chromium, node or npm is missing, node is too
# old for playwright-core, or the npm registry cannot be reached; otherwise runs the test for real
# and ends with its "N passed, N failed" line. Environment: CHROMIUM (default /usr/bin/chromium),
# PYTHON (for server.py, default python3), PURDAH_LIBRARY (the library the binding loads).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

skip() {
    echo "SKIP: $*"
    echo "0 passed, 0 failed"
    exit 77
}

chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "no Chromium at $chromium (apt-get install -y chromium)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install -y nodejs npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] 2>/dev/null || skip "node $(node --version) is too old for playwright-core (needs 18 or later)"
python=${PYTHON:-python3}
command -v "$python" >/dev/null 2>&1 || skip "no $python to run server.py"

if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
    command -v npm >/dev/null 2>&1 || skip "no npm to install playwright-core (apt-get install -y npm)"
    echo "installing playwright-core (npm ci in $here)"
    if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error \
            --fetch-retries=1 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 --fetch-timeout=60000); then
        skip "npm ci failed: is the npm registry reachable?"
    fi
fi

export CHROMIUM="$chromium" PYTHON="$python"
exec node "$here/browser.test.mjs"
