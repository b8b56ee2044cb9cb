#!/bin/sh
# Assemble tests/browser/sample.svg from svg/flamegraph.css, svg/flamegraph.js
# and the hand-written frames in sample-frames.xml, following the SVG layout
# cprof's writer emits, so the sample always carries the current CSS and JS.
# Tree: all 100 > main 100 > {spin_sixty 60 > spin_sixty_helper 25,
#       spin_thirty 30 > {tiny 1, a 16-code-point non-ASCII name 10},
#       spin_ten 10 > {"<lambda> & \"quoted\" 'x'" 4, a long C++ name 3}}
# usage: make-sample.sh [--inverted] [OUT.svg]   (default OUT: sample.svg beside
# this script; --inverted writes the icicle version, root at the top)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
svgdir="$here/../../svg"
inverted=false
if [ "${1:-}" = "--inverted" ]; then inverted=true; shift; fi
out="${1:-$here/sample.svg}"
title="Flame Graph"; [ "$inverted" = false ] || title="Icicle Graph"
H=134
# Frame rows: depth d has rect y = 84 - 16d (root at the bottom); inverted,
# y = 36 + 16d = 120 - y. Labels sit at y + 10.5 (the only non-integer y's).
frames() {
	if [ "$inverted" = true ]; then
		awk '{ out = ""; s = $0
		       while (match(s, / y="[0-9.]+"/)) {
		           v = substr(s, RSTART + 4, RLENGTH - 5) + 0
		           nv = (v == int(v)) ? 120 - v : 141 - v
		           out = out substr(s, 1, RSTART - 1) sprintf(" y=\"%g\"", nv)
		           s = substr(s, RSTART + RLENGTH) }
		       print out s }' "$here/sample-frames.xml"
	else
		cat "$here/sample-frames.xml"
	fi
}
if grep -q ']]>' "$svgdir/flamegraph.js"; then
	echo "make-sample.sh: flamegraph.js contains the CDATA terminator" >&2; exit 1
fi
if grep -q '[<&]' "$svgdir/flamegraph.css"; then
	echo "make-sample.sh: flamegraph.css contains < or & (not allowed in <style>)" >&2; exit 1
fi
{
cat <<HEAD
<?xml version="1.0" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" width="1200" height="$H" onload="init(evt)" viewBox="0 0 1200 $H" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:fg="http://cprof.dev/flamegraph">
<!-- Flame graph by cprof (hand-written test sample, see tests/browser/make-sample.sh) -->
<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0"><stop stop-color="#eeeeee" offset="5%"/><stop stop-color="#eeeeb0" offset="95%"/></linearGradient></defs>
<style type="text/css">
HEAD
cat "$svgdir/flamegraph.css"
cat <<MID
</style>
<script type="text/ecmascript"><![CDATA[
var fg_config = { fontsize: 12, fontwidth: 0.59, xpad: 10, inverted: $inverted, searchcolor: "#e600e6",
                  countname: "samples", nametype: "Function:", flamechart: false };
MID
cat "$svgdir/flamegraph.js"
cat <<TAIL
]]></script>
<rect x="0" y="0" width="100%" height="$H" fill="url(#background)"/>
<text id="title" x="50%" y="24">$title</text>
<text id="details" x="10" y="$((H - 17))"> </text>
<text id="unzoom" class="hide" x="10" y="24">Reset Zoom</text>
<text id="search" x="1190" y="24">Search</text>
<text id="ignorecase" x="1174" y="24">ic</text>
<text id="matched" x="1190" y="$((H - 17))"> </text>
<svg id="frames" x="10" width="1180" total_samples="100">
TAIL
frames
printf '</svg>\n</svg>\n'
} > "$out.tmp"
mv "$out.tmp" "$out"
if command -v xmllint >/dev/null 2>&1; then xmllint --noout "$out"; fi
