#!/bin/sh
# report's other views on the calltree workload (60/30/10): --by keys,
# --hotspots with hot lines, annotate (source, and addresses when the
# source is not readable), --callers/--callees, --tree, and --json for
# each, parsed by python3's json module.
. "$top_srcdir/tests/t/lib.sh"
D="$top_srcdir/tests/data/folded"
SRC="$top_srcdir/tests/workloads/calltree.c"
# the line spin_sixty burns its time on
hot=$(grep -n 'SPIN_TENTHS(0, 6);' "$SRC" | cut -d: -f1)

# bad arguments
for bad in "--by nosuch" "--by function,function" "--hotspots --tree" "--threshold 101" \
	"--format xml" "--by thread --tree"; do
	# shellcheck disable=SC2086
	"$CPROF" report $bad -i "$D/calltree.folded" > /dev/null 2> bad.err
	st=$?
	[ "$st" = 64 ] && pass "report $bad: exit 64" || fail "report $bad: exit $st ($(cat bad.err))"
done
"$CPROF" report --callers nosuch -i "$D/calltree.folded" > /dev/null 2> none.err
[ $? = 2 ] && grep -q "no function matches 'nosuch'" none.err && pass "--callers of nothing: error" ||
	fail "--callers nosuch: $(cat none.err)"
# hostile names stay valid JSON
"$CPROF" report --json -n 0 -i "$D/names.folded" | python3 -c 'import json, sys; json.load(sys.stdin)' &&
	pass "names.folded: valid JSON" || fail "names.folded: invalid JSON"

require_perf
"$CPROF" record -q -o c.data -- "$W/calltree" 2 2> /dev/null || fail "record exited $?"

# --by
"$CPROF" report -w 0 --by line c.data > line.out
awk -v l="calltree.c:$hot" '$4 == l { print $1 }' line.out > line.pct
check_within "--by line: calltree.c:$hot" "$(cat line.pct)" 55 65
"$CPROF" report -w 0 --by file c.data | awk '$4 ~ /calltree\.c$/ { print $2 }' > file.pct
check_within "--by file: cum of calltree.c" "$(cat file.pct)" 95 100
"$CPROF" report -w 0 --by dso c.data | awk '$4 == "calltree" { print $1 }' > dso.pct
check_within "--by dso: self in calltree" "$(cat dso.pct)" 95 100
"$CPROF" report -w 0 --by pid c.data | awk '!/^#/ && !/Self%/' > pid.out
[ "$(wc -l < pid.out)" = 1 ] && grep -q ':calltree$' pid.out && pass "--by pid: one process, named" ||
	fail "--by pid: $(cat pid.out)"
"$CPROF" report -w 0 --by comm,function c.data | awk '$4 == "calltree" && $5 == "spin_sixty" { print $1 }' > cf.pct
check_within "--by comm,function: calltree spin_sixty" "$(cat cf.pct)" 55 65

# per-process time of a multi-process recording
"$CPROF" record -q -o f.data -- "$W/forker" 1 2> /dev/null || fail "record forker exited $?"
"$CPROF" report -w 0 --by pid f.data | awk '!/^#/ && !/Self%/' > procs.out
cat procs.out
[ "$(wc -l < procs.out)" = 2 ] && grep -q '^ .*[0-9]:forker-child$' procs.out && grep -q '^ .*[0-9]:forker$' procs.out &&
	pass "--by pid: parent and child, named" || fail "--by pid of forker"
child=$(awk '$4 ~ /:forker-child$/ { print $1 }' procs.out)
check_within "--by pid: the child's share (4 times the parent's CPU)" "${child:-0}" 65 95

# --hotspots
"$CPROF" report --hotspots --threshold 20 c.data > hot.out
cat hot.out
grep -q '^ *[0-9.]*% *[0-9]*  spin_sixty' hot.out && grep -q '^ *[0-9.]*% *[0-9]*  spin_thirty' hot.out &&
	pass "--hotspots --threshold 20: spin_sixty and spin_thirty" || fail "--hotspots: functions missing"
grep -q 'spin_ten' hot.out && fail "--hotspots --threshold 20 lists spin_ten" || pass "spin_ten under the threshold"
grep -q "^ *[0-9.]*% *[0-9]*  calltree\.c:$hot\$" hot.out && pass "--hotspots: hot line calltree.c:$hot" ||
	fail "--hotspots: no line $hot"
"$CPROF" report --hotspots c.data | grep -q 'spin_ten' && pass "--hotspots default 1%: spin_ten" ||
	fail "--hotspots default threshold misses spin_ten"

# annotate: source with samples per line
"$CPROF" annotate spin_sixty c.data > ann.out || fail "annotate exited $?"
"$CPROF" report --annotate spin_sixty c.data | cmp -s - ann.out && pass "report --annotate = annotate" ||
	fail "report --annotate differs"
grep -q '^ROUTINE =* spin_sixty in .*calltree\.c$' ann.out && pass "annotate: routine header" || fail "annotate: no header"
pct=$(awk -v l="$hot" '$5 == l && /SPIN_TENTHS\(0, 6\);/ { sub("%", "", $3); print $3 }' ann.out)
check_within "annotate: self % on line $hot" "${pct:-0}" 55 65
grep -q '^ *\. *\. *\. *\. *[0-9]*  static .*spin_sixty(void)$' ann.out &&
	pass "annotate: cold lines shown with dots" || fail "annotate: no cold source lines"
# no source to read (libc's): hot addresses with their lines instead
"$CPROF" annotate __libc_start_call_main c.data > libc.out || fail "annotate libc exited $?"
grep -q 'source not readable' libc.out && grep -q '^ *[0-9]\+ .* 0x[0-9a-f]\+ ' libc.out &&
	pass "annotate without source: addresses" || fail "annotate without source: $(cat libc.out)"
# --source-path finds a source moved away
mkdir srcdir && cp "$SRC" srcdir/ && "$CPROF" pprof -i c.data -o c.pb.gz
"$CPROF" annotate --source-path "$PWD/srcdir" spin_ten c.pb.gz | grep -q 'SPIN_TENTHS(9, 10);' &&
	pass "annotate a pprof profile" || fail "annotate of the pprof: no source"

# call paths
"$CPROF" report --callers spin_sixty c.data > callers.out
awk '$3 == "drive" { sub("%", "", $2); print $2 }' callers.out > callers.pct
check_within "--callers spin_sixty: drive" "$(cat callers.pct)" 100 100
"$CPROF" report --callees drive c.data > callees.out
cat callees.out
check_within "--callees drive: spin_sixty" "$(awk '$3 == "spin_sixty" { sub("%", "", $2); print $2 }' callees.out)" 55 65
check_within "--callees drive: spin_ten" "$(awk '$3 == "spin_ten" { sub("%", "", $2); print $2 }' callees.out)" 5 15
"$CPROF" report --callers 'spin_(ten|thirty)' c.data | grep -c '^callers of' | grep -qx 2 &&
	pass "--callers REGEX: one block per match" || fail "--callers regex"

# the tree
"$CPROF" report --tree --threshold 5 c.data > tree.out
cat tree.out
drive_ind=$(awk '$3 == "drive" { print index($0, "drive") }' tree.out)
sixty_ind=$(awk '$3 == "spin_sixty" { print index($0, "spin_sixty") }' tree.out)
[ -n "$drive_ind" ] && [ -n "$sixty_ind" ] && [ "$sixty_ind" -eq $((drive_ind + 2)) ] &&
	pass "--tree: spin_sixty under drive" || fail "--tree: indentation $drive_ind / $sixty_ind"
grep -q ' spin_ten$' tree.out && pass "--tree --threshold 5 keeps spin_ten (10%)" || fail "--tree lost spin_ten"
"$CPROF" report --tree --threshold 20 c.data | grep -q 'spin_ten' && fail "--threshold 20 kept spin_ten" ||
	pass "--tree --threshold 20 prunes spin_ten"

# JSON of each view, checked against the text
"$CPROF" report --json -n 0 c.data > r.json
"$CPROF" report --json --hotspots c.data > h.json
"$CPROF" report --json --callees drive c.data > ce.json
"$CPROF" report --json --tree c.data > t.json
"$CPROF" report --json --by thread,line c.data > tl.json
python3 - "$hot" << 'PY' && pass "JSON views agree with the profile" || fail "JSON views"
import json, sys
hot = int(sys.argv[1])
r = json.load(open("r.json"))
assert r["cprof"] == "report" and r["schema_version"] == 1, r
assert r["by"] == ["function"]
assert sum(x["self"] for x in r["rows"]) == r["total"], "self values add up to the total"
top = r["rows"][0]
assert top["function"] == "spin_sixty" and 55 <= top["self_pct"] <= 65, top
h = json.load(open("h.json"))
six = [x for x in h["hotspots"] if x["function"] == "spin_sixty"][0]
assert six["lines"][0]["line"] == hot and six["lines"][0]["file"].endswith("calltree.c"), six
ce = json.load(open("ce.json"))
edges = {e["function"]: e["pct"] for e in ce["callees"][0]["edges"]}
assert 55 <= edges["spin_sixty"] <= 65, edges
t = json.load(open("t.json"))
ids = {n["id"]: n for n in t["tree"]}
assert t["tree"][0]["function"] == "(root)" and t["tree"][0]["parent"] is None
for n in t["tree"][1:]:
    assert n["parent"] in ids and ids[n["parent"]]["cum"] >= n["cum"], n
names = [n["function"] for n in t["tree"]]
assert "spin_sixty" in names and "drive" in names
tl = json.load(open("tl.json"))
row = tl["rows"][0]
assert row["thread"] == "calltree" and row["line"] == hot and isinstance(row["tid"], int), row
PY
finish
