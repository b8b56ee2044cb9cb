#!/bin/sh
# The SVG in a real browser (headless Chromium driven by playwright-core):
# opened from a file, hover shows a frame, a search highlights and reports
# the matched share, a click zooms, reset restores. On the hand-written
# samples and on cprof's own output.
. "$top_srcdir/tests/t/lib.sh"
B="$top_srcdir/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ] || ! command -v node > /dev/null || ! command -v npm > /dev/null; then
	[ "${CPROF_REQUIRE_BROWSER:-0}" = 1 ] &&
		{ echo "FAIL: $TEST_NAME: chromium, node and npm are required here" >&2; exit 1; }
	skip_all "needs $chromium, node and npm (apt-get install chromium nodejs npm)"
fi
# playwright-core, installed once per build tree (the source tree may be read-only)
mods="$top_builddir/tests/browser-node"
mkdir -p "$mods"
cp "$B/package.json" "$B/package-lock.json" "$B/flamegraph-test.mjs" "$mods/"
if [ ! -d "$mods/node_modules/playwright-core" ]; then
	(cd "$mods" && npm ci --no-audit --no-fund --loglevel=error) > npm.log 2>&1 ||
		{ cat npm.log >&2; fail "npm ci failed"; finish; }
fi
run_browser() {
	node "$mods/flamegraph-test.mjs" "$1" "$2" > "$3.log" 2>&1
	st=$?
	tail -n 1 "$3.log"
	[ "$st" -eq 0 ] && pass "$3 in Chromium" || { cat "$3.log" >&2; fail "$3 in Chromium"; }
}

sh "$B/make-sample.sh" "$SCRATCH/sample.svg" && sh "$B/make-sample.sh" --inverted "$SCRATCH/inv.svg" ||
	fail "make-sample.sh failed"
run_browser sample.svg "$B/sample.expect.json" sample
run_browser inv.svg "$B/sample.expect.json" sample-inverted

# cprof's own SVG: 1200 + 192 of 2000 samples match spin_(sixty|ten)
cat > calltree.expect.json <<'EOT'
{
  "search": "spin_(sixty|ten)",
  "matched_pct": 69.6,
  "tolerance": 0.01,
  "zoom_frame": "spin_thirty",
  "zoom_expect": { "spin_thirty": 100 },
  "zoom_hidden": ["spin_sixty", "spin_ten"],
  "zoom_parents": ["drive", "main", "_start"],
  "ignorecase": { "search": "SPIN_TEN", "matched_pct": 9.6 }
}
EOT
"$CPROF" flamegraph -i "$top_srcdir/tests/data/folded/calltree.folded" -o calltree.svg ||
	fail "flamegraph exited $?"
run_browser calltree.svg calltree.expect.json calltree
"$CPROF" flamegraph --inverted --colors native --hash -i "$top_srcdir/tests/data/folded/calltree.folded" \
	-o icicle.svg || fail "flamegraph --inverted exited $?"
run_browser icicle.svg calltree.expect.json icicle
finish
