#!/bin/sh
# Run the flame graph browser test on the hand-written samples (normal and
# inverted), or on the given SVG + expectations:
#   tests/browser/run.sh                  # samples
#   tests/browser/run.sh FILE.svg EXPECT.json
# Needs node (>= 20), npm and Debian's chromium (apt-get install chromium);
# installs playwright-core from package-lock.json with `npm ci` when missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "run.sh: ${CHROMIUM:-/usr/bin/chromium} not found (apt-get install chromium)" >&2; exit 1; }
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >&2
if [ $# -gt 0 ]; then exec node flamegraph-test.mjs "$@"; fi
sh make-sample.sh
sh make-sample.sh --inverted sample-inverted.svg
rc=0
echo "# sample.svg"; node flamegraph-test.mjs sample.svg sample.expect.json || rc=1
echo "# sample-inverted.svg"; node flamegraph-test.mjs sample-inverted.svg sample.expect.json || rc=1
exit $rc
