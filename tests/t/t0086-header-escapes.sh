#!/bin/sh
# A command line with a newline, a tab and XML's special characters
# (as `cprof record -- python3 -c $'import x\nwhile ...'` gives) stays
# on its line: escaped as \n and \t in the "#" headers of report, its
# views, annotate and diff, and in info (of a recording and of a pprof
# profile); JSON carries it exactly; a flame graph's title is one line
# of well-formed XML.
. "$top_srcdir/tests/t/lib.sh"
command -v python3 > /dev/null 2>&1 || skip_all "python3 is needed to check JSON and XML"
require_perf

script='i=0
while [ $i -lt 300000 ]; do i=$((i+1)); done	# <&> "q"'
escaped='i=0\nwhile [ $i -lt 300000 ]; do i=$((i+1)); done\t# <&> "q"'
"$CPROF" record -q -o ml.data -- sh -c "$script" 2> rec.err || fail "record exited $?: $(cat rec.err)"
"$CPROF" pprof -i ml.data -o ml.pb.gz || fail "pprof exited $?"

# header_ok NAME FILE: the "#" lines at the top of FILE hold the command,
# escaped, and end with the lone "#" that closes the header
header_ok() {
	awk '!/^#/ { exit } { print }' "$2" > head.out
	grep -qx '#' head.out || fail "$1: the header is cut short: $(head -5 "$2")"
	grep -qF -- "${3:-sh -c $escaped}" head.out ||
		fail "$1: the command is not escaped: $(head -5 "$2")"
}
for view in "" "--by pid" "--hotspots" "--tree" "--callers main"; do
	# shellcheck disable=SC2086
	"$CPROF" report -i ml.data $view > "report.out" 2> report.err ||
		{ fail "report $view exited $?: $(cat report.err)"; continue; }
	header_ok "report $view" report.out
done
"$CPROF" report -i ml.pb.gz > pb.out || fail "report of the pprof profile exited $?"
# pprof's reader makes strings printable its own way: the command is one line
header_ok "report of the pprof profile" pb.out 'sh -c i=0'
"$CPROF" diff ml.data ml.pb.gz > diff.out || fail "diff exited $?"
header_ok diff diff.out
fn=$(report_rows -i ml.data | awk '{ print $4; exit }')
if "$CPROF" annotate -i ml.data "$fn" > ann.out 2> ann.err; then
	header_ok annotate ann.out
else
	fail "annotate $fn exited $?: $(cat ann.err)"
fi
[ "$failures" -eq 0 ] && pass "the command escaped in every # header"

"$CPROF" info ml.data > info.out || fail "info exited $?"
grep -qxF -- "command              sh -c $escaped" info.out &&
	sed -n 3p info.out | grep -q '^host ' && pass "info: the command on one line" ||
	fail "info: $(head -4 info.out)"
"$CPROF" info ml.pb.gz > info-pb.out || fail "info of the pprof profile exited $?"
[ "$(grep -c 'sh -c i=0' info-pb.out)" -eq 1 ] && [ "$(grep -c 'while \[' info-pb.out)" -eq 1 ] ||
	fail "info of the pprof profile: $(grep -A1 command info-pb.out)"

# JSON: the command exactly as run
"$CPROF" report --format json -i ml.data > r.json || fail "report --format json exited $?"
"$CPROF" info --format json ml.data > i.json || fail "info --format json exited $?"
for f in r.json i.json; do
	python3 - "$f" "sh -c $script" << 'EOP' || fail "$f: the command is not carried exactly"
import json, sys
doc = json.load(open(sys.argv[1]))
cmd = doc.get("command") or doc.get("metadata", {}).get("command")
sys.exit(0 if cmd == sys.argv[2] else 1)
EOP
done

# the flame graph's title and subtitle: one line each, XML-escaped
"$CPROF" flamegraph -i ml.data --title "$script" --subtitle "a
b <c>" -o ml.svg || fail "flamegraph exited $?"
python3 - ml.svg << 'EOP' && pass "flamegraph: title and subtitle are well-formed XML, one line each" ||
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
texts = {t.get("id"): "".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
title, sub = texts.get("title", ""), texts.get("subtitle", "")
ok = "<&>" in title and "\n" not in title and "\t" not in title and "<c>" in sub and "\n" not in sub
sys.exit(0 if ok else 1)
EOP
	fail "flamegraph title or subtitle: $(grep -n 'id="title"\|id="subtitle"' ml.svg)"
finish
