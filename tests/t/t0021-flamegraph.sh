#!/bin/sh
# Flamegraph SVGs: well-formed with any names, the expected structure
# (golden, with the embedded script and style left out), byte-identical
# for the same input, and each option doing what it says.
. "$top_srcdir/tests/t/lib.sh"
D="$top_srcdir/tests/data/folded"

# the frames, without the embedded CSS and JavaScript
structure() {
	sed '/<style/,/<\/style>/d; /<script/,/<\/script>/d' "$1"
}

for f in calltree perf-style names; do
	"$CPROF" flamegraph -i "$D/$f.folded" -o "$f.svg" || fail "flamegraph $f exited $?"
	xmllint --noout "$f.svg" && pass "$f.svg is well-formed XML" || fail "$f.svg is not well-formed"
	structure "$f.svg" > "$f.structure"
	check_golden "flamegraph-$f.svg" "$f.structure"
done
"$CPROF" flamegraph --hash --colors native --inverted --title 'T<1>' --subtitle 'S&2' \
	--width 800 --height 20 --fontsize 10 --fonttype 'DejaVu Sans' --countname ms \
	-i "$D/perf-style.folded" -o opts.svg || fail "flamegraph with options exited $?"
xmllint --noout opts.svg || fail "opts.svg is not well-formed"
structure opts.svg > opts.structure
check_golden "flamegraph-perf-style-options.svg" opts.structure

# same input and options: the same bytes
"$CPROF" flamegraph -i "$D/perf-style.folded" -o again.svg
cmp -s perf-style.svg again.svg && pass "byte-identical" || fail "two runs differ"

# --hash: a function has the same colour in different graphs
fill_of() {
	grep -o "<title>$1 ([^<]*</title><rect [^>]*" "$2" | head -n1 | sed 's/.*fill="\([^"]*\)".*/\1/'
}
"$CPROF" flamegraph --hash -i "$D/calltree.folded" -o h1.svg
"$CPROF" flamegraph --hash -i "$D/perf-style.folded" -o h2.svg
[ -n "$(fill_of main h1.svg)" ] && [ "$(fill_of main h1.svg)" = "$(fill_of main h2.svg)" ] &&
	pass "--hash: main is $(fill_of main h1.svg) in both" || fail "--hash: main differs"
# native palette: kernel frames orange-ish, inlined aqua
grep -q '<title>ksys_write \[kernel\.kallsyms\] (5 ms, ' opts.svg || fail "no ksys_write [kernel.kallsyms] frame"
grep -q '<title>hash \[inlined\] (33 ms, ' opts.svg || fail "no hash [inlined] frame"

# --minwidth: narrow frames go
"$CPROF" flamegraph --minwidth 5% -i "$D/calltree.folded" -o min.svg
grep -q 'spin_ten' min.svg || fail "--minwidth 5% dropped spin_ten (9.6%)"
grep -q '__libc_early_init' min.svg && fail "--minwidth 5% kept a 1-sample frame"
"$CPROF" flamegraph --minwidth 10% -i "$D/calltree.folded" -o min10.svg
grep -q 'spin_ten' min10.svg && fail "--minwidth 10% kept spin_ten (9.6%)"
# --reverse: leaves at the root
"$CPROF" flamegraph --reverse -i "$D/calltree.folded" -o rev.svg
grep -q '<title>spin_sixty (1,200 samples' rev.svg || fail "--reverse lost spin_sixty"

# no samples: an SVG that says so, and an error
printf '# nothing\n\n' > empty.folded
"$CPROF" flamegraph -i empty.folded -o empty.svg 2> err
[ $? -eq 2 ] && pass "empty input fails: $(cat err)" || fail "empty input did not fail"
grep -q 'ERROR: No valid input provided to flamegraph' empty.svg && xmllint --noout empty.svg &&
	pass "empty input: an SVG that says so" || fail "no error SVG for empty input"

# a failure leaves no half-written file behind
"$CPROF" flamegraph -i "$D/calltree.folded" -o keep.svg
cp keep.svg keep.before
"$CPROF" flamegraph -i missing.data -o keep.svg 2> /dev/null
cmp -s keep.svg keep.before && pass "failed run left keep.svg alone" || fail "keep.svg was touched"
ls keep.svg.tmp* > /dev/null 2>&1 && fail "temporary file left behind"

require_perf
"$CPROF" record -q -o ct.data -- "$W/cxx_names" 1 || fail "record exited $?"
"$CPROF" flamegraph -i ct.data -o cxx.svg || fail "flamegraph of a recording exited $?"
xmllint --noout cxx.svg && pass "C++ names: well-formed" || fail "C++ names: not well-formed"
grep -q 'demo::Widget&lt;int&gt;::churn(int)' cxx.svg || fail "C++ template name not escaped as expected"
# a flame chart keeps time order: more frames than the merged graph
"$CPROF" record -q -o ch.data -- "$W/calltree" 0.5 || fail "record exited $?"
"$CPROF" flamegraph --flamechart -i ch.data -o chart.svg || fail "--flamechart exited $?"
"$CPROF" flamegraph -i ch.data -o merged.svg
grep -q '<text id="title"[^>]*>Flame Chart<' chart.svg || fail "flame chart title"
[ "$(grep -c '<g>' chart.svg)" -gt "$(grep -c '<g>' merged.svg)" ] && pass "flame chart unmerged" ||
	fail "flame chart has no more frames than the merged graph"
finish
